"""Incremental extraction: reuse a page's records when neither its body nor the parser changed.

The HTTP cache (RFC 2616 policy) makes an unchanged page cost a 304; this store makes it cost
no parsing either. Entries are keyed by URL and hold the body's SHA-1 and the parser's
fingerprint (a hash of the `parsers` package source and data), so any change to either
re-extracts. One small JSON file per URL, written in place (see `put`), read and written by the
extraction worker (scraper.crawl.extract.read_article).

An entry holds the parse's result as `extract_article` gives it: records, warnings, the page's
pagination and related-article hrefs (the links a spider follows are chosen from them on each
run). An entry of another FORMAT (one that held the links chosen by an earlier run) is a miss.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import parsers

FORMAT = 2  # 1 held the followed links; 2 the parse's hrefs and the malformed note


@cache
def parser_fingerprint() -> str:
    root = Path(parsers.__file__).parent
    h = hashlib.sha1()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".json", ".txt") and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def body_hash(body: bytes) -> str:
    return hashlib.sha1(body).hexdigest()


class ExtractCache:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.fingerprint = parser_fingerprint()
        self._dirs: set[Path] = set()

    def _path(self, url: str) -> Path:
        h = hashlib.sha1(url.encode("utf-8")).hexdigest()
        return self.dir / h[:2] / f"{h}.json"

    def get(self, url: str, digest: str) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads(self._path(url).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (
            data.get("format") != FORMAT
            or data.get("body_sha1") != digest
            or data.get("parser") != self.fingerprint
        ):
            return None
        return data

    def put(self, url: str, digest: str, payload: dict[str, Any]) -> None:
        path = self._path(url)
        if path.parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent)
        data = {
            "format": FORMAT,
            "url": url,
            "body_sha1": digest,
            "parser": self.fingerprint,
            **payload,
        }
        try:
            # In place, no rename, no fsync (each file creation or rename costs about 0.8 ms on
            # the disks we measured: docs/performance.md): a cut entry is not valid JSON (an
            # object cut anywhere lacks its closing brace), so it is a miss and parsed again.
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        except OSError:  # a full disk: the page is parsed again next time, nothing is lost
            pass
