"""Turn a page, HTML or a text rendering of it, into one stream of blocks.

Both inputs end in the same `list[Block]`, which `segment.segment` turns into entries: HTML
blocks arrive with the kinds the markup proves (`kind="heading"`, title/artist pieces...), text
blocks mostly with `kind=None`, for the segmenter to classify from the text alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import cast

import lxml.html
from lxml import etree

from parsers.model import Block, BlockKind, Piece, PieceRole
from parsers.sites import html_template as T
from parsers.sites.decorations import (
    ICON_WORDS,
    PLAY_LINE_SUFFIX,
    PLAYLIST_ROW_RE,
    RELATED_PREFIX,
    is_chrome_line,
    is_section_title,
    is_updated_line,
)

_WS = re.compile(r"[ \t\u00a0\u3000]+")


def clean_line(text: str) -> str:
    return _WS.sub(" ", text).strip()


def looks_like_html(content: str) -> bool:
    head = content.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(html|head|body|article|div|p|h[1-6])[\s>]", head)
    )


# --------------------------------------------------------------------------- text renderings


def text_to_blocks(text: str) -> list[Block]:
    """A text rendering of a page: one block per non-empty line."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    # A literal backslash-n left by some renderers means a line break.
    text = text.replace("\\n", "\n")
    lines = text.split("\n")
    blocks: list[Block] = []
    for i, raw in enumerate(lines):
        line = clean_line(raw)
        if not line:
            if blocks:
                blocks[-1].blank_after = True
            continue
        if line.startswith("|") and line.count("|") >= 3:
            block = _table_row_block(line)
            if block is None:
                continue
            blocks.append(block)
            continue
        blocks.append(Block(text=line, kind=_text_hint(line, i == 0)))
    _unbullet_headings(blocks)
    return blocks


def _unbullet_headings(blocks: list[Block]) -> None:
    """A list whose items head entries ("- crescent moonAyaka", then its video titles and
    description; what a renderer prints for headings in <li>s) is no list of related links:
    related links come one after the other, a heading's item stands alone. When two or more
    "- " lines stand alone (no "- " line before or after them), or one right after a section
    title, they lose the mark and are read as any line is."""

    def bullet(i: int) -> bool:
        return 0 <= i < len(blocks) and blocks[i].kind == "related"

    alone = [i for i in range(len(blocks)) if bullet(i) and not bullet(i - 1) and not bullet(i + 1)]
    alone = [i for i in alone if i + 1 < len(blocks) and blocks[i + 1].kind is None]
    # one is enough right after a section title, which no related link follows
    if len(alone) < 2 and not (alone and alone[0] > 0 and blocks[alone[0] - 1].kind == "section"):
        return
    for i in alone:
        blocks[i].text = blocks[i].text.removeprefix(RELATED_PREFIX).strip()
        blocks[i].kind = None


def _text_hint(line: str, first: bool) -> BlockKind | None:
    if first:
        return None
    if line.startswith(RELATED_PREFIX):
        return "related"
    if is_section_title(line):
        return "section"
    if is_updated_line(line):
        return "updated"
    if is_chrome_line(line):
        return "chrome"
    if PLAYLIST_ROW_RE.match(line):
        return "playlist_row"
    return None


