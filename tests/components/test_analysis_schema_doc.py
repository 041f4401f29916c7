"""docs/schema.md is generated from the shipped JSON Schema and cannot drift from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import REPO, SEED_RECORDS
from jsonschema import Draft202012Validator

from parsers.schema import load_schema
from scraper.analysis.load import schema_version
from scraper.devtools import schema_doc

DOC = REPO / "docs" / "schema.md"
SEED = SEED_RECORDS


def test_schema_md_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == schema_doc.generate(), (
        "docs/schema.md is out of date: python -m scraper.devtools.schema_doc > docs/schema.md"
    )


def test_every_schema_field_is_documented_and_nothing_else() -> None:
    paths = [path for path, _, _ in schema_doc.walk(load_schema())]
    assert len(paths) == len(set(paths))
    assert set(paths) == set(schema_doc.FIELDS)
    # the nested ones are there too
    assert {"split.method", "tie_ins[].kind", "awards[].edition", "article.lang"} <= set(paths)
    for path in paths:
        f = schema_doc.FIELDS[path]
        assert len(f.derivation) > 20, path


@pytest.mark.parametrize("path", sorted(schema_doc.FIELDS))
def test_each_example_is_valid_for_its_field(path: str) -> None:
    subs = {p: sub for p, sub, _ in schema_doc.walk(load_schema())}
    Draft202012Validator(subs[path]).validate(schema_doc.FIELDS[path].example)


def test_schema_md_shows_type_nullability_meaning_example_derivation() -> None:
    text = DOC.read_text(encoding="utf-8")
    schema = load_schema()
    for path, sub, _ in schema_doc.walk(schema):
        section = text.split(f"### `{path}`\n", 1)[1].split("\n### ", 1)[0]
        for label in ("**type**", "**meaning**", "**example**", "**derived**"):
            assert label in section, (path, label)
        nullable = isinstance(sub.get("type"), list) and "null" in sub["type"]
        assert (", nullable" in section.splitlines()[1]) == nullable, path
        for value in sub.get("enum", []):
            assert f"`{value}`" in section, (path, value)
        if sub.get("description"):
            assert sub["description"] in section
    assert f"**{schema_version()}**" in text
    # the glance table has one row per field
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == len(list(schema_doc.walk(schema)))


def test_a_real_record_has_exactly_the_documented_fields() -> None:
    record = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    top = {p for p in schema_doc.FIELDS if "." not in p and "[]" not in p}
    optional = top - set(load_schema()["required"])
    # `original` only in linked output (songlists link); the 1.1 fields are absent from 1.0
    # files (optional so that those stay valid) but always written now; the 1.2 provenance
    # fields are written by a crawl, not by the parser (this is a parsed fixture)
    provenance = {"run_id", "fetched_at"}
    assert optional == {"original", "release_confidence", "release_method", *provenance}
    assert set(record) == top - {"original", *provenance}
    assert {f"article.{k}" for k in record["article"]} <= set(schema_doc.FIELDS)


def test_the_report_explains_every_split_method_of_the_schema() -> None:
    from scraper.analysis.report import SPLIT_METHODS

    enum = load_schema()["properties"]["split"]["properties"]["method"]["enum"]
    assert list(SPLIT_METHODS) == enum


def test_a_1_0_file_without_the_fact_confidences_is_still_read(tmp_path: Path) -> None:
    """1.1 and 1.2 only added optional fields: readers take 1.0 and 1.1 records, and refuse
    1.3."""
    from scraper.analysis.load import read_run
    from scraper.errors import SchemaVersionError

    record = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    assert record["schema_version"] == schema_version() == "1.2"
    assert {"release_confidence", "release_method"} <= set(record)
    old = {k: v for k, v in record.items() if k not in ("release_confidence", "release_method")}
    old["schema_version"] = "1.0"
    old["tie_ins"] = [{k: v for k, v in t.items() if k != "confidence"} for t in old["tie_ins"]]
    old["awards"] = [{k: v for k, v in a.items() if k != "confidence"} for a in old["awards"]]
    path = tmp_path / "old.jsonl"
    v11 = {**record, "schema_version": "1.1"}
    lines = [
        old,
        v11,
        {**record, "run_id": "20261202T101500Z", "fetched_at": "2026-12-02T10:15:03Z"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    run = read_run(path)
    assert len(run.records) == 3 and not run.problems
    path.write_text(json.dumps({**record, "schema_version": "1.3"}) + "\n", encoding="utf-8")
    with pytest.raises(SchemaVersionError, match="1.3 is newer than the 1.2"):
        read_run(path)
