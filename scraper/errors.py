"""Every error the scraper package raises on purpose, under one base.

Library code raises these; only the command line (scraper/cli/) turns them into exit codes
(docs/exit-codes.md).
"""

from __future__ import annotations

__all__ = [
    "JobDirInUse",
    "LinkInputError",
    "MergeError",
    "MissingDependency",
    "NoFullTextSearch",
    "RunFileError",
    "RunFinished",
    "RunLocked",
    "RunStateLost",
    "SchemaVersionError",
    "SonglistsError",
]


class SonglistsError(Exception):
    """Base of the scraper package's errors; the message is one line for people."""


# --------------------------------------------------------------------------- runs


class RunLocked(SonglistsError):
    """Another process holds the lock of this output directory."""


class JobDirInUse(SonglistsError):
    """The job directory holds an unfinished run of another output directory."""


class RunFinished(SonglistsError):
    """The distributed run named has already finished: nothing to do for a new worker."""


class RunStateLost(SonglistsError):
    """The run's state is gone from Redis (a restart without persistence, a flush): what the
    frontier held is unknown, so the run can no longer be finished by the workers."""


class MergeError(SonglistsError):
    """The parts of a distributed run cannot be merged (none found, run not finished, ...)."""


# --------------------------------------------------------------------------- run files


class RunFileError(SonglistsError):
    """A run file the command cannot work with at all (missing, empty, other schema version)."""


class SchemaVersionError(RunFileError):
    """A run file written under another major schema version."""


class LinkInputError(RunFileError):
    """A file that cannot be linked; the message is one line naming the file."""


class MissingDependency(SonglistsError):
    """An optional library the command needs is not installed (the message says how)."""


class NoFullTextSearch(SonglistsError):
    """This Python's SQLite has no FTS5."""
