"""Durable file writes: one helper for every file the crawl publishes or depends on.

`atomic_path` (and `atomic_open`, `atomic_write_bytes`, `atomic_write_text` on it) write to a
temporary file in the same directory (named `.NAME.tmp-PID`), fsync it, rename it over the
target and fsync the directory, so that a reader sees the old file or the new one, never half of
one, and a power cut after the call returns loses neither. Every file the project writes goes
through it, caches too (`durable=False`: no fsync, their entries are checked on reading). `clean_temp_files` removes what a process killed in the middle of such
a write left behind (temporary files of processes that no longer run).

`read_jsonl_lines` is the one JSON Lines reader: each reader of a run file, a ledger or a
rejects file applies its own policy (stop, skip, report) to the lines it yields.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from scraper.errors import RunFileError

_TMP = re.compile(r"^\..+\.tmp-(\d+)$")


def temp_name(path: Path) -> Path:
    """The temporary file a write of `path` by this process goes through."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable (a no-op where it cannot be done)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: Path, *, durable: bool = True) -> Iterator[Path]:
    """A temporary path beside `path` for a writer of any kind (SQLite, pyarrow, a CSV
    writer) to fill: renamed over `path` when the block ends, removed on any error. With
    `durable`, the file and the rename are fsynced (a power cut keeps the new file); caches
    whose entries are checked on reading pass False and skip the cost."""
    tmp = temp_name(path)
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        if durable:
            _fsync_path(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(path.parent)


@contextmanager
def atomic_open(path: Path, mode: str = "w") -> Iterator[IO[str]]:
    """Write `path` through a temporary file: renamed into place (durably) on success,
    removed on any error, so the target is never seen half-written."""
    with atomic_path(path) as tmp, open(tmp, mode, encoding="utf-8") as fh:
        yield fh


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    with atomic_path(path, durable=durable) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: Path, text: str, *, durable: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


def atomic_symlink(target_name: str, link: Path) -> None:
    tmp = temp_name(link)
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target_name, tmp)
    os.replace(tmp, link)
    fsync_dir(link.parent)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_temp_files(directory: Path) -> list[Path]:
    """Remove `.NAME.tmp-PID` files in `directory` whose writer is no longer running (a kill
    during a write); returns what was removed. Files of live processes are left alone."""
    removed: list[Path] = []
    try:
        entries = list(directory.iterdir())
    except OSError:
        return removed
    for p in entries:
        m = _TMP.match(p.name)
        if m is None or _pid_alive(int(m.group(1))):
            continue
        try:
            p.unlink()
        except OSError:
            continue
        removed.append(p)
    return removed


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line of a JSON Lines file."""

    number: int  # 1-based line number in the file
    value: Any  # the parsed JSON value; None when `error` is set
    error: str | None  # "not UTF-8" or "not JSON (reason)"
    complete: bool  # ended with a line break (False: the last line, cut short by a crash)


def parse_jsonl(lines: Iterable[bytes]) -> Iterator[JsonLine]:
    """The non-blank lines of JSON Lines (bytes, each with its line break if it had one)."""
    for number, raw in enumerate(lines, start=1):
        complete = raw.endswith((b"\n", b"\r"))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield JsonLine(number, None, "not UTF-8", complete)
            continue
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except ValueError as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            yield JsonLine(number, None, f"not JSON ({reason})", complete)
            continue
        yield JsonLine(number, value, None, complete)


def read_run_file(path: Path, error: type[RunFileError] = RunFileError) -> bytes:
    """The bytes of a run file a user named; `error`, with one line naming the file, when it
    is a directory, missing or unreadable."""
    if path.is_dir():
        raise error(f"{path}: is a directory (give a .jsonl file)")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_jsonl_lines(path: Path) -> Iterator[JsonLine]:
    """The non-blank lines of a JSON Lines file, read as it goes (OSError if it cannot be
    opened)."""
    with open(path, "rb") as fh:
        yield from parse_jsonl(fh)
