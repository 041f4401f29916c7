"""Render a labelled text page as HTML in the site's template, to score the HTML path.

The shared corpus holds text renderings. To check that HTML input reaches the same scores
(`songlists eval --as-html`), each page is put back into the article template: the labelled
heading lines become entry headings (one run-together string, as on older pages; playlist rows
become table rows), lines glued under a heading become video captions, section titles `h2`,
"- " lines the related-articles box, everything else paragraphs. The labels only say which
lines are headings; title, artist and facts are still the parser's to find.
"""

from __future__ import annotations

import html
import re
from typing import Any

from parsers.sites.decorations import PLAYLIST_ROW_RE, RANK_SUFFIX_FULL_RE, is_section_title
from scraper.quality.model import PLAY, is_video, text_lines

_E = html.escape


def render_as_html(text: str, labels: dict[str, Any]) -> str:
    """The page in the article template; the labels' headings become entries or table rows."""
    headings = {e["heading"].strip() for e in labels.get("entries", [])}
    lines = text_lines(text)
    reader = _TemplateReader(lines, headings)
    for i in range(len(lines)):
        reader.read_line(i)
    reader.close_song()
    reader.close_table()
    return _document(reader, labels.get("url") or "")


class _TemplateReader:
    """The text's lines read one at a time into the template's parts: the page title, the
    lead paragraphs and related links above the first heading or section title, and the body
    (entries with their video captions and paragraphs, playlist tables, section titles)."""

    def __init__(self, lines: list[tuple[str, bool]], headings: set[str]) -> None:
        self.lines = lines
        self.headings = headings
        self.title = ""
        self.lead: list[str] = []
        self.related: list[str] = []
        self.body: list[str] = []
        self.in_song = False
        self.in_table = False
        self.expecting_video = False  # the lines right under an entry heading
        self.current = ""  # the last heading
        self.started = False  # a heading or section title has been read

    def read_line(self, i: int) -> None:
        line = self.lines[i][0]
        if self._site_top(line, i) or self._video(line, i):
            return
        self.expecting_video = False
        if line in self.headings:
            self.started = True
            self.current = line
            self._heading(line)
        elif is_section_title(line) and not line.startswith("|"):
            self.started = True
            self.close_song()
            self.body.append(f'<h2 class="p-section__title">{_E(line)}</h2>')
        elif line.startswith("|"):
            pass  # table header or separator rows
        elif not self.started:
            self._page_top(line)
        elif self.in_song:
            self.body.append(f"<p>{_E(line)}</p>")

    def _site_top(self, line: str, i: int) -> bool:
        """The first line as the title, or a line of the site header: left out of the body."""
        if i == 0 and not line.startswith("RAG Music"):
            self.title = line
            return True
        if not self.started and (line.startswith("RAG Music") or line in ("search",)):
            return True
        # the site header's category tagline ("Wonderful singer/idol"), not the title
        return i == 1 and self.lines[0][0].startswith("RAG Music") and line not in self.headings

    def _video(self, line: str, i: int) -> bool:
        """A video caption under the entry heading just read."""
        if not (self.in_song and self.expecting_video):
            return False
        if not is_video(self.lines, i, self.current, key=_fold):
            return False
        self.body.append(
            f'<div class="p-song__video"><p class="p-song__video-caption">{_E(line)}</p></div>'
        )
        return True

    def _heading(self, line: str) -> None:
        """A labelled heading: a playlist table row, or an entry whose videos may follow."""
        if line.startswith("|"):
            self.close_song()
            if not self.in_table:
                self.body.append('<table class="p-playlist__table"><tbody>')
                self.in_table = True
            self.body.append(_table_row(line))
            return
        self.close_table()
        self.close_song()
        self.body.append(f'<div class="p-song"><h3 class="p-song__heading">{_E(line)}</h3>')
        self.body.append('<div class="p-song__body">')
        self.in_song = True
        self.expecting_video = True

    def _page_top(self, line: str) -> None:
        """A line above the first heading: a related link, the title (or its repeat), lead."""
        if line.startswith("- "):
            self.related.append(line[2:])
        elif self.title and line == self.title:
            pass
        elif not self.title:
            self.title = line
        else:
            self.lead.append(line)

    def close_song(self) -> None:
        if self.in_song:
            self.body.append("</div></div>")
            self.in_song = False

    def close_table(self) -> None:
        if self.in_table:
            self.body.append("</tbody></table>")
            self.in_table = False


def _document(page: _TemplateReader, canonical: str) -> str:
    """The article page around the reader's title, lead, related links and body."""
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">']
    out.append(f"<title>{_E(page.title)}</title>")
    if canonical:
        out.append(f'<link rel="canonical" href="{_E(canonical)}">')
    out.append('</head><body><main><article class="p-article">')
    out.append(f'<h1 class="p-article__title">{_E(page.title)}</h1>')
    out.append(
        '<div class="p-article__lead">' + "".join(f"<p>{_E(x)}</p>" for x in page.lead) + "</div>"
    )
    if page.related:
        items = "".join(f'<li><a href="#">{_E(x)}</a></li>' for x in page.related)
        out.append(f'<aside class="p-related"><ul>{items}</ul></aside>')
    out.append('<section class="p-section">')
    out.extend(page.body)
    out.append("</section></article></main></body></html>")
    return "\n".join(out)


def _fold(text: str) -> str:
    """A line's letters only, without the parser's row prefix and rank suffix (`model.fold`
    also drops `NEW!` and more rank spellings, so the two are not interchangeable)."""
    text = RANK_SUFFIX_FULL_RE.sub("", PLAYLIST_ROW_RE.sub("", text.removesuffix(PLAY)))
    return re.sub(r"[\W_]+", "", text).casefold()


def _table_row(line: str) -> str:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    rank = re.sub(r"\D", "", cells[0]) if cells else ""
    song = cells[1] if len(cells) > 1 else ""
    review = next((c for c in cells[2:] if c and c != "play_arrow"), "")
    return (
        f'<tr><td class="p-playlist__rank">{_E(rank)}<span class="material-icons">east</span></td>'
        f'<td class="p-playlist__song">{_E(song)}</td>'
        '<td class="p-playlist__play"><span class="material-icons">play_arrow</span></td>'
        f'<td class="p-playlist__review">{_E(review)}</td></tr>'
    )
