"""`songlists export RUN.jsonl... --format sqlite -o crawl.db`: one browsable database.

Every table of the flat export in one SQLite file, with declared column types, keys and
indexes, the songs view as a table, and FTS5 full-text search on titles and artists; what
`songlists browse` opens in Datasette (scraper/cli/browse.py), and what any SQLite client
reads. Tables (docs/analysis.md):

    songs          one row per song (`songlists songs`); names, editions, articles as JSON
    entries        one row per record (the CSV/Parquet columns, plus id, decade,
                   confidence_band; tie_in_kinds as a JSON array); song_id -> songs
    tie_ins        one row per tie-in, entry -> entries.id
    awards         one row per award, entry -> entries.id
    video_titles   one row per embedded video title, entry -> entries.id
    entries_fts    FTS5 over entries: title, artist, original_title, original_artist
    songs_fts      FTS5 over songs: title, artist, other_names (the other editions' names)
    to_review      a view: the entries to check (unsure splits, weak links, doubtful facts)

The file is written beside its final name and moved into place, so a reader never sees half a
database.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

from scraper.errors import NoFullTextSearch
from scraper.run.files import atomic_path

from .export import COLUMNS, table_rows
from .load import Run
from .songs import build_songs

SQL_TYPES = {"string": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER"}

# Split confidence bands, as the report's review threshold reads them.
BANDS = ((0.5, "low (< 0.5)"), (0.8, "medium (0.5-0.8)"), (1.01, "high (>= 0.8)"))

# What the review list holds: splits under this confidence or decided by the fallback, English
# entries linked to their original with little confidence, and (schema 1.1 records) a
# release, tie-in or award the parser was unsure of.
REVIEW_SPLIT_BELOW = 0.5
REVIEW_LINK_BELOW = 0.8
REVIEW_FACT_BELOW = 0.5

REVIEW_SQL = f"""
SELECT e.id, e.split_confidence, e.split_method, e.heading_raw, e.title, e.artist,
       e.original_title, e.original_artist, e.original_confidence,
       e.release, e.release_confidence,
       (SELECT group_concat(t.kind || ': ' || coalesce(t.name, t.text), '; ') FROM tie_ins t
        WHERE t.entry = e.id AND t.confidence < {REVIEW_FACT_BELOW}) AS doubtful_tie_ins,
       (SELECT group_concat(coalesce(a.name, a.text), '; ') FROM awards a
        WHERE a.entry = e.id AND a.confidence < {REVIEW_FACT_BELOW}) AS doubtful_awards,
       trim(
         CASE WHEN e.split_method = 'fallback' THEN 'split: fallback; '
              WHEN e.split_confidence < {REVIEW_SPLIT_BELOW} THEN 'split: low confidence; '
              ELSE '' END
         || CASE WHEN e.original_confidence < {REVIEW_LINK_BELOW}
                 THEN 'link: low confidence; ' ELSE '' END
         || CASE WHEN e.release_confidence < {REVIEW_FACT_BELOW}
                 THEN 'release: doubtful; ' ELSE '' END
         || CASE WHEN EXISTS (SELECT 1 FROM tie_ins t WHERE t.entry = e.id
                              AND t.confidence < {REVIEW_FACT_BELOW})
                 THEN 'tie-in: doubtful; ' ELSE '' END
         || CASE WHEN EXISTS (SELECT 1 FROM awards a WHERE a.entry = e.id
                              AND a.confidence < {REVIEW_FACT_BELOW})
                 THEN 'award: doubtful; ' ELSE '' END,
         '; ') AS why,
       e.article_title, e.entry_id
FROM entries e
WHERE e.split_confidence < {REVIEW_SPLIT_BELOW} OR e.split_method = 'fallback'
   OR e.original_confidence < {REVIEW_LINK_BELOW}
   OR e.release_confidence < {REVIEW_FACT_BELOW}
   OR EXISTS (SELECT 1 FROM tie_ins t WHERE t.entry = e.id AND t.confidence < {REVIEW_FACT_BELOW})
   OR EXISTS (SELECT 1 FROM awards a WHERE a.entry = e.id AND a.confidence < {REVIEW_FACT_BELOW})
