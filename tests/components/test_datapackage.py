"""The Data Package beside a run file (scraper/run/datapackage.py): `frictionless validate`
passes on a run's records and fails on a record that breaks the schema's types."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import SEED_RECORDS

from scraper.run.datapackage import datapackage_path, descriptor, write_datapackage

SEED = SEED_RECORDS
RUN_ID = "20261202T101500Z"


def _records() -> list[dict[str, object]]:
    out = []
    for n, line in enumerate(SEED.read_text(encoding="utf-8").splitlines()):
        rec = json.loads(line)
        rec.update(run_id=RUN_ID, fetched_at=f"2026-12-02T10:15:{n % 60:02d}Z")
        out.append(rec)
    return out


def _write_run(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    jsonl = tmp_path / f"{RUN_ID}.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    write_datapackage(
        jsonl, list(records[0]), run_id=RUN_ID, created="2026-12-02T10:16:00Z", count=len(records)
    )
    return jsonl


def test_fields_follow_the_schema_with_table_types() -> None:
    keys = list(_records()[0])
    desc = descriptor(Path("x.jsonl"), keys, run_id=RUN_ID, created="c", count=3)
    fields = {f["name"]: f for f in desc["resources"][0]["schema"]["fields"]}
    assert list(fields) == keys
    assert fields["fetched_at"]["type"] == "datetime"
    assert fields["rank"]["type"] == "integer"
    assert fields["rank"]["constraints"] == {"minimum": 1}  # nullable: not required
    assert fields["title"]["constraints"] == {"required": True}
    assert fields["tie_ins"]["type"] == "array" and fields["article"]["type"] == "object"
    with pytest.raises(ValueError, match="not in the song schema: bogus"):
        descriptor(Path("x.jsonl"), [*keys, "bogus"], run_id=RUN_ID, created="c", count=1)


def test_frictionless_validates_a_run_and_catches_a_wrong_type(tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    records = _records()
    jsonl = _write_run(tmp_path, records)
    package = datapackage_path(jsonl)
    assert package.name == f"{RUN_ID}.datapackage.json"
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == len(records)

    records[1]["rank"] = "first"  # not an integer
    jsonl = _write_run(tmp_path, records)
    report = frictionless.validate(str(datapackage_path(jsonl)))
    assert not report.valid
    errors = report.flatten(["rowNumber", "fieldName", "type"])
    assert [3, "rank", "type-error"] in errors
