"""`songlists eval`: the scoring rules (corpus/README.md, LABELS.md) and the command's bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from scraper.evaluate import Tally, score_page

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "fixtures" / "pages" / "seed-cry-love-songs-en" / "input.txt"


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scraper.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def _label(**extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "heading": "crescent moonAyaka",
        "title": "crescent moon",
        "artist": "Ayaka",
        "release": "2006-09",
        "tie_ins": [],
        "awards": [],
        "complete": True,
    }
    entry.update(extra)
    return {"file": "X_001.txt", "url": "https://www.ragnet.co.jp/en-us/x", "entries": [entry]}


def _record(release: str | None) -> dict[str, Any]:
    return {
        "title": "crescent moon",
        "artist": "Ayaka",
        "heading_raw": "crescent moonAyaka",
        "release": release,
        "tie_ins": [],
        "awards": [],
    }


def _release_score(labels: dict[str, Any], release: str | None) -> Tally:
    tally = Tally()
    score_page(labels, [_record(release)], "last line", tally)
    return tally


# --------------------------------------------------------------------------- release_alt


def test_release_equal_to_the_label_is_right() -> None:
    tally = _release_score(_label(), "2006-09")
    assert (tally.entries, tally.release) == (1, 1)


def test_release_alt_list_is_accepted() -> None:
    labels = _label(release="1975-03", release_alt=["1975-11", "1975"])
    assert _release_score(labels, "1975-11").release == 1
    assert _release_score(labels, "1975").release == 1
    assert _release_score(labels, "1975-03").release == 1


def test_release_alt_as_a_single_string_is_accepted() -> None:
    """The corpus writes one alternative as a bare string too (`"release_alt": "1975-11"`)."""
    labels = _label(release="1975-03", release_alt="1975-11")
    assert _release_score(labels, "1975-11").release == 1
    # a string is not a list of characters: "1" is no acceptable release
    assert _release_score(labels, "1").release == 0


def test_a_release_outside_release_and_release_alt_is_a_miss_naming_both() -> None:
    labels = _label(release="1975-03", release_alt=["1975-11"])
    tally = _release_score(labels, "1984")
    assert tally.release == 0
    assert tally.misses["release"] == [
        "X_001.txt: 'crescent moonAyaka' -> 1984 want 1975-03 or 1975-11"
    ]


def test_null_release_with_an_alternative() -> None:
    labels = _label(release=None, release_alt=["2017"])
    assert _release_score(labels, None).release == 1
    assert _release_score(labels, "2017").release == 1
    assert _release_score(labels, "2018").release == 0


def _tiny_corpus(root: Path) -> dict[str, Any]:
    (root / "pages").mkdir(parents=True)
    (root / "labels").mkdir()
    (root / "pages" / "X_001.txt").write_bytes(SEED.read_bytes())
    labels: dict[str, Any] = json.loads((SEED.parent / "labels.json").read_text(encoding="utf-8"))
    labels["file"] = "X_001.txt"
    (root / "labels" / "X_001.json").write_text(json.dumps(labels), encoding="utf-8")
    return labels


def test_eval_command_accepts_release_alt(tmp_path: Path) -> None:
    labels = _tiny_corpus(tmp_path)
    first = labels["entries"][0]
    assert first["release"] == "2006-09"
    first["release"] = "2006"  # the parser reads 2006-09; as an alternative it is still right
    (tmp_path / "labels" / "X_001.json").write_text(json.dumps(labels), encoding="utf-8")
    without = run("eval", str(tmp_path))
    assert without.stdout.splitlines()[-1].split(" release ")[1].startswith("85.7%")
    first["release_alt"] = ["2006-09"]
    (tmp_path / "labels" / "X_001.json").write_text(json.dumps(labels), encoding="utf-8")
    with_alt = run("eval", str(tmp_path))
    assert with_alt.returncode == 0, with_alt.stderr
    assert with_alt.stdout.splitlines()[-1].split(" release ")[1].startswith("100.0%")