ORDER BY min(e.split_confidence, coalesce(e.original_confidence, 1),
             coalesce(e.release_confidence, 1)), e.entry_id
"""


SONG_COLUMNS = {
    "song_id": "TEXT PRIMARY KEY",
    "title": "TEXT",
    "artist": "TEXT",
    "other_names": "TEXT",
    "release": "TEXT",
    "releases": "TEXT",
    "lists": "INTEGER",
    "editions": "TEXT",
    "appearance_count": "INTEGER",
    "runs": "TEXT",
    "names": "TEXT",
    "articles": "TEXT",
}


def band(confidence: float | None) -> str | None:
    if confidence is None:
        return None
    return next(name for top, name in BANDS if confidence < top)


def _entry_rows(runs: list[Run]) -> list[dict[str, Any]]:
    rows = table_rows(runs, "entries")
    flat = [r for run in runs for r in run.records]
    for n, (row, record) in enumerate(zip(rows, flat, strict=True), start=1):
        row["id"] = n
        year = row.get("release_year")
        row["decade"] = year // 10 * 10 if isinstance(year, int) else None
        row["confidence_band"] = band(row.get("split_confidence"))
        kinds: list[str] = []
        for t in record.get("tie_ins") or []:
            if t.get("kind") and t["kind"] not in kinds:
                kinds.append(t["kind"])
        row["tie_in_kinds"] = json.dumps(kinds)
    return rows


def _create(con: sqlite3.Connection, name: str, columns: dict[str, str], extra: str = "") -> None:
    cols = ", ".join(f'"{c}" {t}' for c, t in columns.items())
    con.execute(f'CREATE TABLE "{name}" ({cols}{extra})')


def _insert(
    con: sqlite3.Connection, name: str, columns: list[str], rows: list[dict[str, Any]]
) -> None:
    marks = ", ".join("?" for _ in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    con.executemany(
        f'INSERT INTO "{name}" ({names}) VALUES ({marks})',
        ([_value(row.get(c)) for c in columns] for row in rows),
    )


def _value(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return v


def _unique(runs: list[Run]) -> list[Run]:
    """The runs with each (run, entry) once: the same file given twice, or a run and the
    `latest.jsonl` link to it, add nothing."""
    seen: set[tuple[str, str]] = set()
    out = []
    for run in runs:
        records = []
        for r in run.records:
            key = (run.run_id, str(r.get("entry_id")))
            if key not in seen:
                seen.add(key)
                records.append(r)
        out.append(replace(run, records=records))
    return out


def write_sqlite(runs: list[Run], out: Path) -> dict[str, int]:
    """Write the database; returns the number of rows per table."""
    try:
        with atomic_path(out) as tmp:
            con = sqlite3.connect(tmp)
            try:
                counts = _fill(con, _unique(runs))
                con.commit()
            finally:
                con.close()
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc):
            raise NoFullTextSearch(
                f"this Python's SQLite ({sqlite3.sqlite_version}) has no FTS5 full-text search; "
                "use a Python built with a newer SQLite, or --format parquet/csv"
            ) from None
        raise
    return counts


def _fill(con: sqlite3.Connection, runs: list[Run]) -> dict[str, int]:
    con.execute("PRAGMA foreign_keys = ON")
    counts = {"songs": _write_songs(con, runs)}
    ids = _write_entries(con, runs)
    counts["entries"] = len(ids)
    for table in FACT_TABLES:
        counts[table] = _write_facts(con, runs, table, ids)
    for table, column in INDEXES:
        con.execute(f'CREATE INDEX "{table}_{column}" ON "{table}" ("{column}")')
    _create_search(con)
    con.execute(f"CREATE VIEW to_review AS {REVIEW_SQL}")
    return counts


def song_rows(runs: list[Run]) -> list[dict[str, Any]]:
    """The `songs` rows: `songlists songs`, lists joined with `;`, and the other editions'
    names in `other_names`."""
    rows = []
    for s in build_songs(runs):
        main = (s["title"], s["artist"])
        others = sorted(
            {
                " / ".join(x for x in (n["title"], n["artist"]) if x)
                for n in s["names"].values()
                if (n["title"], n["artist"]) != main
            }
        )
        rows.append(
            {
                **s,
                "other_names": "; ".join(others) or None,
                "releases": ";".join(s["releases"]),
                "editions": ";".join(s["editions"]),
                "runs": ";".join(s["runs"]),
            }
        )
    return rows


def _write_songs(con: sqlite3.Connection, runs: list[Run]) -> int:
    rows = song_rows(runs)
    _create(con, "songs", SONG_COLUMNS)
    _insert(con, "songs", list(SONG_COLUMNS), rows)
    return len(rows)


def entry_columns() -> dict[str, str]:
    """The `entries` columns and their SQL types: the export's, with `id`, `decade` and
    `confidence_band`, and song_id a key of `songs`."""
    columns: dict[str, str] = {"id": "INTEGER PRIMARY KEY"}
    for name, kind in COLUMNS["entries"].items():
        columns[name] = SQL_TYPES[kind]
        if name == "song_id":
            columns[name] = "TEXT NOT NULL REFERENCES songs(song_id)"
        if name == "release_year":
            columns["decade"] = "INTEGER"
        if name == "split_confidence":
            columns["confidence_band"] = "TEXT"
    columns["tie_in_kinds"] = "TEXT"  # a JSON array here (Datasette's array facet)
    return columns


def _write_entries(con: sqlite3.Connection, runs: list[Run]) -> dict[tuple[str, str], int]:
    """Write `entries`; returns the id of each (run_id, entry_id)."""
    columns = entry_columns()
    _create(con, "entries", columns, ", UNIQUE (run_id, entry_id)")
    entries = _entry_rows(runs)
    _insert(con, "entries", list(columns), entries)
    return {(e["run_id"], e["entry_id"]): e["id"] for e in entries}


FACT_TABLES = ("tie_ins", "awards", "video_titles")


def _write_facts(
    con: sqlite3.Connection, runs: list[Run], table: str, ids: dict[tuple[str, str], int]
) -> int:
    """Write one of FACT_TABLES, each row pointing at its entry; returns the number of rows."""
    columns: dict[str, str] = {"entry": "INTEGER NOT NULL REFERENCES entries(id)"}
    columns.update({name: SQL_TYPES[kind] for name, kind in COLUMNS[table].items()})
    _create(con, table, columns)
    rows = table_rows(runs, table)
    for row in rows:
        row["entry"] = ids[(row["run_id"], row["entry_id"])]
    _insert(con, table, list(columns), rows)
    return len(rows)


INDEXES = (
    ("entries", "song_id"),
    ("entries", "artist"),
    ("entries", "article_key"),
    ("entries", "lang"),
    ("entries", "decade"),
    ("entries", "split_method"),
    ("entries", "split_confidence"),
    ("entries", "release_year"),
    ("songs", "artist"),
    ("songs", "lists"),
    ("tie_ins", "entry"),
    ("tie_ins", "kind"),
    ("awards", "entry"),
    ("awards", "ceremony"),
    ("video_titles", "entry"),
)


def _create_search(con: sqlite3.Connection) -> None:
    """The FTS5 tables over the entries' and the songs' names."""
    # trigram: substrings match in every script (unicode61 keeps a kana/kanji run as one
    # word, so 米津 would not find 米津玄師); queries need three characters or more
    tokenize = ', tokenize="trigram"' if sqlite3.sqlite_version_info >= (3, 34) else ""
    con.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5(title, artist, original_title, "
        f'original_artist, content="entries", content_rowid="id"{tokenize})'
    )
    con.execute(
        "INSERT INTO entries_fts (rowid, title, artist, original_title, original_artist) "
        "SELECT id, title, artist, original_title, original_artist FROM entries"
    )
    con.execute(
        "CREATE VIRTUAL TABLE songs_fts USING fts5(title, artist, other_names, "
        f'content="songs"{tokenize})'
    )
    con.execute(
        "INSERT INTO songs_fts (rowid, title, artist, other_names) "
        "SELECT rowid, title, artist, other_names FROM songs"
    )
