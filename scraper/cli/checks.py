"""Checks of a command's arguments and output paths, made before any work starts.

Each check returns None when the value is usable, else the one line to print (without the
`songlists:` prefix); the command then exits with its "bad arguments" status
(docs/exit-codes.md) having done nothing: no fetch, no half-written file, no traceback.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import NoReturn


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def writable_dir(path: Path, what: str) -> str | None:
    """`path` is (or can be made) a directory this process can write files in, with room for
    them: a probe file is written, fsynced and removed."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return f"{what} {path}: not a directory"
    except OSError as exc:
        return f"{what} {path}: cannot create it: {_reason(exc)}"
    if not path.is_dir():
        return f"{what} {path}: not a directory"
    probe = path / f".songlists-probe-{os.getpid()}"
    try:
        with open(probe, "wb") as fh:
            fh.write(b"songlists write probe\n" * 16)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        return f"{what} {path}: cannot write there: {_reason(exc)}"
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
    return None


def writable_file(path: Path, what: str) -> str | None:
    """`path` can be written as a file: not a directory, in a directory that exists and takes
    files."""
    if path.is_dir():
        return f"{what} {path}: is a directory"
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"{what} {path}: no such directory {parent}"
    problem = writable_dir(parent, what)
    if problem is not None:
        return f"{what} {path}: cannot write there: {problem.rsplit(': ', 1)[-1]}"
    return None


def readable_text_file(path: Path, what: str) -> str | None:
    """`path` is an existing UTF-8 text file."""
    if not path.exists():
        return f"{what} {path}: no such file"
    if path.is_dir():
        return f"{what} {path}: is a directory"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"{what} {path}: cannot read it: {_reason(exc)}"
    if b"\x00" in data:
        return f"{what} {path}: a binary file, not a text file"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return f"{what} {path}: not UTF-8 text"
    return None


# Commands whose status 2 means "finished but unhealthy": their bad arguments exit 1.
_RUN_COMMANDS = ("crawl", "merge")


class OneLineParser(argparse.ArgumentParser):
    """argparse, with an error as one line (`PROG: error: MESSAGE (see --help)`) instead of the
    usage text, and the exit status of bad arguments of that command (docs/exit-codes.md)."""

    def error(self, message: str) -> NoReturn:
        code = 1 if self.prog.split()[-1] in _RUN_COMMANDS else 2
        self.exit(code, f"{self.prog}: error: {message} (see {self.prog} --help)\n")
