"""An advisory lock file so that two runs never write the same output directory at once.

`fcntl.flock` locks vanish with the process, so a crashed (even kill -9) run never leaves a
stale lock behind. Within one process the lock is re-entrant: the CLI takes it before the crawl
starts and the run manager inside the crawl finds it already held.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from scraper.errors import RunLocked

_HELD: dict[str, IO[str]] = {}


def acquire(path: Path) -> None:
    key = str(path.resolve())
    if key in _HELD:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the process lifetime
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.seek(0)
        holder = fh.read().strip()
        fh.close()
        raise RunLocked(f"{path} is locked by another run ({holder or 'unknown pid'})") from None
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()}\n")
    fh.flush()
    _HELD[key] = fh


def release(path: Path) -> None:
    fh = _HELD.pop(str(path.resolve()), None)
    if fh is not None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()
