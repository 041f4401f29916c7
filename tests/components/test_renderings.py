"""Text renderings of a labelled page (scraper/quality/renderings.py) and `eval --as-text`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import SEED_PAGE, run_cli

from scraper.quality.evaluate import evaluate
from scraper.quality.renderings import (
    LINE_LAYOUTS,
    RENDERINGS,
    break_periods,
    page_lines,
    render_text,
)

# A small page of our own: site header, title, intro, a related link, a section title, two
# entries (the first with a video title and a caption repeating its heading, an artist name
# ending in a period), and a blank line after the heading and after some paragraphs.
PAGE = """RAG MusicSinger
Songs for the open road
search
Road trip songs: picks for a long drive
Long drives need good music. Here are a few picks for yours.
- Another list. More songs for the car.
Road trip songs: picks for a long drive (1–10)
Open RoadKite Runners.

Kite Runners. “Open Road” Official Video. Live at the dome
Open RoadKite Runners.
A bright song for the first mile. It came out in May 2019 as Kite Runners.’s third single.
It reached No. 1 on a radio chart. Versions 2.5 and 3 exist.

Night HighwayLuna Vale

Written for the TV drama “Late Shift.” The band still plays it live.Every night.
A calm closer.
"""
LABELS: dict[str, Any] = {
    "file": "X_001.txt",
    "url": "https://www.ragnet.co.jp/en-us/road-trip-songs",
    "entries": [
        {
            "heading": "Open RoadKite Runners.",
            "title": "Open Road",
            "artist": "Kite Runners.",
            "release": "2019-05",
            "tie_ins": [],
            "awards": [],
            "complete": True,
        },
        {
            "heading": "Night HighwayLuna Vale",
            "title": "Night Highway",
            "artist": "Luna Vale",
            "release": None,
            "tie_ins": ["TV drama “Late Shift”"],
            "awards": [],
            "complete": True,
        },
    ],
}
WHOLE = [  # lines no rendering may break
    "RAG MusicSinger",
    "Road trip songs: picks for a long drive",
    "- Another list. More songs for the car.",
    "Road trip songs: picks for a long drive (1–10)",
    "Open RoadKite Runners.",
    "Night HighwayLuna Vale",
]


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _blocks(text: str) -> list[str]:
    """The runs of lines between blank lines, each squashed."""
    return [_squashed(b) for b in re.split(r"\n\s*\n", text.strip())]


@pytest.mark.parametrize("name", LINE_LAYOUTS)
def test_every_layout_keeps_the_headings_whole_and_adds_nothing(name: str) -> None:
    out = render_text(name, PAGE, LABELS)
    lines = out.splitlines()
    for whole in WHOLE:
        assert whole in lines, f"{name}: {whole!r} is not a line of its own"
    assert lines.count("Open RoadKite Runners.") == 2, "the caption repeats the heading"
    assert _squashed(out) == _squashed(PAGE), "every word of every line, in order"
    page = [ln.strip() for ln in PAGE.splitlines()]
    for line in filter(None, lines):
        assert any(line in p for p in page), f"{name}: {line!r} comes from no line of the page"


def test_flat_has_no_blank_line_and_spaced_one_after_every_line() -> None:
    page = [ln for ln in PAGE.splitlines() if ln.strip()]
    flat = render_text("flat", PAGE, LABELS).splitlines()
    assert flat == page
    spaced = render_text("spaced", PAGE, LABELS).splitlines()
    assert spaced[0::2] == page
    assert spaced[1::2] == [""] * (len(page) - 1), "one empty line after each (the last trimmed)"


def test_periods_breaks_paragraphs_and_video_titles_only() -> None:
    out = render_text("periods", PAGE, LABELS)
    lines = out.splitlines()
    for broken in (
        ["Long drives need good music.", "Here are a few picks for yours."],
        ["Kite Runners.", "“Open Road” Official Video.", "Live at the dome"],
        ["It came out in May 2019 as Kite Runners.", "’s third single."],
        ["It reached No.", "1 on a radio chart.", "Versions 2.5 and 3 exist."],
        ["Written for the TV drama “Late Shift.” The band still plays it live.", "Every night."],
    ):
        i = lines.index(broken[0])
        assert lines[i : i + len(broken)] == broken
    assert "A calm closer." in lines, "a one-sentence paragraph stays as it is"
    # the blank lines stand where the page has them: the same blocks of text between them
    assert _blocks(out) == _blocks(PAGE)
    assert len(_blocks(out)) == 4
    flat = render_text("periods_flat", PAGE, LABELS).splitlines()
    assert flat == [ln for ln in lines if ln], "periods_flat: periods without its blank lines"


def test_page_lines_say_which_lines_are_running_text() -> None:
    lines = page_lines(PAGE, LABELS)
    assert [ln.text for ln in lines] == [ln for ln in PAGE.splitlines() if ln.strip()]
    running = {ln.text for ln in lines if ln.running}
    assert "Long drives need good music. Here are a few picks for yours." in running
    assert "Kite Runners. “Open Road” Official Video. Live at the dome" in running
    assert "A calm closer." in running
    assert running.isdisjoint(set(WHOLE) - {"Open RoadKite Runners."})
    heading, caption = (ln for ln in lines if ln.text == "Open RoadKite Runners.")
    # the caption repeating the heading is kept whole as the heading is: a renderer that
    # left "Runners." glued in the heading does not break the same text in the caption
    assert not heading.running and not caption.running
    blank_after = [ln.text for ln in lines if ln.blank_after]
    assert blank_after[:3] == [
        "Open RoadKite Runners.",
        "It reached No. 1 on a radio chart. Versions 2.5 and 3 exist.",
        "Night HighwayLuna Vale",
    ]


def test_break_periods_rules() -> None:
    assert break_periods("One. Two") == ["One.", "Two"]
    assert break_periods("by tuki.’s hand") == ["by tuki.", "’s hand"]
    assert break_periods("Mr.Children sang") == ["Mr.", "Children sang"]
    assert break_periods("the “End.” Then") == ["the “End.” Then"]
    assert break_periods("version 1.5... and more") == ["version 1.5...", "and more"]
    assert break_periods("ends here.") == ["ends here."]
    assert break_periods("いい曲です。ぜひ「聴いて。」") == ["いい曲です。", "ぜひ「聴いて。」"]


def test_the_seed_page_is_what_periods_renders() -> None:
    """The user's seed page was rendered so: breaking it again changes nothing."""
    text = SEED_PAGE.read_text(encoding="utf-8")
    labels = json.loads((SEED_PAGE.parent / "labels.json").read_text(encoding="utf-8"))
    assert "tuki.\n’s debut" in text and "No.\n1 on" in text
    assert render_text("periods", text, labels) == text.rstrip("\n") + "\n"


