"""The Frictionless Data Package beside a run file (`RUN.datapackage.json`).

It describes the run's JSON Lines as a tabular resource whose fields are the song schema's
(parsers/schema/song.schema.json), with Table Schema types, so that
`frictionless validate output/ragmusic/RUN.datapackage.json` checks every record of the run and
data tools that read Data Packages know the types without guessing. The fields are listed in
the order the records hold their keys (Frictionless reads JSON Lines rows by position).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from parsers.schema import load_schema
from scraper.run.files import atomic_write_text

PROFILE = "tabular-data-package"
# JSON Schema type -> Table Schema type
_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "object": "object",
    "array": "array",
}


def datapackage_path(jsonl: Path) -> Path:
    return jsonl.with_name(jsonl.name.removesuffix(".jsonl") + ".datapackage.json")


def table_field(name: str, sub: dict[str, Any], required: bool) -> dict[str, Any]:
    """One Table Schema field from the song schema's property `name`."""
    kinds = sub["type"] if isinstance(sub["type"], list) else [sub["type"]]
    kind = next(k for k in kinds if k != "null")
    field: dict[str, Any] = {"name": name, "type": _TYPES[kind]}
    if kind == "string" and sub.get("format") == "date-time":
        field["type"] = "datetime"
    if sub.get("description"):
        field["description"] = sub["description"]
    constraints: dict[str, Any] = {}
    if required and "null" not in kinds:
        constraints["required"] = True
    if "enum" in sub:
        constraints["enum"] = sub["enum"]
    if kind in ("integer", "number") and "minimum" in sub:
        constraints["minimum"] = sub["minimum"]
    if kind in ("integer", "number") and "maximum" in sub:
        constraints["maximum"] = sub["maximum"]
    if constraints:
        field["constraints"] = constraints
    return field


def descriptor(
    jsonl: Path, keys: Sequence[str], *, run_id: str, created: str, count: int
) -> dict[str, Any]:
    """The Data Package of one run file whose records hold `keys`, in that order."""
    schema = load_schema()
    props: dict[str, Any] = schema["properties"]
    unknown = [k for k in keys if k not in props]
    if unknown:
        raise ValueError(f"record keys not in the song schema: {', '.join(unknown)}")
    required = set(schema["required"])
    fields = [table_field(k, props[k], k in required) for k in keys]
    return {
        "profile": PROFILE,
        "name": f"songlists-{run_id.lower()}",
        "title": f"songlists run {run_id}",
        "created": created,
        "resources": [
            {
                "name": "songs",
                "path": jsonl.name,
                "profile": "tabular-data-resource",
                "format": "jsonl",
                "mediatype": "application/jsonl",
                "encoding": "utf-8",
                "description": f"{count} song records, one JSON object a line "
                f"(schema_version {props['schema_version']['enum'][0]}, docs/schema.md).",
                "schema": {"fields": fields, "missingValues": []},
            }
        ],
    }


def write_datapackage(
    jsonl: Path, keys: Sequence[str], *, run_id: str, created: str, count: int
) -> Path:
    """Write `RUN.datapackage.json` beside `jsonl` (atomically) and return its path."""
    path = datapackage_path(jsonl)
    desc = descriptor(jsonl, keys, run_id=run_id, created=created, count=count)
    atomic_write_text(path, json.dumps(desc, ensure_ascii=False, indent=1) + "\n")
    return path
