"""`songlists export RUN.jsonl... --format parquet|csv -o FILE [--table T]`: flat tables.

Tables (all carry `run_id` + `entry_id`, the key to join them):

    entries        one row per record; split, article and counts of the lists flattened
    tie_ins        one row per tie-in (n = its order in the record)
    awards         one row per award
    video_titles   one row per embedded video title

Parquet needs pyarrow (`pip install 'songlists[analysis]'`); CSV needs nothing. Column types
are fixed here (not guessed from the data), so an empty column keeps its type.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scraper.errors import MissingDependency
from scraper.run.files import atomic_path

from .load import RecordDict, Run
from .records import award_rows, entries_row, tie_in_rows, video_rows

# column -> type: "string", "int", "float", "bool"
COLUMNS: dict[str, dict[str, str]] = {
    "entries": {
        "run_id": "string",
        "entry_id": "string",
        "song_id": "string",
        "article_key": "string",
        "article_url": "string",
        "article_title": "string",
        "lang": "string",
        "site": "string",
        "page": "int",
        "page_url": "string",
        "position": "int",
        "rank": "int",
        "section": "string",
        "context": "string",
        "title": "string",
        "artist": "string",
        "heading_raw": "string",
        "split_method": "string",
        "split_confidence": "float",
        "is_new": "bool",
        "release": "string",
        "release_year": "int",
        "release_confidence": "float",
        "release_method": "string",
        "tie_in_count": "int",
        "tie_in_kinds": "string",
        "award_count": "int",
        "video_count": "int",
        "complete": "bool",
        "description": "string",
        "original_title": "string",
        "original_artist": "string",
        "original_lang": "string",
        "original_url": "string",
        "original_entry_id": "string",
        "original_confidence": "float",
    },
    "tie_ins": {
        "run_id": "string",
        "entry_id": "string",
        "song_id": "string",
        "n": "int",
        "kind": "string",
        "name": "string",
        "by": "string",
        "text": "string",
        "confidence": "float",
        "release_year": "int",
    },
    "awards": {
        "run_id": "string",
        "entry_id": "string",
        "song_id": "string",
        "n": "int",
        "name": "string",
        "ceremony": "string",
        "edition": "int",
        "text": "string",
        "confidence": "float",
    },
    "video_titles": {"run_id": "string", "entry_id": "string", "n": "int", "video_title": "string"},
}

_ROWS: dict[str, Callable[[RecordDict, str], list[dict[str, Any]]]] = {
    "entries": lambda r, run_id: [entries_row(r, run_id)],
    "tie_ins": tie_in_rows,
    "awards": award_rows,
    "video_titles": video_rows,
}


def table_rows(runs: list[Run], table: str) -> list[dict[str, Any]]:
    make = _ROWS[table]
    return [row for run in runs for r in run.records for row in make(r, run.run_id)]


def write_csv(rows: list[dict[str, Any]], columns: list[str], out: Path) -> None:
    """UTF-8 CSV with a header; null is an empty cell, booleans are true/false."""
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    k: ("true" if v else "false") if isinstance(v, bool) else v
                    for k, v in row.items()
                }
            )


def write_parquet(rows: list[dict[str, Any]], columns: dict[str, str], out: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingDependency(
            "Parquet needs pyarrow: pip install 'songlists[analysis]' (or use --format csv)"
        ) from None
    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema([(name, types[kind]) for name, kind in columns.items()])
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, out)


def export(runs: list[Run], table: str, fmt: str, out: Path) -> int:
    """Write one table; returns its number of rows."""
    rows = table_rows(runs, table)
    columns = COLUMNS[table]
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r}")
    with atomic_path(out) as tmp:
        if fmt == "csv":
            write_csv(rows, list(columns), tmp)
        else:
            write_parquet(rows, columns, tmp)
    return len(rows)