def test_an_unknown_rendering_or_two_renderings_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown text rendering 'fancy'"):
        render_text("fancy", PAGE, LABELS)
    with pytest.raises(ValueError, match="unknown text rendering"):
        evaluate(tmp_path, as_text="fancy")
    with pytest.raises(ValueError, match="cannot be combined"):
        evaluate(tmp_path, as_text="flat", as_html="generic")


# --------------------------------------------------------------------------- the command


def _corpus(root: Path) -> None:
    (root / "pages").mkdir(parents=True)
    (root / "labels").mkdir()
    (root / "pages" / "X_001.txt").write_text(PAGE, encoding="utf-8")
    (root / "labels" / "X_001.json").write_text(json.dumps(LABELS), encoding="utf-8")


def test_evaluate_scores_the_rendered_text(tmp_path: Path) -> None:
    _corpus(tmp_path)
    plain = evaluate(tmp_path)
    assert (plain.entries, plain.found) == (2, 2)
    for name in RENDERINGS:
        tally = evaluate(tmp_path, as_text=name)
        assert tally.entries == 2 and tally.pages == 1 and tally.errors == 0, name


def test_eval_as_text_all_prints_one_line_per_rendering(tmp_path: Path) -> None:
    _corpus(tmp_path)
    out = run_cli("eval", str(tmp_path), "--as-text", "all", "--json", str(tmp_path / "r.json"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert [ln.split(": ")[0] for ln in lines] == ["text", *RENDERINGS]
    assert all(": entries 2 found " in ln for ln in lines)
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert set(data) == {"text", *RENDERINGS}
    one = run_cli("eval", str(tmp_path), "--as-text", "periods")
    assert one.returncode == 0, one.stderr
    assert one.stdout.splitlines() == [one.stdout.splitlines()[-1]]
    assert one.stdout.startswith("entries 2 found ")


def test_the_floor_is_checked_for_every_rendering(tmp_path: Path) -> None:
    _corpus(tmp_path)
    floor = tmp_path / "floor.json"
    floor.write_text(json.dumps({"found": 1.01}), encoding="utf-8")
    out = run_cli("eval", str(tmp_path), "--as-text", "all", "--floor-file", str(floor))
    assert out.returncode == 1
    below = [ln for ln in out.stderr.splitlines() if "below the recorded floor" in ln]
    assert [ln.split(": ")[1] for ln in below] == ["text", *RENDERINGS]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--as-text", "fancy"], "--as-text fancy: unknown text rendering (one of periods, "),
        (["--as-text", "flat", "--as-html", "generic"], "cannot be combined"),
        (["--as-html", "--as-text", "flat"], "cannot be combined"),
    ],
)
def test_eval_refuses_a_bad_as_text_before_any_work(
    tmp_path: Path, args: list[str], says: str
) -> None:
    _corpus(tmp_path)
    out = run_cli("eval", str(tmp_path), *args)
    assert out.returncode == 2 and out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    assert says in lines[0]


def test_markdown_marks_the_title_sections_and_headings() -> None:
    lines = render_text("markdown", PAGE, LABELS).splitlines()
    assert "# Road trip songs: picks for a long drive" in lines
    assert "## Road trip songs: picks for a long drive (1–10)" in lines
    assert "### Open RoadKite Runners." in lines and "### Night HighwayLuna Vale" in lines
    # the caption repeating the heading is a video line, not a heading: left as it is
    assert "Open RoadKite Runners." in lines


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [
        ("slash", "Open Road / Kite Runners.", "Night Highway / Luna Vale"),
        ("dash", "Open Road – Kite Runners.", "Night Highway – Luna Vale"),
        ("quoted", "“Open Road” Kite Runners.", "“Night Highway” Luna Vale"),
    ],
)
def test_separated_renderings_write_a_separator_between_title_and_artist(
    name: str, first: str, second: str
) -> None:
    lines = render_text(name, PAGE, LABELS).splitlines()
    assert first in lines and second in lines
    assert "Open RoadKite Runners." in lines  # the caption line stays the page's own
