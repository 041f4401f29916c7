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

_E = html.escape


def render_as_html(text: str, labels: dict[str, Any]) -> str:
    headings = {e["heading"].strip() for e in labels.get("entries", [])}
    raw_lines = text.replace("\r\n", "\n").split("\n")
    lines: list[tuple[str, bool]] = []  # (line, blank line follows)
    for raw in raw_lines:
        line = raw.strip()
        if not line:
            if lines:
                lines[-1] = (lines[-1][0], True)
            continue
        lines.append((line, False))

    out: list[str] = []
    title = ""
    lead: list[str] = []
    related: list[str] = []
    body: list[str] = []
    in_song = False
    in_table = False
    expecting_video = False
    current = ""
    started = False
    for i, (line, _blank) in enumerate(lines):
        if i == 0 and not line.startswith("RAG Music"):
            title = line
            continue
        if not started and (line.startswith("RAG Music") or line in ("search",)):
            continue
        if i == 1 and lines[0][0].startswith("RAG Music") and line not in headings:
            continue  # the site header's category tagline ("Wonderful singer/idol"), not the title
        if in_song and expecting_video and _is_video(lines, i, current):
            body.append(
                f'<div class="p-song__video"><p class="p-song__video-caption">{_E(line)}</p></div>'
            )
            continue
        expecting_video = False
        if line in headings:
            started = True
            current = line
            if line.startswith("|"):
                if in_song:
                    body.append("</div></div>")
                    in_song = False
                if not in_table:
                    body.append('<table class="p-playlist__table"><tbody>')
                    in_table = True
                body.append(_table_row(line))
                continue
            if in_table:
                body.append("</tbody></table>")
                in_table = False
            if in_song:
                body.append("</div></div>")
            body.append(f'<div class="p-song"><h3 class="p-song__heading">{_E(line)}</h3>')
            body.append('<div class="p-song__body">')
            in_song = True
            expecting_video = True
            continue
        if is_section_title(line) and not line.startswith("|"):
            started = True
            if in_song:
                body.append("</div></div>")
                in_song = False
            body.append(f'<h2 class="p-section__title">{_E(line)}</h2>')
            continue
        if line.startswith("|"):
            continue  # table header or separator rows
        if not started:
            if line.startswith("- "):
                related.append(line[2:])
            elif title and line == title:
                continue
            elif not title:
                title = line
            else:
                lead.append(line)
            continue
        if in_song:
            body.append(f"<p>{_E(line)}</p>")
    if in_song:
        body.append("</div></div>")
    if in_table:
        body.append("</tbody></table>")

    canonical = labels.get("url") or ""
    out.append('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">')
    out.append(f"<title>{_E(title)}</title>")
    if canonical:
        out.append(f'<link rel="canonical" href="{_E(canonical)}">')
    out.append('</head><body><main><article class="p-article">')
    out.append(f'<h1 class="p-article__title">{_E(title)}</h1>')
    out.append(
        '<div class="p-article__lead">' + "".join(f"<p>{_E(x)}</p>" for x in lead) + "</div>"
    )
    if related:
        items = "".join(f'<li><a href="#">{_E(x)}</a></li>' for x in related)
        out.append(f'<aside class="p-related"><ul>{items}</ul></aside>')
    out.append('<section class="p-section">')
    out.extend(body)
    out.append("</section></article></main></body></html>")
    return "\n".join(out)


def _fold(text: str) -> str:
    text = RANK_SUFFIX_FULL_RE.sub("", PLAYLIST_ROW_RE.sub("", text.removesuffix("play_arrow")))
    return re.sub(r"[\W_]+", "", text).casefold()


def _is_video(lines: list[tuple[str, bool]], i: int, heading: str) -> bool:
    """Right under a heading: its video titles (the last of which repeats the heading)."""
    line, blank_after = lines[i]
    if _fold(line) == _fold(heading) or line.endswith("play_arrow"):
        return True
    nxt = lines[i + 1][0] if i + 1 < len(lines) else ""
    return not blank_after and _fold(nxt) == _fold(heading)


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
