"""The `songlists` command as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import REPO, SEED_PAGE, run_cli

SEED = SEED_PAGE
HTML = REPO / "fixtures" / "pages" / "en-split-tearful-love-songs-1" / "input.html"


run = run_cli


def test_parse_prints_json_lines_unescaped() -> None:
    out = run("parse", "--url", "https://www.ragnet.co.jp/en-us/cry-love-songs/5", str(SEED))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 7
    first = json.loads(lines[0])
    assert (first["title"], first["artist"]) == ("crescent moon", "Ayaka")
    assert first["article"]["page"] == 5
    assert "“LISMO”" in out.stdout  # UTF-8, not \\u escapes


def test_parse_detects_html() -> None:
    out = run("parse", str(HTML))
    assert out.returncode == 0, out.stderr
    records = [json.loads(x) for x in out.stdout.splitlines()]
    assert records and all(r["split"]["method"] == "markup" for r in records)


def test_bad_files_fail_one_by_one(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9 songs".encode("latin-1"))
    missing = tmp_path / "missing.html"
    out = run("parse", str(empty), str(binary), str(SEED), str(latin), str(missing), str(tmp_path))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    errors = out.stderr.splitlines()
    assert any("empty.txt: empty page" in e for e in errors)
    assert any("image.png: binary" in e for e in errors)
    assert any("latin1.txt: not UTF-8" in e for e in errors)
    assert any("missing.html: no such file" in e for e in errors)
    assert any("is a directory" in e for e in errors)
    assert len(out.stdout.splitlines()) == 7, "the good file is still parsed"


def _tiny_corpus(root: Path) -> None:
    (root / "pages").mkdir(parents=True)
    (root / "labels").mkdir()
    (root / "pages" / "X_001.txt").write_bytes(SEED.read_bytes())
    labels = json.loads((SEED.parent / "labels.json").read_text(encoding="utf-8"))
    labels["file"] = "X_001.txt"
    (root / "labels" / "X_001.json").write_text(json.dumps(labels), encoding="utf-8")


def test_eval_prints_the_summary_line_last(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    out = run("eval", str(tmp_path), "--misses", "3")
    assert out.returncode == 0, out.stderr
    last = out.stdout.splitlines()[-1]
    assert last.startswith("entries 7 found 100.0% split 100.0% release 100.0% tie-in P/R ")
    assert last.endswith("extra 0")


def test_eval_as_html_scores_the_html_path(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    out = run("eval", str(tmp_path), "--as-html")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1].startswith(
        "entries 7 found 100.0% split 100.0% release 100.0%"
    )


def test_eval_fails_under_the_floor(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    labels_path = tmp_path / "labels" / "X_001.json"
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    labels["entries"][0]["artist"] = "Somebody Else"  # a label the parser cannot meet
    labels_path.write_text(json.dumps(labels), encoding="utf-8")
    floor = tmp_path / "floor.json"
    floor.write_text(json.dumps({"split": 0.99}), encoding="utf-8")
    out = run("eval", str(tmp_path), "--floor-file", str(floor))
    assert out.returncode == 1
    assert "split 85.7% is below the recorded floor 99.0%" in out.stderr


def test_eval_on_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    out = run("eval", str(tmp_path / "nope"))
    assert out.returncode == 2 and "not a directory" in out.stderr


def test_fixtures_update_rewrites_and_shows_the_diff(tmp_path: Path) -> None:
    folder = tmp_path / "seed"
    shutil.copytree(SEED.parent, folder)
    expected = folder / "expected.jsonl"
    good = expected.read_text(encoding="utf-8")
    expected.write_text(good.replace('"release": "2006-09"', '"release": "1999-01"'), "utf-8")
    out = run("fixtures", "--root", str(tmp_path), "update", "seed")
    assert out.returncode == 0, out.stderr
    assert "1 of 1 fixtures changed" in out.stderr
    assert '-#1 release: "1999-01"' in out.stdout and '+#1 release: "2006-09"' in out.stdout
    assert expected.read_text(encoding="utf-8") == good
    again = run("fixtures", "--root", str(tmp_path), "update", "seed")
    assert "0 of 1 fixtures changed" in again.stderr


def test_fixtures_save_offline_is_a_clear_error(tmp_path: Path) -> None:
    out = run("fixtures", "--root", str(tmp_path), "save", "http://127.0.0.1:9/en-us/x")
    assert out.returncode == 1
    assert "cannot fetch" in out.stderr and "Traceback" not in out.stderr
