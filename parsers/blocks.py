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
    return blocks


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
    review = next((c for c in cells[2:] if c and c not in ICON_WORDS), None)
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


def _text(el: etree._Element) -> str:
    return clean_line("".join(el.itertext()))


def html_to_blocks(html: str | bytes) -> tuple[list[Block], HtmlMeta]:
    """Blocks from the article element of an HTML page, kinds taken from the template's classes.

    Pages whose article element is missing (an unknown or broken layout) fall back to a text
    rendering of the body, so that the text path can still find entries.
    """
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        # not even a document (a cut "<!DOCTYPE h"): what text there is, as text
        return text_to_blocks(render_text(html)), HtmlMeta(None, None, None, [], [])
    meta = HtmlMeta(
        title=_first_text(doc, T.PAGE_TITLE_XPATH),
        canonical_url=_first_attr(doc, T.CANONICAL_XPATH),
        lang=(doc.get("lang") or None),
        pagination=[],
    )
    articles = doc.xpath(T.ARTICLE_XPATH)
    if not articles:
        meta.pagination = T.pagination_hrefs(doc)
        return text_to_blocks(render_text(html)), meta
    meta.pagination = T.pagination_hrefs(articles[0])
    meta.related = T.related_hrefs(articles[0])
    blocks: list[Block] = []
    _walk(articles[0], blocks)
    return blocks, meta


def render_text(html: str | bytes) -> str:
    """A plain text rendering of an arbitrary HTML page (fallback for unknown layouts)."""
    from bs4 import BeautifulSoup  # only on the fallback path: bs4 tolerates the worst markup

    soup = BeautifulSoup(html, "lxml")
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


def _walk(el: etree._Element, out: list[Block]) -> None:
    for child in el:
        if not isinstance(child.tag, str):
            continue
        kind = T.block_kind(child)
        if kind == "skip":
            continue
        if kind == "heading":
            out.append(_heading_block(child))
        elif kind == "video":
            for title in T.video_titles(child):
                out.append(Block(text=title, kind="video"))
        elif kind == "playlist_row":
            out.append(_playlist_row_block(child))
        elif kind is not None:
            text = _text(child)
            if text:
                out.append(Block(text=text, kind=kind))  # type: ignore[arg-type]
        elif child.tag in T.TEXT_TAGS:
            text = _text(child)
            if text:
                out.append(Block(text=text, kind=T.default_kind(child)))  # type: ignore[arg-type]
        else:
            _walk(child, out)


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
