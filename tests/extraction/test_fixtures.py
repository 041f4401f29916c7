"""Regression fixtures: each folder of fixtures/pages is parsed and compared field by field.

When a change is meant, `songlists fixtures update` rewrites expected.jsonl and shows the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import FIXTURE_PAGES, load_script

from parsers.schema import load_schema
from scraper.devtools.fixtures import fixture_dirs, render_expected
from scraper.quality.evaluate import evaluate

FIXTURES = FIXTURE_PAGES
FOLDERS = fixture_dirs(FIXTURES)


def _records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_there_are_fixtures() -> None:
    assert len(FOLDERS) >= 6
    assert any((f / "input.txt").is_file() for f in FOLDERS), "the seed text page"
    assert any((f / "input.html").is_file() for f in FOLDERS)


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_fixture_output_is_unchanged(folder: Path) -> None:
    expected = _records((folder / "expected.jsonl").read_text(encoding="utf-8"))
    actual = _records(render_expected(folder))
    assert len(actual) == len(expected), (
        f"{folder.name}: {len(actual)} records, expected {len(expected)}"
    )
    for n, (got, want) in enumerate(zip(actual, expected, strict=True), 1):
        changed = [k for k in sorted(set(got) | set(want)) if got.get(k) != want.get(k)]
        assert not changed, (
            f"{folder.name} record {n} ({want.get('heading_raw')!r}): fields changed: "
            + "; ".join(f"{k}: {want.get(k)!r} -> {got.get(k)!r}" for k in changed)
            + " (run `songlists fixtures update` if this is intended)"
        )


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_fixture_records_follow_the_schema(folder: Path) -> None:
    validator = jsonschema.Draft202012Validator(load_schema())
    for record in _records(render_expected(folder)):
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{folder.name}: {record['heading_raw']!r}: {errors[0].message}"


def test_hand_labels_of_the_fixtures_are_met() -> None:
    """The fixtures' own hand labels, scored like the shared corpus (English pages)."""
    tally = evaluate(FIXTURES, lang="en")
    ratios = tally.ratios()
    assert tally.entries >= 25
    assert ratios["found"] == 1.0, tally.misses.get("found")
    assert ratios["split"] >= 0.95, tally.misses.get("split")
    assert ratios["release"] >= 0.95, tally.misses.get("release")
    assert ratios["tie_in_precision"] >= 0.9 and ratios["tie_in_recall"] >= 0.85, tally.misses.get(
        "tie-in"
    )
    assert ratios["award_recall"] >= 0.9, tally.misses.get("award")
    assert tally.extra == 0, tally.misses.get("extra")


def test_seed_page_is_read_right() -> None:
    """The user's own example: every entry, split and dated as the page says."""
    folder = FIXTURES / "seed-cry-love-songs-en"
    records = _records(render_expected(folder))
    got = [(r["title"], r["artist"], r["release"]) for r in records]
    assert got == [
        ("crescent moon", "Ayaka", "2006-09"),
        ("Dinner Song", "tuki.", "2023-09"),
        ("to go see (someone) / to go meet", "Aimyon", "2024-05"),
        ("I LOVE YOU", "Chris Hart", "2014-02"),
        ("Linju Love", "Macaroni Enpitsu", "2023-01"),
        ("Only a single voice", "good-for-nothing", "2021-12"),
        ("Above the setting sun", "Takaya Kawasaki", "2024-07"),
    ]
    dinner = records[1]["description"]
    assert "tuki.’s debut work" in dinner, "the line broken after 'tuki.' is joined again"
    voice = records[5]["description"]
    assert "No. 1 on Hong Kong’s Spotify Viral Chart" in voice
    assert [a["edition"] for a in records[0]["awards"]] == [48]


def test_fixture_article_pages_carry_site_chrome() -> None:
    """Per-page benchmark figures need pages of real weight (fixtures/tools/add_site_chrome.py)."""
    module = load_script("fixtures/tools/add_site_chrome.py")
    pages = module.article_pages()
    assert len(pages) >= 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert module.apply(html) == html, f"{path}: run fixtures/tools/add_site_chrome.py"
        assert len(html.encode()) > 50_000


def test_gazetteer_seed_holds_the_fixture_artists() -> None:
    """The shipped seed is the fixtures' hand-labelled artists (regenerate it from them)."""
    from scraper.crawl import gazetteer
    from scraper.devtools import seed

    want = set(seed.seed_from_labels(seed.fixture_label_files()))
    assert len(want) >= 40
    have = set(gazetteer.load(gazetteer.SEED))
    missing = want - have
    assert not missing, (
        f"{len(missing)} fixture artists missing from {gazetteer.SEED}: {sorted(missing)[:5]}; "
        "regenerate with `python -m scraper.devtools.seed --write-seed`"
    )