def _table_row_block(line: str) -> Block | None:
    """A playlist rendered as a markdown table: `| 1east | TitleArtist | play_arrow | review |`."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(re.fullmatch(r"-*:?-*:?", c) for c in cells):
        return None  # the |---|---| separator
    rank_cell = cells[0] if cells else ""
    m = re.fullmatch(r"(\d{1,4})\s*(?:east|north_east|south_east|remove)?", rank_cell)
    if not m or len(cells) < 2:
        return Block(text=line, kind="chrome")
    pieces = [Piece("rank", m.group(1)), Piece("text", cells[1])]
    review = next(
        (c for c in cells[2:] if c and c not in ICON_WORDS and not c.endswith(PLAY_LINE_SUFFIX)),
        None,
    )
    if review:
        pieces.append(Piece("review", review))
    return Block(text=line, kind="playlist_row", pieces=tuple(pieces))


# --------------------------------------------------------------------------- HTML


@dataclass
class HtmlMeta:
    title: str | None
    canonical_url: str | None
    lang: str | None
    pagination: list[str]
    related: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _text(el: etree._Element) -> str:
    return clean_line("".join(el.itertext()))


def html_to_blocks(html: str | bytes) -> tuple[list[Block], HtmlMeta]:
    """Blocks from any HTML rendering of a list page: a richer text rendering.

    Every block element becomes a line (inline markup joins into its line, `<br>` breaks one),
    in document order, from the page's content root (our template's article element, else
    `<main>`, `<article>`, `[role=main]`, else the body). Markup adds evidence to the lines
    (their tag and classes, two text children of a heading) and our template's class names give
    kinds where they are present; the segmenter classifies the rest as it does text.
    """
    try:
        # huge_tree: libxml2 otherwise drops everything nested deeper than 256 elements
        doc = lxml.html.document_fromstring(html, parser=_PARSER)
        if any("Excessive depth" in e.message for e in _PARSER.error_log):
            # libxml2 drops what is nested past its hard limit: read the page as text instead
            meta = HtmlMeta(None, None, None, [], [])
            meta.warnings.append("HTML nested past the parser's depth limit: read as text")
            return text_to_blocks(render_text(html, "html.parser")), meta
    except (etree.ParserError, ValueError):
        # not even a document (a cut "<!DOCTYPE h"): what text there is, as text
        return text_to_blocks(render_text(html)), HtmlMeta(None, None, None, [], [])
    meta = HtmlMeta(
        title=_first_text(doc, T.PAGE_TITLE_XPATH),
        canonical_url=_first_attr(doc, T.CANONICAL_XPATH),
        lang=(doc.get("lang") or None),
        pagination=[],
    )
    root = _content_root(doc)
    flattened = _unwrap_deep(root)
    meta.pagination = T.pagination_hrefs(root) or T.pagination_hrefs(doc)
    meta.related = T.related_hrefs(root)
    lin = _Linearizer()
    lin.walk(root, 0)
    lin.flush()
    blocks = lin.blocks
    _drop_running_counts(blocks)
    _page_top(blocks, _first_text(doc, "//head/title"))
    if flattened:
        meta.warnings.append(
            f"HTML nested deeper than {MAX_DEPTH} elements: {flattened} wrapper elements"
            " below that depth were unwrapped"
        )
    if lin.too_deep:
        meta.warnings.append(f"HTML nested deeper than {MAX_DEPTH} elements: deeper text read flat")
    return blocks, meta


_PARSER = lxml.html.HTMLParser(huge_tree=True)
MAX_DEPTH = 200
# Elements that only wrap others: below MAX_DEPTH they are unwrapped (their content kept).
_WRAPPER_TAGS = frozenset("div section article span main aside font center blockquote".split())


def _unwrap_deep(root: etree._Element) -> int:
    """When the tree is nested deeper than MAX_DEPTH, unwrap the wrapper elements below half
    that depth (their content stays, in order), so that the walk stays shallow and no text is
    lost. Returns how many were unwrapped."""
    deep: list[lxml.html.HtmlElement] = []
    max_depth = 0
    stack: list[tuple[etree._Element, int]] = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        max_depth = max(max_depth, depth)
        stack.extend((c, depth + 1) for c in el if isinstance(c.tag, str))
        if depth > MAX_DEPTH // 2 and el.tag in _WRAPPER_TAGS:
            deep.append(cast(lxml.html.HtmlElement, el))
    if max_depth <= MAX_DEPTH:
        return 0
    for el in deep:
        el.drop_tag()
    return len(deep)


# Elements that start a new line; everything else is inline and joins the line it is in.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul center".split()
)
_SKIP_TAGS = frozenset(
    "script style noscript template head svg button select input textarea option form "
    "object embed audio video canvas map".split()
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# ARIA roles of elements that are lines of their own whatever their tag (a `<span
# role="cell">` of a grid laid out in `<div role="row">`s, as a `<td>` of a `<tr>`)
_BLOCK_ROLES = frozenset({"heading", "row", "cell", "gridcell", "rowheader", "columnheader"})


def _content_root(doc: etree._Element) -> etree._Element:
    for xpath in (
        "//article[contains(concat(' ', normalize-space(@class), ' '), ' p-article ')]",
        "//main",
        "//*[@role='main']",
    ):
        found = doc.xpath(xpath)
        if found:
            return cast(etree._Element, found[0])
    body = doc.find("body")
    if body is None:
        body = doc
    articles = doc.xpath("//article[not(ancestor::article)]")
    if articles:
        return _article_root(articles, body)
    return body


def _article_root(articles: list[etree._Element], body: etree._Element) -> etree._Element:
    """The `<article>` holding the most text is the page's own (others are teasers of other
    pages) unless it is one entry of a list (a feed of song cards, each an `<article>`): when
    it has alike siblings (the same class), holds less than half the page's text, or the page
    title (`<h1>`) stands outside it. Then the root is the nearest ancestor that holds them,
    the title and half the page's text."""
    sizes = [_text_size(a) for a in articles]
    k = max(range(len(articles)), key=sizes.__getitem__)
    el, size = articles[k], sizes[k]
    parent = el.getparent()
    alike = [a for a in articles if a.getparent() is parent and a.get("class") == el.get("class")]
    if len(alike) > 1 and parent is not None:
        el, size = parent, _text_size(parent)
    total = _text_size(body)
    title = body.xpath("(.//h1[not(ancestor::header or ancestor::nav or ancestor::footer)])[1]")
    while (2 * size < total or (title and el not in title[0].iterancestors())) and el is not body:
        parent = el.getparent()
        if parent is None:
            break
        size += _chars(parent.text) + sum(
            _chars(c.tail) + (_text_size(c) if c is not el and _measured(c) else 0) for c in parent
        )
        el = parent
    return el


