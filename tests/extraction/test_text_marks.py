"""Text that writes its headings differently: Markdown's marks, or a separator between title and
artist. The same page must give the same songs however its headings are written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers import parse_page
from parsers.textutil.markdown import unmark

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
TEXT_PAGES = sorted(p for p in PAGES.iterdir() if (p / "input.txt").exists())


def _songs(text: str, url: str | None) -> list[tuple[str, str | None]]:
    """The page's songs, but a last entry the excerpt cuts (no whole one to compare)."""
    return [(r.title, r.artist) for r in parse_page(text, url=url).records if r.complete]


def _page(folder: Path) -> tuple[str, str | None, list[dict[str, object]]]:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    text = (folder / "input.txt").read_text(encoding="utf-8")
    records = [json.loads(ln) for ln in (folder / "expected.jsonl").read_text().splitlines()]
    return text, meta.get("url"), records


def _rewrite_headings(text: str, records: list[dict[str, object]], fmt: str) -> str:
    """Each record's heading line (its first occurrence after the previous record's) with its
    title and artist written as `fmt` says ("{h}": the whole line)."""
    lines = text.split("\n")
    at = 0
    for rec in records:
        raw, title, artist = rec["heading_raw"], str(rec["title"]), rec["artist"]
        for i in range(at, len(lines)):
            if lines[i].strip() != raw:
                continue
            if "{h}" in fmt:
                lines[i] = fmt.format(h=lines[i])
            elif artist and f"{title}{artist}" in lines[i]:
                new = fmt.format(title=title, artist=artist)
                lines[i] = lines[i].replace(f"{title}{artist}", new)
            at = i + 1
            break
    return "\n".join(lines)


@pytest.mark.parametrize("fmt", ["### {h}", "**{h}**", "- {h}", "1. {h}"])
@pytest.mark.parametrize("folder", TEXT_PAGES, ids=lambda p: p.name)
def test_marked_headings_give_the_same_songs(folder: Path, fmt: str) -> None:
    # Markdown headings and bold lines, list items (what a renderer prints for <li>s)
    text, url, records = _page(folder)
    if fmt[0] in "-1" and any(r["rank"] is not None for r in records):
        pytest.skip("a ranking or playlist row is no list item")
    marked = _rewrite_headings(text, records, fmt)
    assert marked != text
    assert [s for s in _songs(marked, url)] == _songs(text, url)


@pytest.mark.parametrize(
    "fmt", ["{title} / {artist}", "{title} – {artist}", "“{title}” {artist}", "{title} ({artist})"]
)
@pytest.mark.parametrize("folder", TEXT_PAGES, ids=lambda p: p.name)
def test_a_separator_between_title_and_artist_gives_the_same_songs(folder: Path, fmt: str) -> None:
    text, url, records = _page(folder)
    written = _rewrite_headings(text, records, fmt)
    assert written != text
    assert _songs(written, url) == _songs(text, url)


def test_unmark_takes_markdown_off_and_leaves_plain_text_alone() -> None:
    page = (
        "# Summer songs\n\n[Home](/en-us/) > Lists\n\n## Summer songs (1–10)\n\n"
        "### **Natsu MatsuriWhiteberry**\n\n![cover](/img/1.jpg)\n"
        "A cover of JITTERIN'JINN's song, released in 2000\\. See [the video](https://youtu.be/x).\n"
        "* another list\n---\n"
    )
    assert unmark(page).split("\n") == [
        "Summer songs",
        "",
        "Home > Lists",
        "",
        "Summer songs (1–10)",
        "",
        "Natsu MatsuriWhiteberry",
        "",
        "",
        "A cover of JITTERIN'JINN's song, released in 2000. See the video.",
        "- another list",
        "",
        "",
    ]
    plain = "crescent moonAyaka\n\nA song about #1 hits and **stars**.\n"
    assert unmark(plain) is plain


def test_a_page_crediting_artist_colon_title() -> None:
    page = (
        "Reiwa hits\n\nSome picks for tonight.\n\nReiwa hits (1–3)\n"
        "Aimyon: Marigold\n\nA 2018 single that grew into a standard.\n\n"
        "Kenshi Yonezu: Lemon\n\nThe theme of a 2018 TV drama.\n\n"
        "Yuuri: Dry Flower\n\nA 2020 ballad that stayed on the charts for years.\n"
    )
    assert _songs(page, None) == [
        ("Marigold", "Aimyon"),
        ("Lemon", "Kenshi Yonezu"),
        ("Dry Flower", "Yuuri"),
    ]


def test_unmark_reads_a_hostile_page_of_brackets_whole() -> None:
    # a hundred thousand "[" then "](" and "(": no link in it, every character kept (a link
    # pattern without bounds took quadratic time on this)
    page = "# Songs\n" + "[" * 100_000 + "](" + "(" * 100_000
    out = unmark(page)
    assert out == "Songs\n" + "[" * 100_000 + "](" + "(" * 100_000
