"""Pages of N entries, built from the fixture pages' entries, to measure parse cost per entry.

Three renderings of the same N entries:

- `text`: a text rendering in the corpus style (heading `TitleArtist` on one line, the video
  titles under it, the description in paragraphs, a section title every ten entries);
- `plain`: the same text put into the site's HTML template with `scraper.quality.render` (each
  heading one run-together string, as on older pages);
- `markup`: the template with `p-song__title` / `p-song__artist` spans (newer pages).

Every entry gets an artist name of its own (made of syllables, distinct for every index), put in
place of the fixture artist's name wherever the description and video titles repeat it, so that
the gazetteer and page-learning passes see N distinct artists, as on a real long page.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KINDS = ("text", "plain", "markup")
URL = "https://www.ragnet.co.jp/en-us/scale-test-songs"

_ONSETS = ("k", "s", "t", "n", "h", "m", "y", "r", "w", "g", "z", "d", "b", "p")
_VOWELS = ("a", "i", "u", "e", "o")
_SYLLABLES = [c + v for c in _ONSETS for v in _VOWELS]  # 70 syllables


@dataclass(frozen=True)
class Entry:
    title: str
    artist: str
    video_titles: tuple[str, ...]
    paragraphs: tuple[str, ...]


def base_entries() -> list[Entry]:
    """The English text fixtures' entries that name an artist (ranked pages left out)."""
    out: list[Entry] = []
    for folder in sorted((REPO / "fixtures" / "pages").glob("text*")):
        expected = folder / "expected.jsonl"
        if not (folder / "input.txt").is_file() or not expected.is_file():
            continue
        for line in expected.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r["article"]["lang"] != "en" or r["rank"] is not None or not r["artist"]:
                continue
            paragraphs = tuple(p for p in r["description"].split("\n\n") if p.strip())
            if not paragraphs:
                continue
            out.append(Entry(r["title"], r["artist"], tuple(r["video_titles"]), paragraphs))
    if not out:
        raise RuntimeError("no fixture entries found under fixtures/pages/text*")
    return out


def synthetic_name(i: int) -> str:
    """A romanised two-word name, different for every i: "Kaki Sa", "Kiki Sa", ..."""

    def word(n: int, min_len: int) -> str:
        parts = []
        while True:
            parts.append(_SYLLABLES[n % len(_SYLLABLES)])
            n //= len(_SYLLABLES)
            if n == 0 and len(parts) >= min_len:
                break
        return "".join(parts).capitalize()

    return f"{word(i, 2)} {word(i * 7 + 3, 2)}"


def entries(n: int) -> list[Entry]:
    """N entries cycling over the fixture entries, each with its own artist."""
    base = base_entries()
    out = []
    for i in range(n):
        b = base[i % len(base)]
        name = synthetic_name(i)
        out.append(
            Entry(
                title=b.title,
                artist=name,
                video_titles=tuple(v.replace(b.artist, name) for v in b.video_titles),
                paragraphs=tuple(p.replace(b.artist, name) for p in b.paragraphs),
            )
        )
    return out


def _section(i: int) -> str:
    return f"Songs for the long scale test ({i + 1}–{i + 10})"


def text_page(items: list[Entry]) -> str:
    lines = [
        "RAG MusicScale test",
        "Songs for the long scale test",
        "",
        "A long list of songs, one after another, to see how the parser keeps up.",
        "",
    ]
    for i, e in enumerate(items):
        if i % 10 == 0:
            lines += [_section(i), ""]
        heading = e.title + e.artist
        lines += [heading, ""]
        if e.video_titles:
            lines += [*e.video_titles, ""]
        for p in e.paragraphs:
            lines += [p, ""]
    return "\n".join(lines)


def plain_html_page(items: list[Entry]) -> str:
    from scraper.quality.render import render_as_html

    labels = {"url": URL, "entries": [{"heading": e.title + e.artist} for e in items]}
    return render_as_html(text_page(items), labels)


def markup_html_page(items: list[Entry]) -> str:
    esc = html.escape
    body: list[str] = []
    for i, e in enumerate(items):
        if i % 10 == 0:
            body.append(f'<h2 class="p-section__title">{esc(_section(i))}</h2>')
        body.append('<div class="p-song"><h3 class="p-song__heading">')
        body.append(f'<span class="p-song__title">{esc(e.title)}</span>')
        body.append(f'<span class="p-song__artist">{esc(e.artist)}</span></h3>')
        if e.video_titles:
            frame, *captions = e.video_titles
            body.append(
                '<div class="p-song__video"><iframe src="https://www.youtube.com/embed/x" '
                f'title="{esc(frame)}"></iframe>'
                + "".join(f'<p class="p-song__video-caption">{esc(c)}</p>' for c in captions)
                + "</div>"
            )
        body.append('<div class="p-song__body">')
        body.extend(f"<p>{esc(p)}</p>" for p in e.paragraphs)
        body.append("</div></div>")
    return "\n".join(
        [
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            "<title>Songs for the long scale test | RAG Music</title>",
            f'<link rel="canonical" href="{URL}">',
            '</head><body><main><article class="p-article">',
            '<h1 class="p-article__title">Songs for the long scale test</h1>',
            '<div class="p-article__lead"><p>A long list of songs.</p></div>',
            '<section class="p-section">',
            *body,
            "</section></article></main></body></html>",
        ]
    )


def page(kind: str, n: int) -> str:
    """The page of `n` entries in one of KINDS."""
    items = entries(n)
    if kind == "text":
        return text_page(items)
    if kind == "plain":
        return plain_html_page(items)
    if kind == "markup":
        return markup_html_page(items)
    raise ValueError(f"unknown page kind {kind!r} (one of {', '.join(KINDS)})")
