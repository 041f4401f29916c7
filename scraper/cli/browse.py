"""`songlists browse RUN`: look through a crawl in Datasette, on 127.0.0.1.

    songlists browse output/ragmusic/latest.jsonl      builds <run-id>.sqlite beside the run
    songlists browse crawl.db                          a database from `export --format sqlite`

A JSONL input is read like every analysis command (linked identity for a run of both
editions) and written with `export --format sqlite` (scraper/analysis/sqlite_export.py).
Datasette (the `browse` extra) serves it read-only with facets on the entries (artist, decade,
tie-in kind, article, split method, confidence band), full-text search on titles and artists,
and a canned query for the review list. Stop it with Ctrl-C.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from scraper.analysis.sqlite_export import REVIEW_FACT_BELOW, REVIEW_LINK_BELOW, REVIEW_SPLIT_BELOW

HOST = "127.0.0.1"
DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")
ENTRY_FACETS: list[Any] = [
    "artist",
    "decade",
    {"array": "tie_in_kinds"},
    "article_title",
    "split_method",
    "confidence_band",
]


def metadata(db_name: str, title: str) -> dict[str, Any]:
    """Datasette metadata: titles, facets, labels and the canned review query."""
    return {
        "title": title,
        "description": "Song entries of a songlists crawl. Field meanings: docs/schema.md; "
        "the tables: docs/analysis.md (export --format sqlite).",
        "databases": {
            db_name: {
                "tables": {
                    "entries": {
                        "description": "One row per song entry (page URL # position). "
                        "Facets: artist, decade of release, tie-in kind, article, split "
                        "method, split confidence band; search: titles and artists in every "
                        "edition.",
                        "facets": ENTRY_FACETS,
                        "label_column": "title",
                        "size": 50,
                    },
                    "songs": {
                        "description": "One row per song (song_id), across articles and "
                        "editions, the songs in the most lists first.",
                        "facets": ["artist", "editions", "lists"],
                        "sort_desc": "lists",
                        "label_column": "title",
                    },
                    "tie_ins": {"facets": ["kind", "by"], "label_column": "name"},
                    "awards": {"facets": ["ceremony", "name"], "label_column": "name"},
                    "entries_fts": {"hidden": True},
                    "songs_fts": {"hidden": True},
                },
                "queries": {
                    "review": {
                        "title": "Entries to review",
                        "description": f"Splits under {REVIEW_SPLIT_BELOW} confidence or "
                        f"decided by the fallback, English entries linked to their original "
                        f"under {REVIEW_LINK_BELOW}, and releases, tie-ins and awards under "
                        f"{REVIEW_FACT_BELOW} (records of schema 1.1): the least sure first.",
                        "sql": "SELECT * FROM to_review",
                    }
                },
            }
        },
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _is_songlists_db(path: Path) -> str | None:
    """None when `path` is a database `export --format sqlite` wrote, else why not."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return f"not an SQLite database ({exc})"
    missing = {"entries", "songs", "to_review"} - tables
    if missing:
        return f"not a songlists database (no {', '.join(sorted(missing))}): make one with " \
            "songlists export RUN.jsonl --format sqlite -o FILE"  # fmt: skip
    return None


def _database(args: argparse.Namespace, err: Any) -> Path | None:
    """The database to serve: the given one, or one built from the JSONL input."""
    from scraper.analysis.sqlite_export import write_sqlite
    from scraper.cli.analysis import _identify, _load
    from scraper.errors import NoFullTextSearch

    src = Path(args.run)
    if src.suffix in DB_SUFFIXES:
        if not src.is_file():
            err(f"{src}: no such file")
            return None
        why = _is_songlists_db(src)
        if why:
            err(f"{src}: {why}")
            return None
        return src
    runs = _load([args.run])
    if runs is None:
        return None
    _identify(runs, link=not args.no_link)
    db = Path(args.db) if args.db else src.resolve().with_name(f"{runs[0].run_id}.sqlite")
    try:
        counts = write_sqlite(runs, db)
    except NoFullTextSearch as exc:
        err(str(exc))
        return None
    except OSError as exc:
        err(f"{db}: cannot write: {exc.strerror or exc} (give another place with --db FILE)")
        return None
    print(
        f"browse: wrote {db} ({counts['entries']} entries, {counts['songs']} songs)",
        file=sys.stderr,
    )
    return db


def cmd_browse(args: argparse.Namespace) -> int:
    from scraper.cli.analysis import EXIT_INPUT, EXIT_OK, _err

    if importlib.util.find_spec("datasette") is None:
        _err("browse needs Datasette: pip install 'songlists[browse]'")
        return EXIT_INPUT
    if not 0 <= args.port <= 65535:
        _err(f"--port {args.port}: give a port in 0..65535 (0: any free one)")
        return EXIT_INPUT
    db = _database(args, _err)
    if db is None:
        return EXIT_INPUT
    port = args.port or _free_port()
    name = db.stem
    with tempfile.TemporaryDirectory(prefix="songlists-browse-") as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(name, f"songlists: {name}"), ensure_ascii=False))
        cmd = [
            sys.executable, "-m", "datasette", "serve", "-i", str(db),
            "--host", HOST, "--port", str(port), "--metadata", str(meta),
            "--setting", "facet_time_limit_ms", "1000",
            "--setting", "sql_time_limit_ms", "5000",
        ]  # fmt: skip
        if args.open:
            cmd.append("--open")
        proc = subprocess.Popen(cmd)
        base = f"http://{HOST}:{port}"
        try:
            if not _wait_until_up(proc, f"{base}/-/versions.json"):
                _err(f"Datasette did not start on {base} (exit {proc.poll()}): is the port taken?")
                proc.kill()
                proc.wait()
                return EXIT_INPUT
            print(
                f"browse: serving {db} at {base}/{name}\n"
                f"  entries with facets   {base}/{name}/entries\n"
                f"  songs                 {base}/{name}/songs\n"
                f"  entries to review     {base}/{name}/review\n"
                f"  search                {base}/{name}/entries?_search=WORDS\n"
                "  Ctrl-C stops it",
                flush=True,
            )
            proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return EXIT_OK


def _wait_until_up(proc: subprocess.Popen[bytes], url: str, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 - our loopback
                if resp.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def add_browse_parser(subparsers: Any) -> None:
    sb = subparsers.add_parser(
        "browse", help="browse a run in Datasette on 127.0.0.1 (facets, search, review list)"
    )
    sb.add_argument("run", metavar="RUN.jsonl|DB", help="a run's JSONL, or a database from "
                    "export --format sqlite (.db, .sqlite)")  # fmt: skip
    sb.add_argument("--port", type=int, default=8001, help="port (%(default)s; 0: any free one)")
    sb.add_argument(
        "--db", metavar="FILE", help="where to write the database (default: <run-id>.sqlite "
        "beside the run)"
    )  # fmt: skip
    sb.add_argument("--open", action="store_true", help="open it in the web browser")
    sb.add_argument(
        "--no-link",
        action="store_true",
        help="keep the editions apart: do not link English entries to their Japanese originals",
    )
    sb.set_defaults(func=cmd_browse)
