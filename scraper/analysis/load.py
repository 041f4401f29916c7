"""Read songlists JSON Lines robustly, for the analysis commands.

A line that is not JSON, not an object or not a valid record is reported with its file and
line number and skipped; the rest of the file is still read. A file written with another
`schema_version` than this songlists reads stops the command with a message that says what to
do. An input without any record is an error too: there is nothing to analyse.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from parsers.schema import load_schema
from scraper.errors import RunFileError, SchemaVersionError
from scraper.run.files import JsonLine, parse_jsonl, read_run_file

# One record as JSON gives it (parsers.model.Record is the parser's dataclass of it).
RecordDict = dict[str, Any]

RUN_ID_RE = re.compile(r"^\d{8}T\d{6}Z$")


def schema_version() -> str:
    """The record schema version this songlists writes (`"1.2"`)."""
    return readable_versions()[0]


def readable_versions() -> tuple[str, ...]:
    """The versions this songlists reads: the one it writes first, then the older minor
    versions of the same major (`("1.2", "1.1", "1.0")`: 1.1 and 1.2 only added optional fields)."""
    versions: list[str] = load_schema()["properties"]["schema_version"]["enum"]
    return tuple(versions)


LINKED, LINKED_FILE, ON_THE_FLY, ONE_EDITION, EDITIONS_APART = (
    "linked input",
    "linked file",
    "linked on the fly",
    "one edition",
    "editions apart",
)


@dataclass(frozen=True)
class Identity:
    """How the songs of a run were identified."""

    how: str  # one of the constants above
    note: str  # one line for people: what was read or done, and the link figures
    linked: int = 0  # English entries given their Japanese original
    english: int = 0

    @property
    def across_editions(self) -> bool:
        return self.how in (LINKED, LINKED_FILE, ON_THE_FLY)


@dataclass(frozen=True)
class Problem:
    """A line that was skipped, and why."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass
class Run:
    """The records of one JSONL file (one crawl run, or a `songlists parse` output)."""

    path: Path
    run_id: str
    records: list[RecordDict] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # line number of each record
    problems: list[Problem] = field(default_factory=list)
    identity: Identity | None = None  # set by identity.apply_identity

    def summary_path(self) -> Path | None:
        """The crawl summary written next to the run's JSONL, when there is one."""
        real = self.path.resolve()
        stem = real.name.removesuffix(".jsonl").removesuffix(".linked")  # a linked copy too
        candidate = real.with_name(stem + ".summary.json")
        return candidate if candidate.is_file() else None

    def crawl_summary(self) -> dict[str, Any] | None:
        path = self.summary_path()
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None


def run_id_of(path: Path) -> str:
    """`20261124T042114Z` for a crawl file (also its linked copy `<run-id>.linked.jsonl`, and
    through the `latest.jsonl` and `latest.linked.jsonl` links), else the file's stem."""
    for candidate in (path, path.resolve()):
        stem = candidate.name.removesuffix(".jsonl").removesuffix(".linked")
        if RUN_ID_RE.match(stem):
            return stem
    return path.resolve().name.removesuffix(".jsonl")


@cache
def _validator() -> Callable[[RecordDict], str | None]:
    """A function giving the first schema error of a record (None when it is valid)."""
    from jsonschema import Draft202012Validator

    slow = Draft202012Validator(load_schema())
    fast: Callable[[RecordDict], Any] | None = None
    try:
        import fastjsonschema

        fast = fastjsonschema.compile(load_schema())
    except ImportError:  # optional; jsonschema alone gives the same answers, slower
        pass

    def first_error(record: RecordDict) -> str | None:
        if fast is not None:
            try:
                fast(record)
                return None
            except Exception:  # noqa: BLE001 - the slow validator words the reason
                pass
        error = next(iter(sorted(slow.iter_errors(record), key=lambda e: list(e.path))), None)
        if error is None:
            return None
        where = ".".join(str(p) for p in error.absolute_path) or "record"
        return f"{where}: {error.message}"

    return first_error


def _version_message(path: Path, line: int, found: object) -> str:
    want = schema_version()
    if not isinstance(found, str):
        return (
            f"{path}:{line}: schema_version {found!r} is not a version; this songlists reads {want}"
        )

    def key(v: str) -> tuple[int, ...] | None:
        return tuple(int(p) for p in v.split(".")) if re.fullmatch(r"\d+(\.\d+)*", v) else None

    got_key, want_key = key(found), key(want)
    if got_key is not None and want_key is not None and got_key < want_key:
        return (
            f"{path}:{line}: schema_version {found} is older than the {want} this songlists "
            f"reads; rerun the crawl (or `songlists parse`) to rewrite the file, or use the "
            f"songlists release that wrote it (see docs/schema.md)"
        )
    if got_key is not None and want_key is not None:
        return (
            f"{path}:{line}: schema_version {found} is newer than the {want} this songlists "
            f"reads; upgrade songlists (see docs/schema.md)"
        )
    return f"{path}:{line}: unknown schema_version {found!r}; this songlists reads {want}"


def read_run(path: str | Path) -> Run:
    """Read one JSONL file. Raises RunFileError when it cannot be used at all."""
    p = Path(path)
    data = read_run_file(p)
    run = Run(path=p, run_id=run_id_of(p))
    for line in parse_jsonl(data.splitlines(keepends=True)):
        record = _record_of(p, line, run)
        if record is not None:
            run.records.append(record)
            run.lines.append(line.number)
    if not run.records:
        why = "empty file" if not data.strip() else "no readable record"
        raise RunFileError(f"{p}: no records ({why})")
    return run


def _record_of(path: Path, line: JsonLine, run: Run) -> RecordDict | None:
    """The record on a line, None when the line is skipped (its problem added to `run`).
    Raises when the file is no run to read (a rejects file, another schema_version)."""
    if line.error is not None:
        run.problems.append(Problem(str(path), line.number, line.error))
        return None
    record = line.value
    if not isinstance(record, dict):
        run.problems.append(Problem(str(path), line.number, "not a JSON object"))
        return None
    if "schema_version" not in record and {"reason", "record"} <= record.keys():
        raise RunFileError(f"{path}: a rejects file (records the schema refused), not a run")
    version = record.get("schema_version")
    if version is not None and version not in readable_versions():
        raise SchemaVersionError(_version_message(path, line.number, version))
    error = _validator()(record)
    if error is not None:
        run.problems.append(Problem(str(path), line.number, f"invalid record: {error}"))
        return None
    return record


def read_runs(paths: Sequence[str | Path]) -> list[Run]:
    return [read_run(p) for p in paths]
