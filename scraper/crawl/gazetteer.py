"""The artist gazetteer: names learned from confident splits, persisted between runs.

One name a line, UTF-8. The parsers take the names as a plain iterable (they do no I/O); this
module reads and grows the file. The repo seeds it from the fixtures' labels
(scraper/data/artists_seed.txt, shipped in the package so that Scrapyd eggs carry it too); a
crawl adds the names its confident splits found.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from scraper.paths import PACKAGE, REPO

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

SEED = PACKAGE / "data" / "artists_seed.txt"
LEARNED = REPO / "output" / "gazetteer.txt"
DEFAULT_PATHS_TEXT = "scraper/data/artists_seed.txt + output/gazetteer.txt"


def load(path: str | os.PathLike[str] | None = None) -> list[str]:
    """Names from `path`, or from the seed and the learned file when no path is given."""
    paths = [Path(path)] if path else [SEED, LEARNED]
    if path is not None and not Path(path).exists() and Path(path) != LEARNED:
        return []
    names: list[str] = []
    seen: set[str] = set()
    for p in paths:
        if not p.is_file():
            continue
        for line in p.read_text(encoding="utf-8").splitlines():
            name = line.strip()
            if name and not name.startswith("#") and name not in seen:
                seen.add(name)
                names.append(name)
    return names


# Splits decided by this evidence, this surely, teach the gazetteer a name.
LEARN_METHODS = frozenset({"markup", "video_title", "description"})
LEARN_CONFIDENCE = 0.8


def learnable_artist(record: dict[str, object]) -> str | None:
    """The artist a record's split proves well enough to be remembered, else None."""
    artist = record.get("artist")
    split = record.get("split")
    if not isinstance(artist, str) or not artist or not isinstance(split, dict):
        return None
    if (
        split.get("method") in LEARN_METHODS
        and float(split.get("confidence") or 0) >= LEARN_CONFIDENCE
    ):
        return artist
    return None


def crawl_path(settings: BaseSettings) -> Path:
    """Where a crawl keeps its learned names: SONGLISTS_GAZETTEER, else
    <SONGLISTS_OUTPUT_DIR>/gazetteer.txt."""
    setting = settings.get("SONGLISTS_GAZETTEER")
    if setting:
        return Path(setting)
    return Path(settings.get("SONGLISTS_OUTPUT_DIR")) / "gazetteer.txt"


def load_for_crawl(path: Path) -> tuple[str, ...]:
    """The seed names and the names this crawl's earlier runs learned."""
    names = load(None) if path == LEARNED else [*load(SEED), *load(path)]
    return tuple(dict.fromkeys(names))


def add(names: Iterable[str], path: Path = LEARNED) -> int:
    """Add names to a learned file; returns how many were new.

    Read, merge and replace happen under an exclusive lock on a side file, so workers finishing
    at the same moment do not overwrite each other's names; the replace is atomic.
    """
    wanted = {n.strip() for n in names if n and n.strip()}
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        existing = set(load(path)) if path.is_file() else set()
        new = wanted - existing
        if not new:
            return 0
        from scraper.run.files import atomic_write_text  # fsynced file and directory

        atomic_write_text(path, "\n".join(sorted(existing | new)) + "\n")
        return len(new)
