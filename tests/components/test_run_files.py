"""The one JSON Lines reader (scraper/run/files.py) that every run-file reader builds on."""

from __future__ import annotations

from pathlib import Path

from scraper.run.files import JsonLine, parse_jsonl, read_jsonl_lines


def test_lines_are_numbered_blank_ones_skipped_and_the_cut_last_line_marked() -> None:
    data = b'{"a": 1}\n\n  \n[2]\r\n{"cut": tr'
    lines = list(parse_jsonl(data.splitlines(keepends=True)))
    assert [(ln.number, ln.value, ln.complete) for ln in lines[:2]] == [
        (1, {"a": 1}, True),
        (4, [2], True),
    ]
    last = lines[2]
    assert last.number == 5 and last.value is None and not last.complete
    assert last.error is not None and last.error.startswith("not JSON (")


def test_undecodable_line_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'\xff\xfe\n{"ok": true}\n')
    assert list(read_jsonl_lines(path)) == [
        JsonLine(1, None, "not UTF-8", True),
        JsonLine(2, {"ok": True}, None, True),
    ]
