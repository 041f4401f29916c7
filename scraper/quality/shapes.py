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
  hardest shape, and one a music site may well use;
- `tables`: layout tables: each entry a one-column `<table>`, its heading in a `<th>` and its
  text as `<p>`s in the `<td>` below; section titles in a table cell of their own; playlists as
  data tables with `<th>` column heads;
- `pairs`: no heading element for a song: title and artist each in a `<div>` of their own
  inside a `<section>`, decorations in an `<i>`, every other line a `<div>`;
- `bold`: a blog's markup: `<p><b>TITLE</b><br>ARTIST</p>`, the entry's other lines (and the
  page's paragraphs) in one `<div>` joined by single `<br>`s, no empty line anywhere;
- `links`: a grid of song tiles, the heading the text of a link (title and artist two
  `<span>`s inside it), the description in a sibling `<div>`;
- `microdata`: schema.org `MusicRecording` items with `name`/`byArtist` `<span>`s and a
  `description` `<div>`, no heading element at all (the page title a `<div>` too);
- `feed`: no `<main>`, each entry an `<article>` with its heading in a `<header>`;
- `quote`: `<h4>` headings, each description in a `<figure><blockquote>`;
- `details`: each entry a `<details><summary>HEADING</summary>` with `<p>`s;
- `songtable`: one data table of songs, a `<thead>` of unlabelled column heads (an
  `aria-label` each), one row per song: title cell, artist cell (empty for a song without
  one), a cell of the video titles and the description's paragraphs;
- `lazy`: Bootstrap's grid, each entry a `<section aria-labelledby>`, the heading's `<h3>`
  opening with an anchor link around an icon `<i>`, videos lazy `<lite-youtube title=…>`
  players, quoted names and years inline `<em>`/`<a>` in the text;
- `aria`: no heading tag and no table: `<div role="heading" aria-level=…>` headings of one
  class with the text's `<div>`s, playlists as `<div role="row">`s of `<span role="cell">`s;
- `builder`: a page builder's widgets six wrappers deep, page title, section titles and song
  headings all `eb-heading-title` headings (`<h2>` for both section titles and songs);
- `utility`: utility-class soup, no semantic element: the heading a `<div>` with an `<svg>`
  icon and a `<span>`;
- `subtitle`: cards whose title is an `<h5>` and artist an `<h6>` below it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any

from scraper.quality.model import CHART, PLAY, Heading, Node, PageModel, Para, build_model

_E = html.escape

# The kinds of `_groups`: the model's node kinds, a playlist's nodes grouped as "rows".
_KINDS = frozenset({"header", "title", "para", "related", "section", "chrome", "entry", "rows"})


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


def _song_text(head: Heading) -> str:
    return "".join(text for _role, text in head.parts())


def _each(fmt: str, items: list[str], sep: str = "") -> str:
    """Each item escaped into `fmt` (one `{}`), joined by `sep`."""
    return sep.join(fmt.format(_E(x)) for x in items)


# --------------------------------------------------------------------------- the page loop


class Shape:
    """One HTML shape of a page. `render` is the page frame and the section loop every shape
    shares; a shape states only its markup: one method per node kind (the defaults are plain
    HTML), one for entries, and for playlist tables either `rows` or its parts (`table`,
    `table_title`, `table_head`, `row`, written in page order)."""

    wrap: tuple[str, str] = ("", "")  # around the page's content (not the header in `top`)
    canonical = True  # the page names its URL in <link rel="canonical">
    container: tuple[str, str] = ("", "")  # around the items gathered (an <ol> of entries...)
    closes: frozenset[str] = frozenset()  # the node kinds that close the gathered items first
    table: tuple[str, str] = ("", "")  # around a playlist's rows (with the default `rows`)

    def __init__(self, model: PageModel) -> None:
        self.model = model
        self.top: list[str] = []  # before the wrapped content
        self.out: list[str] = []  # the wrapped content, one block a line
        self.items: list[str] = []  # the gathered items not yet closed into `container`

    @classmethod
    def render(cls, text: str, labels: dict[str, Any]) -> str:
        model = build_model(text, labels)
        shape = cls(model)
        for kind, group in _groups(model.nodes):
            if kind in shape.closes:
                shape.close()
            shape.add(kind, group)
        shape.close()
        return _doc(model, shape.frame(), canonical=shape.canonical)

    def add(self, kind: str, group: list[Node]) -> None:
        n = group[0]
        if kind == "rows":
            self.rows(group)
        elif kind == "entry":
            assert n.heading is not None
            self.entry(n, n.heading)
        else:
            handlers: dict[str, Callable[[Node], None]] = {
                "header": self.header,
                "title": self.title,
                "para": self.para,
                "related": self.related,
                "section": self.section,
                "chrome": self.chrome,
            }
            if kind in handlers:
                handlers[kind](n)

    def frame(self) -> str:
        return "\n".join([*self.top, self.wrap[0] + "\n".join(self.out) + self.wrap[1]])

    def close(self) -> None:
        if self.items:
            self.out.append(self.container[0] + "".join(self.items) + self.container[1])
            self.items.clear()

    def header(self, n: Node) -> None:
        self.out.extend(f"<p>{_E(x)}</p>" for x in n.lines)

    def title(self, n: Node) -> None:
        self.out.append(f"<h1>{_E(n.text)}</h1>")

    def para(self, n: Node) -> None:
        self.out.append(f"<p>{_E(n.text)}</p>")

    def related(self, n: Node) -> None:
        self.out.append("<ul>" + _each('<li><a href="#">{}</a></li>', n.lines) + "</ul>")

    def section(self, n: Node) -> None:
        self.out.append(f"<h2>{_E(n.text)}</h2>")

    def chrome(self, n: Node) -> None:
        self.section(n)

    def entry(self, n: Node, head: Heading) -> None:
        self.out.append(f"<h3>{_E(head.raw)}</h3>")
        self.out.extend(f"<p>{_E(v)}</p>" for v in n.videos)
        self.out.extend(f"<p>{_E(p.text)}</p>" for p in n.body)

    def rows(self, group: list[Node]) -> None:
        parts = []
        for r in group:
            if r.kind == "table_title":
                parts.append(self.table_title(r))
            elif r.kind == "table_head":
                parts.append(self.table_head(r))
            else:
                assert r.heading is not None
                parts.append(self.row(r, r.heading))
        self.out.append(self.table[0] + "".join(parts) + self.table[1])

    def table_title(self, r: Node) -> str:
        return f"<tr><td>{_E(r.text)}</td></tr>"

    def table_head(self, r: Node) -> str:
        return "<tr>" + _each("<td>{}</td>", r.lines) + "</tr>"

    def row(self, r: Node, head: Heading) -> str:
        cells = [r.rank_cell, _song_text(head)]
        if r.play:
            cells.append(r.play)
        cells.extend(r.review)
        return "<tr>" + _each("<td>{}</td>", cells) + "</tr>"


def _song_rows(group: list[Node]) -> Iterator[tuple[Node, Heading]]:
    """The rows of a playlist group, each with its heading."""
    for r in group:
        if r.kind == "row":
            assert r.heading is not None
            yield r, r.heading


# --------------------------------------------------------------------------- generic


class GenericShape(Shape):
    wrap = ("<main><article>", "</article></main>")

    def header(self, n: Node) -> None:
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
        self.top.append("<header>" + "".join(items) + "</header>")

    def related(self, n: Node) -> None:
        links = _each('<li><a href="#">{}</a></li>', n.lines)
        self.out.append(f"<nav><ul>{links}</ul></nav>")

    def entry(self, n: Node, head: Heading) -> None:
        self.out.append(f"<h3>{_E(head.raw)}</h3>")
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
            caption = f"<figcaption>{_E(n.videos[-1])}</figcaption>"
            self.out.append(f"<figure>{frames}{caption}</figure>")
        self.out.extend(f"<p>{_E(p.text)}</p>" for p in n.body)

    def rows(self, group: list[Node]) -> None:
        parts = ["<table>"]
        for n in group:
            if n.kind == "table_title":
                parts.append(f"<caption>{_E(n.text)}</caption>")
            elif n.kind == "table_head":
                parts.append("<thead><tr>" + _each("<th>{}</th>", n.lines) + "</tr></thead>")
        parts.append("<tbody>")
        for r, head in _song_rows(group):
            play = f"<td><button>{_E(r.play)}</button></td>" if r.play else ""
            review = _each("{}", r.review, "<br>")
            parts.append(
                f"<tr><td>{_E(r.rank_cell)}</td><td>{_E(_song_text(head))}</td>{play}"
                f"<td>{review}</td></tr>"
            )
        parts.append("</tbody></table>")
        self.out.append("".join(parts))


# --------------------------------------------------------------------------- spans


def _spans_song(head: Heading) -> str:
    return _heading_children(
        head, '<span class="a1">{}</span>', '<span class="b7">{}</span>', "<small>{}</small>"
    )


class SpansShape(Shape):
    """Entries and playlists gathered in `<section>`s, opened by a section title or chrome."""

    wrap = ('<div class="post">', "</div>")
    container = ("<section>", "</section>")
    closes = frozenset({"section", "chrome"})

    def __init__(self, model: PageModel) -> None:
        super().__init__(model)
        nested = any(n.kind == "section" for n in model.nodes)
        self.h = ('<h4 class="ttl">', "</h4>") if nested else ('<h2 class="ttl">', "</h2>")

    def header(self, n: Node) -> None:
        first = _header_line(n.lines[0], '<a class="logo">{}</a>', '<span class="cat">{}</span>')
        rest = "".join(
            '<span class="srch">search</span>'
            if x == "search"
            else f'<div class="tag">{_E(x)}</div>'
            for x in n.lines[1:]
        )
        self.top.append(f'<div class="top-bar"><div class="brand">{first}</div>{rest}</div>')

    def title(self, n: Node) -> None:
        self.out.append(f'<h1 class="post-title">{_E(n.text)}</h1>')

    def para(self, n: Node) -> None:
        last = self.out[-1] if self.out else ""
        if self.items:
            self.items.append(f'<p class="txt">{_E(n.text)}</p>')
        elif last.endswith("</p></div>") and last.startswith('<div class="lede">'):
            self.out[-1] = last.removesuffix("</div>") + f"<p>{_E(n.text)}</p></div>"
        else:
            self.out.append(f'<div class="lede"><p>{_E(n.text)}</p></div>')

    def related(self, n: Node) -> None:
        links = _each('<p><a class="lnk" href="#">{}</a></p>', n.lines)
        (self.items if self.items else self.out).append(f'<div class="more-links">{links}</div>')

    def section(self, n: Node) -> None:
        self.items.append(f'<h3 class="sec">{_E(n.text)}</h3>')

    def chrome(self, n: Node) -> None:
        self.items.append(f'<div class="tab-on">{_E(n.text)}</div>')

    def entry(self, n: Node, head: Heading) -> None:
        item = [f"{self.h[0]}{_spans_song(head)}{self.h[1]}"]
        if n.videos:
            item.append(
                '<div class="mv">' + _each('<div class="mv-t">{}</div>', n.videos) + "</div>"
            )
        item.extend(f'<p class="txt">{_E(p.text)}</p>' for p in n.body)
        self.items.append('<div class="item">' + "".join(item) + "</div>")

    def rows(self, group: list[Node]) -> None:
        names = []
        for r in group:
            if r.kind == "table_title":
                names.append(f'<div class="pl-name">{_E(r.text)}</div>')
            elif r.kind == "table_head":
                names.append('<div class="pl-cols">' + _each("<span>{}</span>", r.lines) + "</div>")
        rows = []
        for r, head in _song_rows(group):
            play = f'<span class="pl-btn">{_E(r.play)}</span>' if r.play else ""
            review = _each('<span class="pl-rv">{}</span>', r.review)
            rows.append(
                f'<li><span class="pl-no">{_E(r.rank_cell)}</span>'
                f'<span class="pl-song">{_spans_song(head)}</span>{play}{review}</li>'
            )
        self.items.append(
            '<div class="pl">' + "".join(names) + "<ol>" + "".join(rows) + "</ol></div>"
        )


# --------------------------------------------------------------------------- divs


def _divs_song(head: Heading) -> str:
    return _heading_children(head, "<strong>{}</strong> ", "<em>{}</em>", "{}").rstrip()


class DivsShape(Shape):
    table = ('<div class="r-list">', "</div>")

    def frame(self) -> str:
        return "\n".join(['<div class="w-0q">', *self.out, "</div>"])

    def header(self, n: Node) -> None:
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
        self.out.append(f'<div class="g-top">{inner}</div>')

    def title(self, n: Node) -> None:
        self.out.append(f'<div class="t-9z">{_E(n.text)}</div>')

    def para(self, n: Node) -> None:
        self.out.append(f'<div class="q-p">{_E(n.text)}</div>')

    def related(self, n: Node) -> None:
        links = _each('<div class="k-92"><a href="#">{}</a></div>', n.lines)
        self.out.append(f'<div class="k-91">{links}</div>')

    def section(self, n: Node) -> None:
        self.out.append(f'<div class="z-sec">{_E(n.text)}</div>')

    def chrome(self, n: Node) -> None:
        self.out.append(f'<div class="g1">{_E(n.text)}</div>')

    def entry(self, n: Node, head: Heading) -> None:
        item = [f'<div class="x-head">{_divs_song(head)}</div>']
        if n.videos:
            item.append('<div class="c-77">' + _each("<p>{}</p>", n.videos) + "</div>")
        item.extend(f'<div class="q-p">{_E(p.text)}</div>' for p in n.body)
        self.out.append('<div class="e-4f">' + "".join(item) + "</div>")

    def table_title(self, r: Node) -> str:
        return f'<div class="r-cap">{_E(r.text)}</div>'

    def table_head(self, r: Node) -> str:
        return '<div class="r-hd">' + _each("<div>{}</div>", r.lines) + "</div>"

    def row(self, r: Node, head: Heading) -> str:
        cells = [
            f'<div class="r-n">{_E(r.rank_cell)}</div>',
            f'<div class="x-head">{_divs_song(head)}</div>',
        ]
        if r.play:
            cells.append(f'<div class="r-b">{_E(r.play)}</div>')
        cells.extend(f'<div class="r-v">{_E(x)}</div>' for x in r.review)
        return '<div class="r-row">' + "".join(cells) + "</div>"


# --------------------------------------------------------------------------- bare


class BareShape(Shape):
    """Plain HTML without a class or a wrapper: the defaults of `Shape`."""

    canonical = False
    table = ("<table>", "</table>")


# --------------------------------------------------------------------------- cms


class CmsShape(Shape):
    wrap = ('<div id="content">', "</div>")
    container = ("<ol>", "</ol>")
    closes = _KINDS - {"header", "title", "entry"}

    def header(self, n: Node) -> None:
        self.out.append('<div id="masthead">' + _each("{}", n.lines, "<br>") + "</div>")

    def entry(self, n: Node, head: Heading) -> None:
        item = [f"<p><strong>{_E(head.raw)}</strong></p>"]
        if n.videos:
            item.append("<p>" + _each("{}", n.videos, "<br>") + "</p>")
        item.extend(
            f"<p>{'<br>'.join(_E(p.text) for p in chunk)}</p>" for chunk in _paragraphs(n.body)
        )
        self.items.append("<li>" + "".join(item) + "</li>")

    def rows(self, group: list[Node]) -> None:
        rows = []
        for r in group:
            if r.kind == "table_title":
                self.out.append(f"<p><b>{_E(r.text)}</b></p>")
            elif r.kind == "table_head":
                self.out.append("<p>" + _each("<b>{}</b>", r.lines, " ") + "</p>")
            else:
                assert r.heading is not None
                lines = [r.rank_cell + _song_text(r.heading)]
                if r.play:
                    lines.append(r.play)
                lines.extend(r.review)
                rows.append("<li>" + _each("{}", lines, "<br>") + "</li>")
        self.out.append("<ol>" + "".join(rows) + "</ol>")


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


class DlShape(Shape):
    """Entries as a definition list: `<dt><a href>HEADING</a></dt>`, one `<dd>` per video block
    and paragraph; section titles `<h2><span>`; playlists in a table with `<th scope="row">`."""

    wrap = ('<div class="entry-content">', "</div>")
    container = ('<dl class="songlist">', "</dl>")
    closes = _KINDS - {"header", "title", "entry"}
    table = ('<table class="chart">', "</table>")

    def __init__(self, model: PageModel) -> None:
        super().__init__(model)
        self.song_no = 0

    def header(self, n: Node) -> None:
        first = _header_line(n.lines[0], '<a href="/" rel="home">{}</a>', "<b>{}</b>")
        rest = "".join(
            "<div><button>search</button></div>"
            if x == "search"
            else f"<div><em>{_E(x)}</em></div>"
            for x in n.lines[1:]
        )
        self.out.append(f'<nav class="gnav"><div>{first}</div>{rest}</nav>')

    def title(self, n: Node) -> None:
        self.out.append(f'<div class="entry-head"><h1><span>{_E(n.text)}</span></h1></div>')

    def para(self, n: Node) -> None:
        self.out.append(f"<div><span>{_E(n.text)}</span></div>")

    def related(self, n: Node) -> None:
        links = "".join(f'<li><a href="/x{k}">{_E(x)}</a></li>' for k, x in enumerate(n.lines))
        self.out.append(f'<aside class="see-also"><ol>{links}</ol></aside>')

    def section(self, n: Node) -> None:
        self.out.append(f"<h2><span>{_E(n.text)}</span></h2>")

    def entry(self, n: Node, head: Heading) -> None:
        self.song_no += 1
        no = self.song_no
        self.items.append(f'<dt id="s{no}"><a href="/song/{no}">{_E(head.raw)}</a></dt>')
        if n.videos:
            self.items.append(
                '<dd class="clip">' + _each("<span>{}</span>", n.videos, "<br>") + "</dd>"
            )
        self.items.extend(f"<dd>{_E(p.text)}</dd>" for p in n.body)

    def table_title(self, r: Node) -> str:
        return f"<caption><strong>{_E(r.text)}</strong></caption>"

    def table_head(self, r: Node) -> str:
        return "<tr>" + _each('<th scope="col">{}</th>', r.lines) + "</tr>"

    def row(self, r: Node, head: Heading) -> str:
        cells = [f'<th scope="row">{_E(r.rank_cell)}</th>']
        cells.append(f'<td><a href="#">{_E(_song_text(head))}</a></td>')
        if r.play:
            cells.append(f'<td><button type="button">{_E(r.play)}</button></td>')
        cells.extend(f"<td>{_E(x)}</td>" for x in r.review)
        return "<tr>" + "".join(cells) + "</tr>"


# --------------------------------------------------------------------------- br


def _lines_div(paras: list[Para]) -> str:
    """Lines separated by `<br>` (`<br><br>` after a blank line of the text rendering)."""
    parts = []
    for k, p in enumerate(paras):
        parts.append(_E(p.text))
        if k < len(paras) - 1:
            parts.append("<br><br>" if p.blank_after else "<br>")
    return "<div>" + "".join(parts) + "</div>"


def _br_heading(head: Heading) -> str:
    pieces: list[str] = []
    for role, text in head.parts():
        if role == "artist" and pieces and not head.artist_first:
            pieces.append("<br>")
        pieces.append(_E(text))
        if role == "artist" and head.artist_first:
            pieces.append("<br>")
    return "".join(pieces)


class BrShape(Shape):
    """Old-school markup: the heading `<h3>TITLE<br>ARTIST</h3>`, everything else text lines
    separated by `<br>` (a blank line of the text rendering: `<br><br>`) inside a few `<div>`s;
    no `<p>` anywhere. Consecutive paragraphs are gathered into one `<div>`."""

    wrap = ('<div align="center"><div>', "</div></div>")
    closes = _KINDS - {"para"}
    table = ('<table border="1">', "</table>")

    def __init__(self, model: PageModel) -> None:
        super().__init__(model)
        self.loose: list[Para] = []

    def close(self) -> None:
        if self.loose:
            self.out.append(_lines_div(self.loose))
            self.loose.clear()

    def header(self, n: Node) -> None:
        self.out.append("<div>" + _each("{}", n.lines, "<br>") + "</div><hr>")

    def para(self, n: Node) -> None:
        self.loose.extend(n.body)

    def related(self, n: Node) -> None:
        self.out.append("<div>" + _each('<a href="#">{}</a>', n.lines, "<br>") + "</div>")

    def entry(self, n: Node, head: Heading) -> None:
        self.out.append(f"<h3>{_br_heading(head)}</h3>")
        if n.videos:
            self.out.append("<div>" + _each("{}", n.videos, "<br>") + "</div>")
        if n.body:
            self.out.append(_lines_div(n.body))

    def table_title(self, r: Node) -> str:
        return f"<tr><th colspan=4>{_E(r.text)}</th></tr>"

    def table_head(self, r: Node) -> str:
        return "<tr>" + _each("<th>{}</th>", r.lines) + "</tr>"

    def row(self, r: Node, head: Heading) -> str:
        cells = [_E(r.rank_cell), _br_heading(head)]
        if r.play:
            cells.append(_E(r.play))
        cells.append(_each("{}", r.review, "<br>"))
        return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


# --------------------------------------------------------------------------- cards


def _card_head(head: Heading, rank_cell: str = "") -> str:
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


class CardsShape(Shape):
    """Song cards: the title alone in the heading, the artist in a `<p>` below it (decorations
    such as a rank in a badge `<div>` above, `NEW!` in a `<mark>`), videos and description in
    `<div>`s of the card; playlists as a grid of cards."""

    wrap = ('<div class="page">', "</div>")
    container = ('<div class="song-grid">', "</div>")
    closes = _KINDS - {"header", "title", "entry"}

    def header(self, n: Node) -> None:
        self.out.append('<div class="site-bar">' + _each("<div>{}</div>", n.lines) + "</div>")

    def title(self, n: Node) -> None:
        self.out.append(f'<div class="hero"><h1>{_E(n.text)}</h1></div>')

    def para(self, n: Node) -> None:
        self.out.append(f'<div class="copy">{_E(n.text)}</div>')

    def related(self, n: Node) -> None:
        links = _each('<div><a href="#">{}</a></div>', n.lines)
        self.out.append(f'<div class="reading">{links}</div>')

    def section(self, n: Node) -> None:
        self.out.append(f'<div class="band"><h2>{_E(n.text)}</h2></div>')

    def entry(self, n: Node, head: Heading) -> None:
        card = [_card_head(head)]
        if n.videos:
            card.append(
                '<div class="song-card__media">' + _each("<div>{}</div>", n.videos) + "</div>"
            )
        card.extend(f'<div class="copy">{_E(p.text)}</div>' for p in n.body)
        self.items.append('<div class="song-card">' + "".join(card) + "</div>")

    def rows(self, group: list[Node]) -> None:
        for r in group:
            if r.kind == "table_title":
                self.section(r)
            elif r.kind == "table_head":
                self.out.append('<div class="cols">' + _each("<div>{}</div>", r.lines) + "</div>")
            else:
                assert r.heading is not None
                card = [_card_head(r.heading, r.rank_cell)]
                if r.play:
                    card.append(f'<div class="song-card__media"><div>{_E(r.play)}</div></div>')
                card.extend(f'<div class="copy">{_E(x)}</div>' for x in r.review)
                self.items.append('<div class="song-card">' + "".join(card) + "</div>")
        self.close()


# --------------------------------------------------------------------------- tables


class TablesShape(Shape):
    """Each entry laid out as a one-column table: the heading in a `<th>`, the video titles and
    paragraphs as `<p>`s in the `<td>` below it; section titles `<h4>` inside a `<caption>`-less
    table row of their own; playlists as data tables with column heads in `<th>`s."""

    wrap = ('<div class="layout">', "</div>")
    table = ('<table class="grid">', "</table>")

    def section(self, n: Node) -> None:
        self.out.append(f'<table class="sec"><tr><td><h4>{_E(n.text)}</h4></td></tr></table>')

    def entry(self, n: Node, head: Heading) -> None:
        cell = _each("<p>{}</p>", [*n.videos, *(p.text for p in n.body)])
        self.out.append(
            f'<table class="song"><tr><th>{_E(head.raw)}</th></tr><tr><td>{cell}</td></tr></table>'
        )

    def table_head(self, r: Node) -> str:
        return "<tr>" + _each("<th>{}</th>", r.lines) + "</tr>"


# --------------------------------------------------------------------------- pairs


def _pair_head(head: Heading, first: str, second: str) -> str:
    """Title and artist each in an element of its own that is no heading element; a
    decoration (a rank, `NEW!`) in an `<i>` beside them."""
    if not head.located:
        return f"<div{first}>{_E(head.raw)}</div>"
    parts = []
    for role, text in head.parts():
        attr = first if role == "title" else second if role == "artist" else ""
        tag = "i" if role not in ("title", "artist") else "div"
        parts.append(f"<{tag}{attr}>{_E(text)}</{tag}>")
    return "".join(parts)


class PairsShape(Shape):
    """No heading element for a song: `<section class="w"><div class="w-a">TITLE</div><div
    class="w-b">ARTIST</div></section>`, video titles and paragraphs in `<div>`s; section
    titles an `<h2>` in a `<header>`. Only the page can prove the two `<div>`s one heading."""

    wrap = ('<div id="posts">', "</div>")

    def section(self, n: Node) -> None:
        self.out.append(f'<header class="w-s"><h2>{_E(n.text)}</h2></header>')

    def entry(self, n: Node, head: Heading) -> None:
        self.out.append(
            '<section class="w">' + _pair_head(head, ' class="w-a"', ' class="w-b"') + "</section>"
        )
        self.out.extend(f'<div class="w-v">{_E(v)}</div>' for v in n.videos)
        self.out.extend(f'<div class="w-p">{_E(p.text)}</div>' for p in n.body)


# --------------------------------------------------------------------------- bold


def _bold_head(head: Heading) -> str:
    if not head.located:
        return f"<p><b>{_E(head.raw)}</b></p>"
    pieces = []
    for role, text in head.parts():
        pieces.append(f"<b>{_E(text)}</b><br>" if role == "title" else _E(text))
    return "<p>" + "".join(pieces) + "</p>"


class BoldShape(Shape):
    """A blog post's markup: the title bold, a line break and the artist in one `<p>`, the
    entry's other lines in one `<div>` joined by single `<br>`s (no empty line anywhere), the
    page's paragraphs likewise; section titles `<h3>`."""

    closes = _KINDS - {"para"}

    def __init__(self, model: PageModel) -> None:
        super().__init__(model)
        self.loose: list[str] = []

    def close(self) -> None:
        if self.loose:
            self.out.append("<div>" + _each("{}", self.loose, "<br>") + "</div>")
            self.loose.clear()

    def para(self, n: Node) -> None:
        self.loose.extend(p.text for p in n.body)

    def section(self, n: Node) -> None:
        self.out.append(f"<h3>{_E(n.text)}</h3>")

    def entry(self, n: Node, head: Heading) -> None:
        self.out.append(_bold_head(head))
        lines = [*n.videos, *(p.text for p in n.body)]
        if lines:
            self.out.append("<div>" + _each("{}", lines, "<br>") + "</div>")


# --------------------------------------------------------------------------- links


def _link_rows(group: list[Node]) -> str:
    """A playlist as a table of rows whose song cell is a link."""
    out = ['<table class="rows">']
    for r in group:
        if r.kind == "table_title":
            out.append(f"<caption>{_E(r.text)}</caption>")
        elif r.kind == "table_head":
            out.append("<tr>" + _each("<th>{}</th>", r.lines) + "</tr>")
        else:
            assert r.heading is not None
            cells = [_E(r.rank_cell), f'<a href="#">{_E(_song_text(r.heading))}</a>']
            cells.extend(_E(x) for x in ([r.play] if r.play else []) + r.review)
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return "".join(out) + "</table>"


class LinksShape(Shape):
    """A grid of song tiles: the heading is the text of a link (title and artist two `<span>`s
    inside it, a line break between them in the source), the videos and the description
    `<p>`s in a sibling `<div>`; playlists in a table whose song cells are links."""

    wrap = ('<div class="wrapper">', "</div>")
    container = ('<div class="tiles">', "</div>")
    closes = _KINDS - {"entry"}

    def __init__(self, model: PageModel) -> None:
        super().__init__(model)
        self.song_no = 0

    def entry(self, n: Node, head: Heading) -> None:
        self.song_no += 1
        name = _heading_children(head, "<span>{}</span>", "\n<span>{}</span>", "<span>{}</span>")
        text = _each("<p>{}</p>", [*n.videos, *(p.text for p in n.body)])
        self.items.append(
            f'<div class="tile"><a href="/songs/{self.song_no}">{name}</a>'
            f'<div class="tile-text">{text}</div></div>'
        )

    def rows(self, group: list[Node]) -> None:
        self.out.append(_link_rows(group))


# --------------------------------------------------------------------------- microdata


def _md_song(head: Heading) -> str:
    return _heading_children(
        head,
        '<span itemprop="name">{}</span>',
        '\n<span itemprop="byArtist">{}</span>',
        '<span class="flag">{}</span>',
    )


_RECORDING = '<div itemscope itemtype="https://schema.org/MusicRecording"'


class MicrodataShape(Shape):
    """schema.org microdata and no heading element at all: the page title a `<div>`, each entry
    a `MusicRecording` `<div>` holding `name` and `byArtist` `<span>`s (a line break between
    them in the source), its video titles and `description` in `<div>`s; playlist rows the
    same with a `position` `<span>` before the name."""

    wrap = ('<div itemscope itemtype="https://schema.org/ItemList">', "</div>")

    def title(self, n: Node) -> None:
        self.out.append(f'<div itemprop="headline" class="headline">{_E(n.text)}</div>')

    def section(self, n: Node) -> None:
        self.out.append(f'<div class="group-label">{_E(n.text)}</div>')

    def entry(self, n: Node, head: Heading) -> None:
        item = [_md_song(head)]
        if n.videos:
            item.append('<div itemprop="video">' + _each("<div>{}</div>", n.videos) + "</div>")
        if n.body:
            paras = _each("<p>{}</p>", [p.text for p in n.body])
            item.append(f'<div itemprop="description">{paras}</div>')
        self.out.append(f'{_RECORDING} itemprop="itemListElement">{"".join(item)}</div>')

    def rows(self, group: list[Node]) -> None:
        for r in group:
            if r.kind == "table_title":
                self.section(r)
            elif r.kind == "table_head":
                self.out.append("<div>" + _each("<span>{}</span>", r.lines, "\n") + "</div>")
            else:
                assert r.heading is not None
                item = [f'<span itemprop="position">{_E(r.rank_cell)}</span>\n']
                item.append(_md_song(r.heading))
                if r.play:
                    item.append(f"<div>{_E(r.play)}</div>")
                item.extend(f'<div itemprop="review">{_E(x)}</div>' for x in r.review)
                self.out.append(f"{_RECORDING}>{''.join(item)}</div>")


# --------------------------------------------------------------------------- feed


class FeedShape(Shape):
    """No `<main>`: each entry an `<article>` of its own, the heading an `<h2>` in its
    `<header>`, video titles in `<figcaption>`s of a `<figure>`; the site header a `<header>`
    before the feed, section titles `<h2>` between the articles."""

    wrap = ('<div class="feed">', "</div>")
    table = ('<table class="chart-rows">', "</table>")

    def header(self, n: Node) -> None:
        self.top.append('<header class="masthead">' + _each("<div>{}</div>", n.lines) + "</header>")

    def entry(self, n: Node, head: Heading) -> None:
        parts = [f"<header><h2>{_E(head.raw)}</h2></header>"]
        if n.videos:
            parts.append("<figure>" + _each("<figcaption>{}</figcaption>", n.videos) + "</figure>")
        parts.extend(f"<p>{_E(p.text)}</p>" for p in n.body)
        self.out.append(f'<article class="post-item">{"".join(parts)}</article>')


# --------------------------------------------------------------------------- quote


class QuoteShape(Shape):
    """Descriptions quoted: headings `<h4>` under `<h3>` section titles, video titles in the
    `<figcaption>` of a `<figure>` (`<br>`-separated), the description's paragraphs in a
    `<figure><blockquote>`."""

    wrap = ("<main>", "</main>")
    table = ("<table>", "</table>")

    def section(self, n: Node) -> None:
        self.out.append(f"<h3>{_E(n.text)}</h3>")

    def entry(self, n: Node, head: Heading) -> None:
        self.out.append(f"<h4>{_E(head.raw)}</h4>")
        if n.videos:
            caption = _each("{}", n.videos, "<br>")
            self.out.append(f"<figure><figcaption>{caption}</figcaption></figure>")
        if n.body:
            quote = _each("<p>{}</p>", [p.text for p in n.body])
            self.out.append(f"<figure><blockquote>{quote}</blockquote></figure>")


# --------------------------------------------------------------------------- details


class DetailsShape(Shape):
    """A disclosure widget per entry: `<details open><summary>HEADING</summary>` and its video
    titles and paragraphs as `<p>`s; nothing but the summary marks the heading."""

    wrap = ('<div class="faq">', "</div>")
    table = ("<table>", "</table>")

    def entry(self, n: Node, head: Heading) -> None:
        body = _each("<p>{}</p>", [*n.videos, *(p.text for p in n.body)])
        self.out.append(f"<details open><summary>{_E(head.raw)}</summary>{body}</details>")


# --------------------------------------------------------------------------- songtable


def _name_cells(head: Heading) -> tuple[str, str]:
    """A heading as two table cells: up to the first name (and a badge after it), then the
    second name with what follows it; a heading the labels cannot place in the first."""
    if not head.located or head.artist is None:
        return _E(head.raw), ""
    second = "title" if head.artist_first else "artist"
    first_cell: list[str] = []
    second_cell: list[str] = []
    for role, text in head.parts():
        if role == second:
            second_cell.append(_E(text))
        else:
            (second_cell if second_cell else first_cell).append(_E(text))
    return "".join(first_cell), "".join(second_cell)


class SongTableShape(Shape):
    """A data table of one row per song: a `<thead>` of column heads named only by their
    `aria-label`, then per entry the title cell, the artist cell and a cell holding the
    video titles and the description's paragraphs; no rank, no heading element."""

    wrap = ('<div class="post-inner">', "</div>")
    closes = _KINDS - {"entry"}
    table = ('<table class="chart-list"><tbody>', "</tbody></table>")

    def close(self) -> None:
        if self.items:
            heads = _each('<th scope="col" aria-label="{}"></th>', ["Song", "Artist", "About"])
            self.out.append(
                f'<table class="songs"><thead><tr>{heads}</tr></thead><tbody>'
                + "".join(self.items)
                + "</tbody></table>"
            )
            self.items.clear()

    def entry(self, n: Node, head: Heading) -> None:
        first, second = _name_cells(head)
        about = _each("<p>{}</p>", [*n.videos, *(p.text for p in n.body)])
        self.items.append(f"<tr><td>{first}</td><td>{second}</td><td>{about}</td></tr>")


# --------------------------------------------------------------------------- lazy


def _inline_marks(text: str) -> str:
    """A paragraph with inline markup on its own words: quoted names in `<em>`, the first
    year a tag link (no text added or lost)."""
    out = re.sub(r"(“[^”<>]{1,60}”)", r"<em>\1</em>", _E(text, quote=False))
    return re.sub(r"\b((?:19|20)\d\d)\b", r'<a href="/tag/\1">\1</a>', out, count=1)


class LazyShape(Shape):
    """A framework page: Bootstrap's grid around the content, each entry a `<section
    aria-labelledby>` whose `<h3 id>` opens with an anchor link holding an icon `<i>`, the
    videos lazy `<lite-youtube videoid title=…>` players (their title only in the attribute),
    the caption a `<p>`, quoted names and years in the description inline `<em>` and `<a>`."""

    wrap = (
        '<main id="main"><div class="container"><div class="row"><div class="col-lg-8">',
        "</div></div></div></main>",
    )
    table = ('<table class="tbl">', "</table>")

    def __init__(self, model: PageModel) -> None:
        super().__init__(model)
        self.song_no = 0

    def para(self, n: Node) -> None:
        self.out.append(f"<p>{_inline_marks(n.text)}</p>")

    def entry(self, n: Node, head: Heading) -> None:
        self.song_no += 1
        sid = f"song-{self.song_no}"
        parts = [
            f'<h3 id="{sid}"><a class="anchor" href="#{sid}" aria-hidden="true">'
            f'<i class="bi bi-link-45deg"></i></a>{_E(head.raw)}</h3>'
        ]
        parts.extend(
            f'<lite-youtube videoid="v{k}" title="{_a(v)}"></lite-youtube>'
            for k, v in enumerate(n.videos[:-1])
        )
        if n.videos:
            parts.append(f'<p class="yt-note">{_E(n.videos[-1])}</p>')
        parts.extend(f"<p>{_inline_marks(p.text)}</p>" for p in n.body)
        self.out.append(f'<section aria-labelledby="{sid}">{"".join(parts)}</section>')


# --------------------------------------------------------------------------- aria


class AriaShape(Shape):
    """No heading tag and no table: `<div role="heading" aria-level=…>` for the page title,
    section titles and song headings (each entry a `<section aria-label>`), every line a
    `<div>` of one class shared by headings
    and text alike; the site header `<span>`s in a banner `<div>`, related links a `<nav>` of
    `<span role="listitem">`s, playlists `<div role="row">`s of `<span role="cell">`s."""

    wrap = ('<div role="main" class="app">', "</div>")
    table = ('<div role="grid">', "</div>")

    def header(self, n: Node) -> None:
        lines = _each('<span role="link" class="t">{}</span>', n.lines, "<br>")
        self.out.append(f'<div role="banner">{lines}</div>')

    def title(self, n: Node) -> None:
        self.out.append(f'<div role="heading" aria-level="1" class="t">{_E(n.text)}</div>')

    def related(self, n: Node) -> None:
        items = _each('<span role="listitem"><a href="#">{}</a></span>', n.lines)
        self.out.append(f'<nav aria-label="related" role="list">{items}</nav>')

    def para(self, n: Node) -> None:
        self.out.append(f'<div class="t">{_E(n.text)}</div>')

    def section(self, n: Node) -> None:
        self.out.append(f'<div role="heading" aria-level="2" class="t">{_E(n.text)}</div>')

    def entry(self, n: Node, head: Heading) -> None:
        lines = _each('<div class="t">{}</div>', [*n.videos, *(p.text for p in n.body)])
        self.out.append(
            f'<section aria-label="song"><div role="heading" aria-level="3" class="t">'
            f"{_E(head.raw)}</div>{lines}</section>"
        )

    def table_title(self, r: Node) -> str:
        return f'<div role="row"><span role="columnheader">{_E(r.text)}</span></div>'

    def table_head(self, r: Node) -> str:
        return (
            '<div role="row">' + _each('<span role="columnheader">{} </span>', r.lines) + "</div>"
        )

    def row(self, r: Node, head: Heading) -> str:
        cells = [r.rank_cell, _song_text(head), *([r.play] if r.play else []), *r.review]
        return '<div role="row">' + _each('<span role="cell">{} </span>', cells) + "</div>"


# --------------------------------------------------------------------------- builder


def _widget(kind: str, inner: str) -> str:
    """One page-builder widget, six wrappers deep."""
    return (
        '<section class="eb-section"><div class="eb-container"><div class="eb-column">'
        f'<div class="eb-wrap"><div class="eb-widget eb-widget-{kind}">'
        f'<div class="eb-widget-container">{inner}</div></div></div></div></div></section>'
    )


class BuilderShape(Shape):
    """A page builder's output: every block a widget six `<div>`/`<section>`s deep; the page
    title, section titles and song headings all `<h2 class="eb-heading-title">` (the page
    title an `<h1>`); text widgets of `<p>`s; videos in a video widget's `<p>`s."""

    wrap = ('<div class="eb-page">', "</div>")
    table = ('<table class="eb-list"><tbody>', "</tbody></table>")

    def header(self, n: Node) -> None:
        self.top.append(
            '<div class="eb-location-header">'
            + _each('<div class="eb-widget-container"><p>{}</p></div>', n.lines)
            + "</div>"
        )

    def title(self, n: Node) -> None:
        self.out.append(_widget("heading", f'<h1 class="eb-heading-title">{_E(n.text)}</h1>'))

    def para(self, n: Node) -> None:
        self.out.append(_widget("text-editor", f"<p>{_E(n.text)}</p>"))

    def section(self, n: Node) -> None:
        self.out.append(_widget("heading", f'<h2 class="eb-heading-title">{_E(n.text)}</h2>'))

    def related(self, n: Node) -> None:
        items = _each('<li><a href="#"><span class="eb-list-text">{}</span></a></li>', n.lines)
        self.out.append(_widget("icon-list", f"<ul>{items}</ul>"))

    def entry(self, n: Node, head: Heading) -> None:
        self.out.append(_widget("heading", f'<h2 class="eb-heading-title">{_E(head.raw)}</h2>'))
        if n.videos:
            self.out.append(_widget("video", _each("<p>{}</p>", n.videos)))
        if n.body:
            self.out.append(_widget("text-editor", _each("<p>{}</p>", [p.text for p in n.body])))


# --------------------------------------------------------------------------- utility


class UtilityShape(Shape):
    """Utility-class soup and no semantic element: every line a `<div>` whose classes only
    say how it looks, the heading a `<div>` with an `<svg>` icon and a `<span>`, links in
    `<a>`s of their own; playlists in a table of styled cells."""

    wrap = ('<div class="mx-auto max-w-3xl px-4"><div class="space-y-6">', "</div></div>")
    table = ('<div class="overflow-x-auto"><table class="min-w-full divide-y"><tbody>',
             "</tbody></table></div>")  # fmt: skip

    def header(self, n: Node) -> None:
        cells = _each('<div class="text-sm font-medium">{}</div>', n.lines)
        self.top.append(f'<div class="flex items-center justify-between py-4">{cells}</div>')

    def title(self, n: Node) -> None:
        self.out.append(f'<div class="mt-6 text-3xl font-extrabold">{_E(n.text)}</div>')

    def para(self, n: Node) -> None:
        self.out.append(f'<div class="mt-4 text-base leading-7">{_E(n.text)}</div>')

    def section(self, n: Node) -> None:
        self.out.append(f'<div class="mt-12 text-2xl font-semibold">{_E(n.text)}</div>')

    def related(self, n: Node) -> None:
        links = _each('<a class="block text-blue-600 hover:underline" href="#">{}</a>', n.lines)
        self.out.append(f'<div class="mt-4 space-y-1">{links}</div>')

    def entry(self, n: Node, head: Heading) -> None:
        item = [
            '<div class="mt-10 flex items-center gap-2 text-lg font-bold">'
            '<svg class="h-5 w-5" viewBox="0 0 20 20"><path d="M0 0h20v20H0z"/></svg>'
            f"<span>{_E(head.raw)}</span></div>"
        ]
        if n.videos:
            item.append('<div class="mt-2 text-sm">' + _each("<div>{}</div>", n.videos) + "</div>")
        item.extend(f'<div class="mt-4 text-base leading-7">{_E(p.text)}</div>' for p in n.body)
        self.out.append('<div class="rounded-lg border p-4">' + "".join(item) + "</div>")

    def row(self, r: Node, head: Heading) -> str:
        cells = [r.rank_cell, _song_text(head), *([r.play] if r.play else []), *r.review]
        return "<tr>" + _each('<td class="px-3 py-2 text-sm">{}</td>', cells) + "</tr>"


# --------------------------------------------------------------------------- subtitle


def _subtitle_head(head: Heading) -> str:
    """Title in an `<h5>`, artist in the `<h6>` below it (in page order); a heading the
    labels cannot place (or without an artist) whole in the `<h5>`."""
    if not head.located or head.artist is None:
        return f'<h5 class="card-name">{_E(head.raw)}</h5>'
    first, second = _name_cells(head)
    tags = ("h6", "h5") if head.artist_first else ("h5", "h6")
    return (
        f'<{tags[0]} class="card-name">{first}</{tags[0]}>'
        f'<{tags[1]} class="card-sub text-muted">{second}</{tags[1]}>'
    )


class SubtitleShape(Shape):
    """Bootstrap cards: the title an `<h5>`, the artist an `<h6>` subtitle (two heading
    elements for one heading), the videos iframes in a ratio `<div>` (title only in the
    attribute), the caption and the paragraphs `<p class="card-text">`."""

    wrap = ('<div class="container my-5">', "</div>")
    table = ('<table class="tbl-striped">', "</table>")

    def title(self, n: Node) -> None:
        self.out.append(f'<h1 class="display-5 fw-bold">{_E(n.text)}</h1>')

    def section(self, n: Node) -> None:
        self.out.append(f'<h2 class="h4 mt-5">{_E(n.text)}</h2>')

    def entry(self, n: Node, head: Heading) -> None:
        parts = [_subtitle_head(head)]
        parts.extend(
            f'<div class="ratio ratio-16x9"><iframe title="{_a(v)}" '
            f'src="https://www.youtube.com/embed/v{k}"></iframe></div>'
            for k, v in enumerate(n.videos[:-1])
        )
        lines = [*n.videos[-1:], *(p.text for p in n.body)]
        parts.append(_each('<p class="card-text">{}</p>', lines))
        self.out.append(
            f'<div class="card mb-4"><div class="card-body">{"".join(parts)}</div></div>'
        )


def _template(text: str, labels: dict[str, Any]) -> str:
    from scraper.quality.render import render_as_html

    return render_as_html(text, labels)


Renderer = Callable[[str, dict[str, Any]], str]

SHAPES: dict[str, Renderer] = {
    "template": _template,
    "generic": GenericShape.render,
    "spans": SpansShape.render,
    "divs": DivsShape.render,
    "bare": BareShape.render,
    "cms": CmsShape.render,
    "dl": DlShape.render,
    "br": BrShape.render,
    "cards": CardsShape.render,
    "tables": TablesShape.render,
    "pairs": PairsShape.render,
    "bold": BoldShape.render,
    "links": LinksShape.render,
    "microdata": MicrodataShape.render,
    "feed": FeedShape.render,
    "quote": QuoteShape.render,
    "details": DetailsShape.render,
    "songtable": SongTableShape.render,
    "lazy": LazyShape.render,
    "aria": AriaShape.render,
    "builder": BuilderShape.render,
    "utility": UtilityShape.render,
    "subtitle": SubtitleShape.render,
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