# What the walk skips or reads as no content: left out when weighing a root's text.
_UNMEASURED = frozenset({"header", "footer", "nav", "aside"})


def _measured(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and el.tag not in _SKIP_TAGS and el.tag not in _UNMEASURED


def _chars(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


def _text_size(el: etree._Element) -> int:
    """The characters of text (spaces aside) in `el`, without what `_measured` leaves out."""
    n = 0
    stack = [el]
    while stack:
        e = stack.pop()
        n += _chars(e.text)
        for c in e:
            n += _chars(c.tail)
            if _measured(c):
                stack.append(c)
    return n


class _Linearizer:
    """Walks the content root, writing one Block per line of text."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.too_deep = False
        self._parts: list[tuple[str, str | None]] = []  # (text, inline tag or None)
        self._line_el: etree._Element | None = None
        self._seen_h1 = False

    # -- lines
    def flush(self, *, end_of_block: bool = True) -> None:
        raw, self._parts = self._parts, []
        el = self._line_el
        if el is not None and el.tag == "pre" and any("\n" in t for t, _ in raw):
            lines = "".join(t for t, _ in raw).split("\n")
            for k, line in enumerate(lines):
                self._parts = [(line, None)]
                # an empty line of preformatted text ends a paragraph, as in a text rendering
                self.flush(end_of_block=not line.strip() or (end_of_block and k == len(lines) - 1))
            return
        # in HTML a line break in the source is a space
        raw = [(t.replace("\n", " ").replace("\r", " "), tag) for t, tag in raw]
        text = clean_line("".join(t for t, _ in raw))
        if not text:
            if end_of_block and self.blocks:
                self.blocks[-1].blank_after = True
            return
        parts = [(p, tag) for p, tag in ((clean_line(t), tag) for t, tag in raw) if p]
        text = _glued_rank(text, parts)
        player = next(
            (k for k, (p, tag) in enumerate(parts) if k and tag and p.endswith(PLAY_LINE_SUFFIX)),
            None,
        )
        if player is not None:
            # a playlist row laid out inline: row, player, review; one line each, as in text
            self._split_row(parts, player, end_of_block)
            return
        tag = el.tag if el is not None and isinstance(el.tag, str) else None
        kind: BlockKind | None = _text_hint(text, False)
        if kind is None and el is not None:
            kind = cast("BlockKind | None", T.container_kind(el))
        if kind is None and tag == "h1" and not self._seen_h1:
            kind = "page_title"
            self._seen_h1 = True
        elif kind is None and el is not None and _is_link_item(el, text):
            kind = "related"
        pieces = _two_parts(parts) if kind in (None, "playlist_row") else ()
        self.blocks.append(
            Block(
                text=text,
                kind=kind,
                pieces=pieces,
                blank_after=end_of_block,
                markup=_markup_of(el, parts, bool(pieces)),
            )
        )

    def _split_row(
        self, parts: list[tuple[str, str | None]], player: int, end_of_block: bool
    ) -> None:
        groups = [g for g in (parts[:player], parts[player : player + 1], parts[player + 1 :]) if g]
        for n, group in enumerate(groups):
            self._parts = list(group)
            self.flush(end_of_block=end_of_block and n == len(groups) - 1)

    def _text(self, text: str | None) -> None:
        if text:
            self._parts.append((text, None))

    # -- the walk
    def walk(self, el: etree._Element, depth: int) -> None:
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None:  # comment or processing instruction
                self._text(child.tail)
                continue
            tag = tag.lower()
            kind = T.block_kind(child)
            if kind == "skip" and tag in ("header", "footer") and el.tag != "body":
                kind = None  # an article's own header (its h1), not the site's
            if _is_video_embed(child, tag):
                title = clean_line(child.get("title") or "")
                if title and title.lower() not in ("youtube video player", "youtube"):
                    self.flush()
                    self.blocks.append(Block(text=title, kind="video", blank_after=True))
            elif kind == "skip" or tag in _SKIP_TAGS:
                pass
            elif tag == "tr":
                self.flush()
                self._table_row(child, depth)
            elif kind in ("heading", "video", "playlist_row") and depth < MAX_DEPTH:
                self.flush()
                self._template_block(child, kind)
            elif tag == "br":
                if not "".join(t for t, _ in self._parts).strip() and self.blocks:
                    self.blocks[-1].blank_after = True  # <br><br>: an empty line
                self.flush(end_of_block=False)
            elif tag in _BLOCK_TAGS or child.get("role") in _BLOCK_ROLES:
                self.flush()
                saved = self._line_el
                self._line_el = child
                if kind is not None and kind not in ("pagination", "chrome"):
                    self._template_line(child, kind)
                elif kind in ("pagination", "chrome"):
                    text = clean_line("".join(child.itertext()))
                    if text and kind == "chrome":
                        self.blocks.append(Block(text=text, kind="chrome", blank_after=True))
                elif depth >= MAX_DEPTH:
                    self.too_deep = True
                    self._parts.append(("".join(child.itertext()), None))
                elif tag in _HEADING_TAGS and child.find(".//br") is not None:
                    self._parts = _broken_heading_parts(child)
                else:
                    self._text(child.text)
                    self.walk(child, depth + 1)
                self.flush()
                self._line_el = saved
            else:  # inline: one part of the line
                if self._line_el is None:
                    self._line_el = el
                self._parts.extend(_inline_parts(child, tag))
            self._text(child.tail)

    def _template_line(self, el: etree._Element, kind: str) -> None:
        text = clean_line("".join(el.itertext()))
        if text:
            self.blocks.append(Block(text=text, kind=cast(BlockKind, kind), blank_after=True))

    def _template_block(self, el: etree._Element, kind: str) -> None:
        if kind == "heading":
            self.blocks.append(_heading_block(el))
        elif kind == "video":
            for title in T.video_titles(el):
                self.blocks.append(Block(text=title, kind="video", blank_after=True))
        else:
            self.blocks.append(_playlist_row_block(el))

    def _table_row(self, tr: etree._Element, depth: int) -> None:
        if T.block_kind(tr) == "playlist_row" and tr.xpath(".//*[contains(@class, 'p-song__')]"):
            self.blocks.append(_playlist_row_block(tr))
            return
        cells = [clean_line("".join(c.itertext())) for c in tr if c.tag in ("td", "th")]
        cells = [c for c in cells if c]
        if not cells:
            return
        if all(c.tag == "th" for c in tr if isinstance(c.tag, str)):
            if _one_column(tr):  # a layout table (an entry's heading in a <th>): read as lines
                self.walk(tr, depth + 1)
            else:  # the column heads of a data table (a playlist's): chrome
                self.blocks.append(Block(text=" ".join(cells), kind="chrome", blank_after=True))
            return
        row = _table_row_block("| " + " | ".join(cells) + " |")
        # (a first cell of four digits is a title, "2057", not a rank)
        plain = row is not None and (row.kind == "chrome" or not is_decoration(cells[0]))
        song = _song_row_cells(tr) if plain else None
        if song is not None:
            # one row per song: its name cells one line of two parts, then the description
            saved, self._line_el = self._line_el, tr
            self._parts = [(name, "td") for name in song[0]]
            self.flush()
            self._line_el = saved
            for cell in song[1]:
                self.walk(cell, depth + 1)
                self.flush()
        elif row is not None and row.kind == "chrome":
            # no rank: not a playlist row but a layout table; each cell is read as a block
            self.walk(tr, depth + 1)
        elif row is not None:
            row.blank_after = True
            self.blocks.append(row)


# Elements a song's name stands in (not the page title's <h1>).
_NAME_TAGS = (_HEADING_TAGS - {"h1"}) | {"summary", "dt", "th"}
# "1. ", "#2 ", "No. 3 ": the running number a list page puts before each heading
_COUNT_RE = re.compile(r"(?:#|No\.\s?)?(\d{1,3})[.)]?\s+(?=\S)")


def _drop_running_counts(blocks: list[Block]) -> None:
    """The running number before each heading (`<h3>1. Lemon…</h3>`, `<h3><span>2.</span>
    …</h3>`) is the entry's place in the list, no part of its name: taken off when the
    heading elements that carry one count on by one from one to the next (or the page's one
    heading is "1. …"); a title that opens with a number ("366 days") does not count on."""
    counted: list[tuple[Block, re.Match[str]]] = []
    for b in blocks:
        tag = re.split(r"[.>]", b.markup or "")[0]
        m = _COUNT_RE.match(b.text) if b.kind is None and tag in _NAME_TAGS else None
        if m:
            counted.append((b, m))
    numbers = [int(m.group(1)) for _, m in counted]
    named = sum(
        1 for b in blocks if b.kind is None and re.split(r"[.>]", b.markup or "")[0] in _NAME_TAGS
    )
    running = all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))
    # one heading: "1. Lemon…" alone on the page, not "366 days"
    lone = len(counted) == 1 and (
        named > 1 or numbers[0] != 1 or counted[0][1].group().strip().isdigit()
    )
    if not counted or not running or lone:
        return
    for b, m in counted:
        b.text = b.text[m.end() :]


def _is_video_embed(el: etree._Element, tag: str) -> bool:
    """An embedded player: an `<iframe>`, or a player element of a lazy-loading or AMP page
    (`<lite-youtube videoid=…>`, `<amp-youtube data-videoid=…>`), its `title` the video's."""
    if tag == "iframe":
        return True
    return "-" in tag and (
        tag.endswith(("-youtube", "-vimeo", "-iframe"))
        or el.get("videoid") is not None
        or el.get("data-videoid") is not None
    )


def _song_row_cells(tr: etree._Element) -> tuple[list[str], list[etree._Element]] | None:
    """A data table with one row per song and no rank: the row's first cells short names
    (title and artist, a badge aside; the artist's cell may be empty) and a cell after them
    that holds the description (paragraphs, or a sentence). The names, and the cells from
    the description on."""
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
    names: list[str] = []
    for k, cell in enumerate(cells):
        text = _text(cell)
        if text and (_holds_text_blocks(cell) or len(text) > _NAME_CELL_MAX):
            real = [n for n in names if not is_decoration(n)]
            # (a song without an artist leaves its artist cell empty)
            return (names, cells[k:]) if len(real) == 2 or (real and k >= 2) else None
        if text:
            names.append(text)
    return None


# A title or an artist is shorter than this; a cell past it holds a description.
_NAME_CELL_MAX = 120


def _holds_text_blocks(cell: etree._Element) -> bool:
    return any(
        isinstance(el.tag, str) and el.tag in ("p", "div", "br", "ul", "ol", "figure")
        for el in cell.iterdescendants()
    )


def _one_column(tr: etree._Element) -> bool:
    """No row of the row's table has two cells with text: a table used for layout (an entry
    laid out as a one-column table: its heading in a `<th>`, its text in a `<td>`), whose rows
    are read as lines, as in a text rendering. A data table's header row sits above rows of
    several cells."""
    table = next(tr.iterancestors("table"), None)
    if table is None:
        return True
    for row in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        cells = [c for c in row if c.tag in ("td", "th") and _text(c)]
        if len(cells) > 1:
            return False
    return True


# What may follow the page's own title in the document's <title>: the site's name.
_TITLE_TAIL_RE = re.compile(r"\s*[|｜\-–—:：/・«»]")


def _page_top(blocks: list[Block], title: str | None) -> None:
    """The page title among the first lines and the site's lines above it (its name, a
    tagline, a breadcrumb: chrome). A page without an `<h1>`: the first of its first lines
    that the document's `<title>` names (all of it, or before a separator and the site's
    name) is the page title."""
    top = blocks[:_TOP_LINES]
    at = next((k for k, b in enumerate(top) if b.kind == "page_title"), None)
    if at is None and title and not any(b.kind == "page_title" for b in blocks):
        for k, b in enumerate(top):
            rest = title[len(b.text) :] if title.startswith(b.text) else None
            if b.kind is None and rest is not None and (not rest or _TITLE_TAIL_RE.match(rest)):
                b.kind, b.pieces, at = "page_title", (), k
                break
    for b in top[: at or 0]:
        if b.kind is None:
            b.kind, b.pieces = "chrome", ()


_TOP_LINES = 12


def _inline_parts(el: etree._Element, tag: str) -> list[tuple[str, str | None]]:
    """The text of an inline element as parts of its line, all tagged with its tag: one part,
    or, when it wraps elements of its own (a link around a title and an artist `<span>`), one
    part per text node, so that the elements inside keep their boundaries."""
    if len(el) == 0 or el.tag == "ruby":
        return [("".join(el.itertext()), tag)]
    parts: list[tuple[str, str | None]] = [(el.text or "", tag)]
    for sub in el:
        if isinstance(sub.tag, str):
            parts.extend(_inline_parts(sub, tag))
        parts.append((sub.tail or "", tag))
    return parts


def _broken_heading_parts(el: etree._Element) -> list[tuple[str, str | None]]:
    """A heading whose title and artist stand on two lines (`Title<br>Artist`): two parts
    of one line, as two text children would be; other line breaks in it are spaces."""
    lines = [""]

    def collect(node: etree._Element) -> None:
        lines[-1] += node.text or ""
        for child in node:
            if isinstance(child.tag, str) and child.tag.lower() == "br":
                lines.append("")
            elif isinstance(child.tag, str):
                collect(child)
            lines[-1] += child.tail or ""

    collect(el)
    kept = [ln for ln in lines if ln.strip()]
    if len(kept) == 2:
        return [(kept[0], "br"), (kept[1], "br")]
    return [(" ".join(kept), None)]


def _markup_of(
    el: etree._Element | None, parts: list[tuple[str, str | None]], two_parts: bool
) -> str | None:
    """The line's markup signature: tag, classes, and the inline element it is made of."""
    if el is None or not isinstance(el.tag, str):
        return None
    sig = el.tag.lower()
    cls = " ".join(sorted((el.get("class") or "").split()))
    if cls:
        sig += "." + cls.replace(" ", ".")
    if len(parts) == 1 and parts[0][1] is not None:
        sig += ">" + str(parts[0][1])
    elif two_parts:
        sig += ">2"
    return sig


_ICON_RANK_RE = re.compile(r"\d{1,4}(?:east|north_east|south_east|remove)")


def _glued_rank(text: str, parts: list[tuple[str, str | None]]) -> str:
    """A playlist rank in an element of its own at the start of a line, with its icon word
    (`12east`) or bare before title and artist in two elements: glued to what follows, as
    the text rendering has it (`12eastTitleArtist`); the space between two elements in the
    source is no part of the row."""
    if len(parts) < 2 or parts[0][1] is None or not text.startswith(parts[0][0]):
        return text
    rank = parts[0][0]
    bare = re.fullmatch(r"\d{1,3}", rank) and sum(tag is not None for _, tag in parts[1:]) >= 2
    if bare or _ICON_RANK_RE.fullmatch(rank):
        return rank + text[len(rank) :].lstrip()
    return text


def _two_parts(parts: list[tuple[str, str | None]]) -> tuple[Piece, ...]:
    """Two text children (at least one an element), decorations aside: title and artist."""
    kept = [(t, tag) for t, tag in parts if not is_decoration(t)]
    if len(kept) != 2 or all(tag is None for _, tag in kept):
        return ()
    return (Piece("part", kept[0][0]), Piece("part", kept[1][0]))


# (a bare number is a rank up to three digits; "2057" or "1999" is a title)
_DECORATION_RE = re.compile(
    r"(?:NEW!|\d{1,4}(?:east|rank/position|位|rank)|\d{1,3}\.?|rank/position|位|"
    + "|".join(sorted(ICON_WORDS))
    + r"|No\.\s*\d{1,4}|#\d{1,4})"
)


def is_decoration(text: str) -> bool:
    """A heading part that is only a badge, a rank or an icon word."""
    return bool(_DECORATION_RE.fullmatch(text.strip()))


def _is_link_item(el: etree._Element, text: str) -> bool:
    """A list item that is one link and nothing else: a related article."""
    if el.tag != "li":
        return False
    links = el.findall(".//a")
    return len(links) == 1 and clean_line("".join(links[0].itertext())) == text


def render_text(html: str | bytes, backend: str = "lxml") -> str:
    """A plain text rendering of an arbitrary HTML page (fallback for broken markup)."""
    from bs4 import BeautifulSoup  # only on the fallback path: bs4 tolerates the worst markup

    soup = BeautifulSoup(html, backend)
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    root = soup.body or soup
    return root.get_text("\n")


def _first_text(doc: etree._Element, xpath: str) -> str | None:
    found = doc.xpath(xpath)
    return _text(found[0]) if found else None


def _first_attr(doc: etree._Element, xpath: str) -> str | None:
    found = doc.xpath(xpath)
    return str(found[0]).strip() if found else None


def _heading_block(el: etree._Element) -> Block:
    pieces: list[Piece] = []
    parts: list[str] = []
    for role, text in T.heading_pieces(el):
        text = clean_line(text)
        if not text:
            continue
        if role != "icon":
            parts.append(text)
            pieces.append(Piece(cast(PieceRole, role), text))
    return Block(text="".join(parts), kind="heading", pieces=tuple(pieces))


def _playlist_row_block(el: etree._Element) -> Block:
    pieces: list[Piece] = []
    for role, text in T.playlist_row_pieces(el):
        text = clean_line(text)
        if text and role != "icon":
            pieces.append(Piece(cast(PieceRole, role), text))
    return Block(text=" | ".join(p.text for p in pieces), kind="playlist_row", pieces=tuple(pieces))
