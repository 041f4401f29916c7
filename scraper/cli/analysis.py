"""Analysis of songlists JSON Lines: `songlists report`, `diff`, `songs`, `export`, `browse`.

See docs/analysis.md. Every command reads its input with `load.read_run`: a bad line is
reported (`FILE:LINE: reason`) and skipped, the rest is used, and the exit status is 1; an
input that cannot be used at all (missing, empty, another schema_version) gives a message and
exit status 2, and nothing is written. Heavy libraries (matplotlib, pyarrow) are imported
inside the commands.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_SKIPPED, EXIT_INPUT = 0, 1, 2


def _err(msg: str) -> None:
    print(f"songlists: {msg}", file=sys.stderr)


def _load(paths: list[str]) -> list[Any] | None:
    """Read the inputs, reporting problems; None when one cannot be used."""
    from scraper.analysis.load import read_runs
    from scraper.errors import RunFileError

    try:
        runs = read_runs(paths)
    except RunFileError as exc:
        _err(str(exc))
        return None
    for run in runs:
        for problem in run.problems:
            _err(f"skipped {problem}")
    return runs


def _identify(runs: list[Any], link: bool) -> None:
    """Linked identity for runs of both editions (scraper.analysis.identity); says what was
    done on stderr, one line per run."""
    from scraper.analysis.identity import apply_identity, unify_english_names

    for run in runs:
        identity = apply_identity(run, link=link)
        where = f" ({run.path})" if len(runs) > 1 else ""
        print(f"songlists: song identity{where}: {identity.note}", file=sys.stderr)
    if any(run.identity is not None and run.identity.across_editions for run in runs):
        n = unify_english_names(runs)
        if n:
            print(
                f"songlists: song identity: {n} unlinked English entries share the names of "
                "linked ones and take their song_id",
                file=sys.stderr,
            )


def _status(runs: list[Any]) -> int:
    return EXIT_SKIPPED if any(run.problems for run in runs) else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:  # the plots; not in the core install
        hint = "pip install 'songlists[analysis]'"
        print(f"songlists report needs the analysis extra: {hint}", file=sys.stderr)
        return EXIT_INPUT
    runs = _load([args.run])
    if runs is None:
        return EXIT_INPUT
    _identify(runs, link=not args.no_link)
    from scraper.analysis.report import write_report

    out = Path(args.output)
    write_report(runs[0], out, review_below=args.review_below)
    songs = len({r["song_id"] for r in runs[0].records})
    print(f"wrote {out} ({len(runs[0].records)} entries, {songs} songs)", file=sys.stderr)
    return _status(runs)


def cmd_diff(args: argparse.Namespace) -> int:
    runs = _load([args.old, args.new])
    if runs is None:
        return EXIT_INPUT
    from scraper.analysis.diff import diff_runs, format_json, format_table

    result = diff_runs(runs[0], runs[1])
    text = format_json(result) if args.json else format_table(result, full=args.all)
    sys.stdout.write(text)
    status = _status(runs)
    if status == EXIT_OK and args.exit_code and result.has_changes:
        return EXIT_SKIPPED
    return status


def cmd_songs(args: argparse.Namespace) -> int:
    runs = _load(args.runs)
    if runs is None:
        return EXIT_INPUT
    _identify(runs, link=not args.no_link)
    from scraper.analysis.songs import build_songs, write_songs

    songs = build_songs(runs)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            write_songs(songs, fh, args.format)
    else:
        write_songs(songs, sys.stdout, args.format)
    print(f"songlists: {len(songs)} songs", file=sys.stderr)
    return _status(runs)


def cmd_export(args: argparse.Namespace) -> int:
    runs = _load(args.runs)
    if runs is None:
        return EXIT_INPUT
    _identify(runs, link=not args.no_link)
    from scraper.analysis.export import export
    from scraper.errors import MissingDependency

    out = Path(args.output)
    if args.format == "sqlite":
        from scraper.analysis.sqlite_export import write_sqlite
        from scraper.errors import NoFullTextSearch

        try:
            counts = write_sqlite(runs, out)
        except NoFullTextSearch as exc:
            _err(str(exc))
            return EXIT_INPUT
        tables = ", ".join(f"{n} {t}" for t, n in counts.items())
        print(f"wrote {out} ({tables}; songlists browse {out})", file=sys.stderr)
        return _status(runs)
    try:
        rows = export(runs, args.table, args.format, out)
    except MissingDependency as exc:
        _err(str(exc))
        return EXIT_INPUT
    songs = len({r["song_id"] for run in runs for r in run.records})
    print(f"wrote {out} ({rows} {args.table} rows, {songs} songs)", file=sys.stderr)
    return _status(runs)


def add_analysis_parsers(subparsers: Any) -> None:
    """Add `report`, `diff`, `songs` and `export` to the `songlists` command (`browse`:
    scraper.cli.browse.add_browse_parser)."""
    _add_report(subparsers)
    _add_diff(subparsers)
    _add_songs(subparsers)
    _add_export(subparsers)


def _add_no_link(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-link",
        action="store_true",
        help="keep the editions apart: do not link English entries to their Japanese originals",
    )


def _add_report(subparsers: Any) -> None:
    from scraper.analysis.report import DEFAULT_REVIEW_BELOW

    sr = subparsers.add_parser(
        "report", help="one self-contained HTML report of a run (counts, coverage, plots)"
    )
    sr.add_argument("run", metavar="RUN.jsonl")
    sr.add_argument("-o", "--output", default="report.html", help="HTML file (%(default)s)")
    sr.add_argument(
        "--review-below",
        type=float,
        default=DEFAULT_REVIEW_BELOW,
        metavar="C",
        help="list splits with confidence under C for review (%(default)s)",
    )
    _add_no_link(sr)
    sr.set_defaults(func=cmd_report)


def _add_diff(subparsers: Any) -> None:
    sd = subparsers.add_parser(
        "diff", help="entries added, removed and changed per article between two runs"
    )
    sd.add_argument("old", metavar="OLD.jsonl")
    sd.add_argument("new", metavar="NEW.jsonl")
    sd.add_argument("--json", action="store_true", help="print the diff as JSON")
    sd.add_argument("--all", action="store_true", help="also list articles without changes")
    sd.add_argument(
        "--exit-code", action="store_true", help="exit 1 when the runs differ (like git diff)"
    )
    sd.set_defaults(func=cmd_diff)


def _add_songs(subparsers: Any) -> None:
    ss = subparsers.add_parser(
        "songs", help="one row per song_id with every appearance, across articles and runs"
    )
    ss.add_argument("runs", nargs="+", metavar="RUN.jsonl")
    ss.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    ss.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    _add_no_link(ss)
    ss.set_defaults(func=cmd_songs)


def _add_export(subparsers: Any) -> None:
    se = subparsers.add_parser(
        "export", help="flat tables (Parquet or CSV) for BI tools, or one SQLite database"
    )
    se.add_argument("runs", nargs="+", metavar="RUN.jsonl")
    se.add_argument(
        "--format",
        choices=("parquet", "csv", "sqlite"),
        required=True,
        help="sqlite: every table in one database, with full-text search (--table is ignored)",
    )
    se.add_argument("-o", "--output", required=True, metavar="FILE")
    se.add_argument(
        "--table",
        choices=("entries", "tie_ins", "awards", "video_titles"),
        default="entries",
        help="which table (%(default)s); join the others to entries on run_id + entry_id",
    )
    _add_no_link(se)
    se.set_defaults(func=cmd_export)
