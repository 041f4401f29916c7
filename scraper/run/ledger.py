"""The run's page ledger: append-only JSON Lines, one line per finished page (its records,
rejects, links and outcome), with an in-memory index of offsets (records stay on disk).

A line cut by a crash is dropped when the ledger is opened (the page is fetched again); appends
are unbuffered and fsynced at most every `fsync_interval` seconds.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scraper.crawl.items import PageItem


@dataclass
class _Entry:
    offset: int
    length: int
    sort_key: tuple[str, str, int]


@dataclass
class Ledger:
    """Append-only page ledger with an in-memory index of offsets (records stay on disk)."""

    path: Path
    index: dict[str, _Entry] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # redirect target -> key
    fsync_interval: float = 1.0  # seconds between fsyncs of the ledger while pages come in

    def __post_init__(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        good = 0
        if self.path.exists():
            with open(self.path, "rb") as fh:
                offset = 0
                for raw in fh:
                    if not raw.endswith(b"\n"):
                        break  # a line cut by a crash: drop it, the page is fetched again
                    try:
                        data = json.loads(raw)
                    except ValueError:
                        break
                    key = data["key"]
                    if key not in self.index:
                        sk = data.get("sort_key") or ["", "", 0]
                        self.index[key] = _Entry(offset, len(raw), (sk[0], sk[1], int(sk[2])))
                        if data.get("alias"):
                            self.aliases.setdefault(data["alias"], key)
                    offset += len(raw)
                    good = offset
            with open(self.path, "r+b") as fh:
                fh.truncate(good)
        # unbuffered: a failed write (a full disk) leaves nothing pending to land later
        self._fh = open(self.path, "ab", buffering=0)  # noqa: SIM115 - closed in close()
        self._synced = time.monotonic()
        self._reader = open(self.path, "rb")  # noqa: SIM115

    def __contains__(self, key: str) -> bool:
        return key in self.index or key in self.aliases

    def __len__(self) -> int:
        return len(self.index)

    def append(self, item: PageItem) -> bool:
        """Record a finished page; False (and nothing written) when the page is already there."""
        if item.key in self:
            return False
        raw = (json.dumps(item.ledger_dict(), ensure_ascii=False) + "\n").encode("utf-8")
        offset = self._fh.tell()
        view, written = memoryview(raw), 0
        try:
            while written < len(raw):
                written += self._fh.write(view[written:]) or 0
        except OSError:
            try:
                os.truncate(self.path, offset)  # no cut line is left behind
            except OSError:
                pass
            raise
        if time.monotonic() - self._synced >= self.fsync_interval:
            self.sync()  # a power cut loses at most this interval's pages (refetched)
        self.index[item.key] = _Entry(offset, len(raw), item.sort_key)
        if item.alias:
            self.aliases.setdefault(item.alias, item.key)
        return True

    def read(self, key: str) -> dict[str, Any]:
        entry = self.index[key] if key in self.index else self.index[self.aliases[key]]
        self._reader.seek(entry.offset)
        data: dict[str, Any] = json.loads(self._reader.read(entry.length))
        return data

    def links(self, key: str) -> list[str]:
        return list(self.read(key).get("links") or [])

    def pages(self) -> Iterator[dict[str, Any]]:
        """All pages, in the stable output order (lang, slug, page number, then key)."""
        for key in sorted(self.index, key=lambda k: (self.index[k].sort_key, k)):
            yield self.read(key)

    def sync(self) -> None:
        os.fsync(self._fh.fileno())
        self._synced = time.monotonic()

    def close(self) -> None:
        self._fh.close()
        self._reader.close()
