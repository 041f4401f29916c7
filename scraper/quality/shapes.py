"""HTML shapes of a labelled text page: markup the parser has never been written against.

`songlists eval --as-html SHAPE` renders every text page of a corpus in one of these shapes and
scores the parser's HTML path on it. Every shape carries exactly the information of the text
rendering (each line of it, the site chrome included) and nothing more; they differ in markup
only, and share no class name with our template (`parsers/sites/html_template.py`):

- `template`: our own guess at the site's template (`scraper.quality.render.render_as_html`);
- `generic`: `<main><article>`, `<h1>` title, `<h2>` section titles, `<h3>` headings as one
  run-together string, videos as YouTube embeds `<figure><iframe title=…><figcaption>` (the
  video's own title only in the iframe's `title` attribute, the caption repeating the heading
  in the figcaption), `<p>` paragraphs, playlists in a `<table>` with `<thead>`;
- `spans`: `<div class="post">`/`<section>` wrappers, headings `<h2 class="ttl">` (or `<h4>`
  under section titles `<h3>`) whose title and artist sit in two `<span>`s with meaningless
  classes (decorations such as a rank suffix or `NEW!` in a `<small>`/`<i>` of their own),
  video titles in `<div>`s, playlist rows as `<li>`s of spans;
- `divs`: no semantic element at all, only `<div>`s with random-looking classes; the heading is
  `<div class="x-head"><strong>TITLE</strong> <em>ARTIST</em></div>` with decorations as bare
  text, captions in `<p>`;
- `bare`: no wrapper and no class attribute anywhere: `<h1>`, `<h2>`, `<h3>`, `<p>`, related
  links in `<ul><li>`, playlist rows in a plain `<table><tr><td>`;
- `cms`: a blog engine's output: one `<div id="content">`, entries as `<li>`s of an `<ol>`,
  the heading a `<p><strong>` (one string), lines of one paragraph joined by `<br>` (a compact
  rendering becomes one `<p>` per entry), related links in a `<ul>` after the intro;
- `dl`: entries as a definition list, the heading a link in a `<dt>`, each video block and
  paragraph a `<dd>`, text wrapped in `<span>`s, section titles `<h2><span>`, the site header
  a `<nav>`, playlists in a table whose rank cell is a `<th scope="row">`;
- `br`: old-school markup without `<p>`: the heading `<h3>TITLE<br>ARTIST</h3>`, lines of
  text separated by `<br>` (`<br><br>` where the text rendering has a blank line) in `<div>`s;
- `cards`: song cards: the title alone in the `<h3>`, the artist in a `<p>` after it, a rank
  or `12east` in a badge `<div>`, `NEW!` in a `<mark>` inside the heading; playlists as a grid
  of cards. The heading line of the text rendering is split over two blocks here: the
  hardest shape, and one a music site may well use.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from typing import Any

from scraper.quality.model import CHART, PLAY, Heading, Node, PageModel, Para, build_model

_E = html.escape


def _a(text: str) -> str:
    return html.escape(text, quote=True)


def _doc(model: PageModel, body: str, *, canonical: bool = True) -> str:
    head = [f'<!DOCTYPE html><html lang="{model.lang}"><head><meta charset="utf-8">']
    head.append(f"<title>{_E(model.title)}</title>")
    if canonical and model.url:
        head.append(f'<link rel="canonical" href="{_a(model.url)}">')
    return "\n".join([*head, "</head><body>", body, "</body></html>"])


def _groups(nodes: list[Node]) -> Iterator[tuple[str, list[Node]]]:
    """Consecutive nodes grouped: ("rows", the table's nodes) or (kind, [node])."""
    i = 0
    while i < len(nodes):
        n = nodes[i]
        if n.kind in ("table_title", "table_head", "row"):
            j = i
            while j < len(nodes) and nodes[j].kind in ("table_title", "table_head", "row"):
                if j > i and nodes[j].kind == "table_title":
                    break
                j += 1
            yield "rows", nodes[i:j]
            i = j
            continue
        yield n.kind, [n]
        i += 1


def _header_line(line: str, brand: str, rest: str) -> str:
    """`RAG MusicSinger` -> the brand and the category as two inline elements."""
    if line.startswith("RAG Music") and len(line) > len("RAG Music"):
        return f"{brand.format(_E('RAG Music'))}{rest.format(_E(line[len('RAG Music') :]))}"
    return brand.format(_E(line))


def _heading_children(head: Heading, title_tag: str, artist_tag: str, deco: str) -> str:
    out = []
    for role, text in head.parts():
        if role == "title":
            out.append(title_tag.format(_E(text)))
        elif role == "artist":
            out.append(artist_tag.format(_E(text)))
        elif role == "deco":
            out.append(deco.format(_E(text)))
        else:
            out.append(_E(text))
    return "".join(out)


# --------------------------------------------------------------------------- generic


def render_generic(text: str, labels: dict[str, Any]) -> str:
    m = build_model(text, labels)
    out: list[str] = []
    art: list[str] = []
    for kind, group in _groups(m.nodes):
        n = group[0]
        if kind == "header":
            items = []
            for k, line in enumerate(n.lines):
                if line == "search":
                    items.append('<form role="search"><button type="submit">search</button></form>')
                elif k == 0:
                    items.append(
                        "<p>" + _header_line(line, '<a href="/">{}</a>', "<span>{}</span>") + "</p>"
                    )
                else:
                    items.append(f"<p>{_E(line)}</p>")
            out.append("<header>" + "".join(items) + "</header>")
        elif kind == "title":
            art.append(f"<h1>{_E(n.text)}</h1>")
        elif kind == "para":
            art.append(f"<p>{_E(n.text)}</p>")
        elif kind == "related":
            links = "".join(f'<li><a href="#">{_E(x)}</a></li>' for x in n.lines)
            art.append(f"<nav><ul>{links}</ul></nav>")
        elif kind == "section":
            art.append(f"<h2>{_E(n.text)}</h2>")
        elif kind == "chrome":
            art.append(f"<h2>{_E(n.text)}</h2>")
        elif kind == "entry":
            assert n.heading is not None
            art.append(f"<h3>{_E(n.heading.raw)}</h3>")
            if n.videos:
                # a YouTube embed: the video's own title only in the iframe's title attribute,
                # the site's caption (the last line, repeating the heading) in the figcaption
                frames = (
                    "".join(
                        f'<iframe title="{_a(v)}" src="https://www.youtube.com/embed/v{k}"></iframe>'
                        for k, v in enumerate(n.videos[:-1])
                    )
                    or '<iframe src="https://www.youtube.com/embed/v0"></iframe>'
                )
                art.append(f"<figure>{frames}<figcaption>{_E(n.videos[-1])}</figcaption></figure>")
            art.extend(f"<p>{_E(p.text)}</p>" for p in n.body)
        elif kind == "rows":
            art.append(_table(group, _generic_row, caption="<caption>{}</caption>"))
    out.append("<main><article>" + "\n".join(art) + "</article></main>")
    return _doc(m, "\n".join(out))


def _table(group: list[Node], row: Callable[[Node], str], caption: str) -> str:
    parts = ["<table>"]
    for n in group:
        if n.kind == "table_title":
            parts.append(caption.format(_E(n.text)))
        elif n.kind == "table_head":
            parts.append(
                "<thead><tr>" + "".join(f"<th>{_E(c)}</th>" for c in n.lines) + "</tr></thead>"
            )
    parts.append("<tbody>")
    parts.extend(row(n) for n in group if n.kind == "row")
    parts.append("</tbody></table>")
    return "".join(parts)


def _generic_row(n: Node) -> str:
    assert n.heading is not None
    play = f"<td><button>{_E(n.play)}</button></td>" if n.play else ""
    review = "<br>".join(_E(r) for r in n.review)
    return (
        f"<tr><td>{_E(n.rank_cell)}</td><td>{_E(_song_text(n.heading))}</td>{play}"
        f"<td>{review}</td></tr>"
    )


def _song_text(head: Heading) -> str:
    return "".join(text for _role, text in head.parts())


# --------------------------------------------------------------------------- spans


def render_spans(text: str, labels: dict[str, Any]) -> str:
    m = build_model(text, labels)
    has_sections = any(n.kind == "section" for n in m.nodes)
    h_open, h_close = (
        ('<h4 class="ttl">', "</h4>") if has_sections else ('<h2 class="ttl">', "</h2>")
    )
    out: list[str] = []
    post: list[str] = []
    sec: list[str] = []  # the open <section>'s content

    def close_section() -> None:
        if sec:
            post.append("<section>" + "".join(sec) + "</section>")
            sec.clear()

    for kind, group in _groups(m.nodes):
        n = group[0]
        if kind == "header":
            lines = [
                _header_line(n.lines[0], '<a class="logo">{}</a>', '<span class="cat">{}</span>')
            ]
            lines += [
                '<span class="srch">search</span>'
                if x == "search"
                else f'<div class="tag">{_E(x)}</div>'
                for x in n.lines[1:]
            ]
            out.append(
                '<div class="top-bar"><div class="brand">'
                + lines[0]
                + "</div>"
                + "".join(lines[1:])
                + "</div>"
            )
        elif kind == "title":
            post.append(f'<h1 class="post-title">{_E(n.text)}</h1>')
        elif kind == "para":
            if sec:
                sec.append(f'<p class="txt">{_E(n.text)}</p>')
            elif (
                post
                and post[-1].endswith("</p></div>")
                and post[-1].startswith('<div class="lede">')
            ):
                post[-1] = post[-1].removesuffix("</div>") + f"<p>{_E(n.text)}</p></div>"
            else:
                post.append(f'<div class="lede"><p>{_E(n.text)}</p></div>')
        elif kind == "related":
            links = "".join(f'<p><a class="lnk" href="#">{_E(x)}</a></p>' for x in n.lines)
            (sec if sec else post).append(f'<div class="more-links">{links}</div>')
        elif kind == "section":
            close_section()
            sec.append(
                f'<h3 class="sec">{_E(n.text)}</h3>' if has_sections else f"<h3>{_E(n.text)}</h3>"
            )
        elif kind == "chrome":
            close_section()
            sec.append(f'<div class="tab-on">{_E(n.text)}</div>')
        elif kind == "entry":
            assert n.heading is not None
            heading = _heading_children(
                n.heading,
                '<span class="a1">{}</span>',
                '<span class="b7">{}</span>',
                "<small>{}</small>",
            )
            item = [f"{h_open}{heading}{h_close}"]
            if n.videos:
                item.append(
                    '<div class="mv">'
                    + "".join(f'<div class="mv-t">{_E(v)}</div>' for v in n.videos)
                    + "</div>"
                )
            item.extend(f'<p class="txt">{_E(p.text)}</p>' for p in n.body)
            sec.append('<div class="item">' + "".join(item) + "</div>")
        elif kind == "rows":
            items = []
            for r in group:
                if r.kind == "table_title":
                    items.append(f'<div class="pl-name">{_E(r.text)}</div>')
                elif r.kind == "table_head":
                    items.append(
                        '<div class="pl-cols">'
                        + "".join(f"<span>{_E(c)}</span>" for c in r.lines)
                        + "</div>"
                    )
            rows = []
            for r in group:
                if r.kind != "row":
                    continue
                assert r.heading is not None
                song = _heading_children(
                    r.heading,
                    '<span class="a1">{}</span>',
                    '<span class="b7">{}</span>',
                    "<small>{}</small>",
                )
                play = f'<span class="pl-btn">{_E(r.play)}</span>' if r.play else ""
                review = "".join(f'<span class="pl-rv">{_E(x)}</span>' for x in r.review)
                rows.append(
                    f'<li><span class="pl-no">{_E(r.rank_cell)}</span><span class="pl-song">{song}</span>{play}{review}</li>'
                )
            sec.append('<div class="pl">' + "".join(items) + "<ol>" + "".join(rows) + "</ol></div>")
    close_section()
    out.append('<div class="post">' + "\n".join(post) + "</div>")
    return _doc(m, "\n".join(out))


# --------------------------------------------------------------------------- divs


def render_divs(text: str, labels: dict[str, Any]) -> str:
    m = build_model(text, labels)
    out: list[str] = ['<div class="w-0q">']
    for kind, group in _groups(m.nodes):
        n = group[0]
        if kind == "header":
            inner = "".join(
                f'<div class="g-h{k}">'
                + (
                    _header_line(x, '<div class="g-b">{}</div>', '<div class="g-c">{}</div>')
                    if k == 0
                    else _E(x)
                )
                + "</div>"
                for k, x in enumerate(n.lines)
            )
            out.append(f'<div class="g-top">{inner}</div>')
        elif kind == "title":
            out.append(f'<div class="t-9z">{_E(n.text)}</div>')
        elif kind == "para":
            out.append(f'<div class="q-p">{_E(n.text)}</div>')
        elif kind == "related":
            out.append(
                '<div class="k-91">'
                + "".join(f'<div class="k-92"><a href="#">{_E(x)}</a></div>' for x in n.lines)
                + "</div>"
            )
        elif kind == "section":
            out.append(f'<div class="z-sec">{_E(n.text)}</div>')
        elif kind == "chrome":
            out.append(f'<div class="g1">{_E(n.text)}</div>')
        elif kind == "entry":
            assert n.heading is not None
            head = _heading_children(n.heading, "<strong>{}</strong> ", "<em>{}</em>", "{}")
            item = [f'<div class="x-head">{head.rstrip()}</div>']
            if n.videos:
                item.append(
                    '<div class="c-77">' + "".join(f"<p>{_E(v)}</p>" for v in n.videos) + "</div>"
                )
            item.extend(f'<div class="q-p">{_E(p.text)}</div>' for p in n.body)
            out.append('<div class="e-4f">' + "".join(item) + "</div>")
        elif kind == "rows":
            rows = []
            for r in group:
                if r.kind == "table_title":
                    rows.append(f'<div class="r-cap">{_E(r.text)}</div>')
                elif r.kind == "table_head":
                    rows.append(
                        '<div class="r-hd">'
                        + "".join(f"<div>{_E(c)}</div>" for c in r.lines)
                        + "</div>"
                    )
                else:
                    assert r.heading is not None
                    song = _heading_children(r.heading, "<strong>{}</strong> ", "<em>{}</em>", "{}")
                    cells = [
                        f'<div class="r-n">{_E(r.rank_cell)}</div>',
                        f'<div class="x-head">{song.rstrip()}</div>',
                    ]
                    if r.play:
                        cells.append(f'<div class="r-b">{_E(r.play)}</div>')
                    cells.extend(f'<div class="r-v">{_E(x)}</div>' for x in r.review)
                    rows.append('<div class="r-row">' + "".join(cells) + "</div>")
            out.append('<div class="r-list">' + "".join(rows) + "</div>")
    out.append("</div>")
    return _doc(m, "\n".join(out))


# --------------------------------------------------------------------------- bare


def render_bare(text: str, labels: dict[str, Any]) -> str:
    m = build_model(text, labels)
    out: list[str] = []
    for kind, group in _groups(m.nodes):
        n = group[0]
        if kind == "header":
            out.extend(f"<p>{_E(x)}</p>" for x in n.lines)
        elif kind == "title":
            out.append(f"<h1>{_E(n.text)}</h1>")
        elif kind == "para":
            out.append(f"<p>{_E(n.text)}</p>")
        elif kind == "related":
            out.append(
                "<ul>" + "".join(f'<li><a href="#">{_E(x)}</a></li>' for x in n.lines) + "</ul>"
            )
        elif kind in ("section", "chrome"):
            out.append(f"<h2>{_E(n.text)}</h2>")
        elif kind == "entry":
            assert n.heading is not None
            out.append(f"<h3>{_E(n.heading.raw)}</h3>")
            out.extend(f"<p>{_E(v)}</p>" for v in n.videos)
            out.extend(f"<p>{_E(p.text)}</p>" for p in n.body)
        elif kind == "rows":
            rows = []
            for r in group:
                if r.kind == "table_title":
                    rows.append(f"<tr><td>{_E(r.text)}</td></tr>")
                elif r.kind == "table_head":
                    rows.append("<tr>" + "".join(f"<td>{_E(c)}</td>" for c in r.lines) + "</tr>")
                else:
                    assert r.heading is not None
                    cells = [r.rank_cell, _song_text(r.heading)]
                    if r.play:
                        cells.append(r.play)
                    cells.extend(r.review)
                    rows.append("<tr>" + "".join(f"<td>{_E(c)}</td>" for c in cells) + "</tr>")
            out.append("<table>" + "".join(rows) + "</table>")
    return _doc(m, "\n".join(out), canonical=False)


# --------------------------------------------------------------------------- cms


def render_cms(text: str, labels: dict[str, Any]) -> str:
    m = build_model(text, labels)
    out: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            out.append("<ol>" + "".join(items) + "</ol>")
            items.clear()

    for kind, group in _groups(m.nodes):
        n = group[0]
        if kind == "header":
            out.append('<div id="masthead">' + "<br>".join(_E(x) for x in n.lines) + "</div>")
        elif kind == "title":
            out.append(f"<h1>{_E(n.text)}</h1>")
        elif kind == "para":
            flush()
            out.append("<p>" + _E(n.text) + "</p>")
        elif kind == "related":
            flush()
            out.append(
                "<ul>" + "".join(f'<li><a href="#">{_E(x)}</a></li>' for x in n.lines) + "</ul>"
            )
        elif kind in ("section", "chrome"):
            flush()
            out.append(f"<h2>{_E(n.text)}</h2>")
        elif kind == "entry":
            assert n.heading is not None
            item = [f"<p><strong>{_E(n.heading.raw)}</strong></p>"]
            if n.videos:
                item.append("<p>" + "<br>".join(_E(v) for v in n.videos) + "</p>")
            item.extend(
                f"<p>{'<br>'.join(_E(p.text) for p in chunk)}</p>" for chunk in _paragraphs(n.body)
            )
            items.append("<li>" + "".join(item) + "</li>")
        elif kind == "rows":
            flush()
            rows = []
            for r in group:
                if r.kind == "table_title":
                    out.append(f"<p><b>{_E(r.text)}</b></p>")
                elif r.kind == "table_head":
                    out.append("<p>" + " ".join(f"<b>{_E(c)}</b>" for c in r.lines) + "</p>")
                else:
                    assert r.heading is not None
                    lines = [_E(r.rank_cell + _song_text(r.heading))]
                    if r.play:
                        lines.append(_E(r.play))
                    lines.extend(_E(x) for x in r.review)
                    rows.append("<li>" + "<br>".join(lines) + "</li>")
            out.append("<ol>" + "".join(rows) + "</ol>")
    flush()
    return _doc(m, '<div id="content">' + "\n".join(out) + "</div>")


def _paragraphs(body: list[Para]) -> Iterator[list[Para]]:
    """Lines of one paragraph: up to a blank line of the text rendering."""
    chunk: list[Para] = []
    for p in body:
        chunk.append(p)
        if p.blank_after:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --------------------------------------------------------------------------- dl


def render_dl(text: str, labels: dict[str, Any]) -> str:
    """Entries as a definition list: `<dt><a href>HEADING</a></dt>`, one `<dd>` per video block
    and paragraph; section titles `<h2><span>`; playlists in a table with `<th scope="row">`."""
    m = build_model(text, labels)
    out: list[str] = []
    items: list[str] = []
    song_no = 0

    def flush() -> None:
        if items:
            out.append('<dl class="songlist">' + "".join(items) + "</dl>")
            items.clear()

    for kind, group in _groups(m.nodes):
        n = group[0]
        if kind == "header":
            first = _header_line(n.lines[0], '<a href="/" rel="home">{}</a>', "<b>{}</b>")
            rest = "".join(
                "<div><button>search</button></div>"
                if x == "search"
                else f"<div><em>{_E(x)}</em></div>"
                for x in n.lines[1:]
            )
            out.append(f'<nav class="gnav"><div>{first}</div>{rest}</nav>')
        elif kind == "title":
            out.append(f'<div class="entry-head"><h1><span>{_E(n.text)}</span></h1></div>')
        elif kind == "para":
            flush()
            out.append(f"<div><span>{_E(n.text)}</span></div>")
        elif kind == "related":
            flush()
            links = "".join(f'<li><a href="/x{k}">{_E(x)}</a></li>' for k, x in enumerate(n.lines))
            out.append(f'<aside class="see-also"><ol>{links}</ol></aside>')
        elif kind in ("section", "chrome"):
            flush()
            out.append(f"<h2><span>{_E(n.text)}</span></h2>")
        elif kind == "entry":
            assert n.heading is not None
            song_no += 1
            items.append(
                f'<dt id="s{song_no}"><a href="/song/{song_no}">{_E(n.heading.raw)}</a></dt>'
            )
            if n.videos:
                items.append(
                    '<dd class="clip">'
                    + "<br>".join(f"<span>{_E(v)}</span>" for v in n.videos)
                    + "</dd>"
                )
            items.extend(f"<dd>{_E(p.text)}</dd>" for p in n.body)
        elif kind == "rows":
            flush()
            parts = ['<table class="chart">']
            for r in group:
                if r.kind == "table_title":
                    parts.append(f"<caption><strong>{_E(r.text)}</strong></caption>")
                elif r.kind == "table_head":
                    parts.append(
                        "<tr>" + "".join(f'<th scope="col">{_E(c)}</th>' for c in r.lines) + "</tr>"
                    )
                else:
                    assert r.heading is not None
                    cells = [f'<th scope="row">{_E(r.rank_cell)}</th>']
                    cells.append(f'<td><a href="#">{_E(_song_text(r.heading))}</a></td>')
                    if r.play:
                        cells.append(f'<td><button type="button">{_E(r.play)}</button></td>')
                    cells.extend(f"<td>{_E(x)}</td>" for x in r.review)
                    parts.append("<tr>" + "".join(cells) + "</tr>")
            parts.append("</table>")
            out.append("".join(parts))
    flush()
    return _doc(m, '<div class="entry-content">' + "\n".join(out) + "</div>")


# --------------------------------------------------------------------------- br


def render_br(text: str, labels: dict[str, Any]) -> str:
    """Old-school markup: the heading `<h3>TITLE<br>ARTIST</h3>`, everything else text lines
    separated by `<br>` (a blank line of the text rendering: `<br><br>`) inside a few `<div>`s;
    no `<p>` anywhere."""
    m = build_model(text, labels)
    out: list[str] = []

    def lines_div(lines: list[str], blank_after: list[bool]) -> str:
        parts = []
        for k, (line, blank) in enumerate(zip(lines, blank_after, strict=True)):
            parts.append(_E(line))
            if k < len(lines) - 1:
                parts.append("<br><br>" if blank else "<br>")
        return "<div>" + "".join(parts) + "</div>"

    def br_heading(head: Heading) -> str:
        pieces: list[str] = []
        for role, text in head.parts():
            if role == "artist" and pieces and not head.artist_first:
                pieces.append("<br>")
            pieces.append(_E(text))
            if role == "artist" and head.artist_first:
                pieces.append("<br>")
        return "".join(pieces)

    loose: list[Para] = []

    def flush() -> None:
        if loose:
            out.append(lines_div([p.text for p in loose], [p.blank_after for p in loose]))
            loose.clear()

    for kind, group in _groups(m.nodes):
        n = group[0]
        if kind == "header":
            flush()
            out.append("<div>" + "<br>".join(_E(x) for x in n.lines) + "</div><hr>")
        elif kind == "title":
            flush()
            out.append(f"<h1>{_E(n.text)}</h1>")
        elif kind == "para":
            loose.extend(n.body)
        elif kind == "related":
            flush()
            out.append(
                "<div>" + "<br>".join(f'<a href="#">{_E(x)}</a>' for x in n.lines) + "</div>"
            )
        elif kind in ("section", "chrome"):
            flush()
            out.append(f"<h2>{_E(n.text)}</h2>")
        elif kind == "entry":
            flush()
            assert n.heading is not None
            out.append(f"<h3>{br_heading(n.heading)}</h3>")
            if n.videos:
                out.append("<div>" + "<br>".join(_E(v) for v in n.videos) + "</div>")
            if n.body:
                out.append(lines_div([p.text for p in n.body], [p.blank_after for p in n.body]))
        elif kind == "rows":
            flush()
            rows = []
            for r in group:
                if r.kind == "table_title":
                    rows.append(f"<tr><th colspan=4>{_E(r.text)}</th></tr>")
                elif r.kind == "table_head":
                    rows.append("<tr>" + "".join(f"<th>{_E(c)}</th>" for c in r.lines) + "</tr>")
                else:
                    assert r.heading is not None
                    cells = [_E(r.rank_cell), br_heading(r.heading)]
                    if r.play:
                        cells.append(_E(r.play))
                    cells.append("<br>".join(_E(x) for x in r.review))
                    rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
            out.append('<table border="1">' + "".join(rows) + "</table>")
    flush()
    return _doc(m, '<div align="center"><div>' + "\n".join(out) + "</div></div>")


# --------------------------------------------------------------------------- cards


def render_cards(text: str, labels: dict[str, Any]) -> str:
    """Song cards: the title alone in the heading, the artist in a `<p>` below it (decorations
    such as a rank in a badge `<div>` above, `NEW!` in a `<mark>`), videos and description in
    `<div>`s of the card; playlists as a grid of cards."""
    m = build_model(text, labels)
    out: list[str] = []
    cards: list[str] = []

    def flush() -> None:
        if cards:
            out.append('<div class="song-grid">' + "".join(cards) + "</div>")
            cards.clear()

    def card_head(head: Heading, rank_cell: str = "") -> str:
        if not head.located:
            return f'<h3 class="song-card__name">{_E(rank_cell + head.raw)}</h3>'
        parts = []
        pre = rank_cell + head.pre
        if pre:
            parts.append(f'<div class="song-card__badge">{_E(pre)}</div>')
        new = f"<mark>{_E(head.mid.strip())}</mark>" if head.mid.strip() else ""
        title = f"{new}{_E(head.title)}" if head.artist_first else f"{_E(head.title)}{new}"
        name = f'<h3 class="song-card__name">{title}</h3>'
        by = f'<p class="song-card__by">{_E(head.artist)}</p>' if head.artist else ""
        parts.extend([by, name] if head.artist_first else [name, by])
        if head.post:
            parts.append(f'<div class="song-card__badge">{_E(head.post)}</div>')
        return "".join(parts)

    for kind, group in _groups(m.nodes):
        n = group[0]
        if kind == "header":
            out.append(
                '<div class="site-bar">'
                + "".join(f"<div>{_E(x)}</div>" for x in n.lines)
                + "</div>"
            )
        elif kind == "title":
            out.append(f'<div class="hero"><h1>{_E(n.text)}</h1></div>')
        elif kind == "para":
            flush()
            out.append(f'<div class="copy">{_E(n.text)}</div>')
        elif kind == "related":
            flush()
            out.append(
                '<div class="reading">'
                + "".join(f'<div><a href="#">{_E(x)}</a></div>' for x in n.lines)
                + "</div>"
            )
        elif kind in ("section", "chrome"):
            flush()
            out.append(f'<div class="band"><h2>{_E(n.text)}</h2></div>')
        elif kind == "entry":
            assert n.heading is not None
            card = [card_head(n.heading)]
            if n.videos:
                card.append(
                    '<div class="song-card__media">'
                    + "".join(f"<div>{_E(v)}</div>" for v in n.videos)
                    + "</div>"
                )
            card.extend(f'<div class="copy">{_E(p.text)}</div>' for p in n.body)
            cards.append('<div class="song-card">' + "".join(card) + "</div>")
        elif kind == "rows":
            flush()
            for r in group:
                if r.kind == "table_title":
                    out.append(f'<div class="band"><h2>{_E(r.text)}</h2></div>')
                elif r.kind == "table_head":
                    out.append(
                        '<div class="cols">'
                        + "".join(f"<div>{_E(c)}</div>" for c in r.lines)
                        + "</div>"
                    )
                else:
                    assert r.heading is not None
                    card = [card_head(r.heading, r.rank_cell)]
                    if r.play:
                        card.append(f'<div class="song-card__media"><div>{_E(r.play)}</div></div>')
                    card.extend(f'<div class="copy">{_E(x)}</div>' for x in r.review)
                    cards.append('<div class="song-card">' + "".join(card) + "</div>")
            flush()
    flush()
    return _doc(m, '<div class="page">' + "\n".join(out) + "</div>")


def _template(text: str, labels: dict[str, Any]) -> str:
    from scraper.quality.render import render_as_html

    return render_as_html(text, labels)


Renderer = Callable[[str, dict[str, Any]], str]

SHAPES: dict[str, Renderer] = {
    "template": _template,
    "generic": render_generic,
    "spans": render_spans,
    "divs": render_divs,
    "bare": render_bare,
    "cms": render_cms,
    "dl": render_dl,
    "br": render_br,
    "cards": render_cards,
}
# Shapes that share no class name with our template (the ones issue 9 counts).
OWN_SHAPES = tuple(s for s in SHAPES if s != "template")

__all__ = ["CHART", "PLAY", "OWN_SHAPES", "SHAPES", "render_shape"]


def render_shape(shape: str, text: str, labels: dict[str, Any]) -> str:
    try:
        renderer = SHAPES[shape]
    except KeyError:
        raise ValueError(f"unknown HTML shape {shape!r} (one of {', '.join(SHAPES)})") from None
    return renderer(text, labels)
