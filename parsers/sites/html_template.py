"""The RAG Music article template: which element is which block.

A layout change on the site is a change to this file alone. See fixtures/README.md for the
HTML shape these selectors describe.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

ARTICLE_XPATH = "//article[contains(concat(' ', normalize-space(@class), ' '), ' p-article ')] | //main//article"
PAGE_TITLE_XPATH = "//h1"
CANONICAL_XPATH = "//link[@rel='canonical']/@href"

# class -> block kind; the first class of an element found here decides.
CLASS_KINDS: dict[str, str] = {
    "p-article__title": "page_title",
    "p-article__lead": "intro",
    "p-related": "related",
    "p-section__title": "section",
    "p-song__heading": "heading",
    "p-song__context": "context",
    "p-song__video": "video",
    "p-song__body": "body",
    "p-article__updated": "updated",
    "c-pagination": "pagination",
    "c-breadcrumb": "chrome",
    "l-header": "skip",
    "l-footer": "skip",
    "p-playlist__label": "chrome",
    "p-playlist__table": "table",
    "material-icons": "skip",
}


def _classes(el: etree._Element) -> list[str]:
    return (el.get("class") or "").split()


def block_kind(el: etree._Element) -> str | None:
    """The kind of block an element makes, "skip", or None to look inside it."""
    for cls in _classes(el):
        kind = CLASS_KINDS.get(cls)
        if kind is None:
            continue
        if kind in ("intro", "related", "body", "table"):
            return None  # containers: their children are the blocks
        return kind
    if el.tag in ("script", "style", "noscript", "iframe", "header", "footer", "form"):
        return "skip"
    if el.tag == "tr" and el.xpath(".//td"):
        return "playlist_row"
    if el.tag in ("thead", "caption"):
        return "chrome"
    if el.tag == "nav":
        return "pagination"
    return None


def container_kind(el: etree._Element) -> str | None:
    """Kind of a text element by the template container it sits in (lead, related, body)."""
    for anc in el.iterancestors():
        for cls in _classes(anc):
            if cls == "p-article__lead":
                return "intro"
            if cls == "p-related":
                return "related"
            if cls == "p-song__body":
                return "paragraph"
    return None


def video_titles(el: etree._Element) -> list[str]:
    """The titles an embedded-video block shows: the iframe title, then the caption line."""
    titles: list[str] = []
    for frame in el.iter("iframe"):
        title = (frame.get("title") or "").strip()
        if title and title.lower() not in ("youtube video player", "youtube"):
            titles.append(title)
    for cap in el.xpath(
        ".//*[contains(@class, 'video-caption') or contains(@class, 'video-title')]"
    ):
        text = " ".join("".join(cap.itertext()).split())
        if text:
            titles.append(text)
    return titles


_PIECE_ROLES = {
    "p-song__title": "title",
    "p-song__artist": "artist",
    "c-badge": "badge",
    "p-song__rank": "rank",
    "p-playlist__rank": "rank",
    "p-playlist__review": "review",
    "material-icons": "icon",
}


def _role(el: etree._Element) -> str | None:
    for cls in _classes(el):
        if cls in _PIECE_ROLES:
            return _PIECE_ROLES[cls]
    return None


def heading_pieces(el: etree._Element) -> Iterator[tuple[str, str]]:
    """(role, text) parts of a heading; a heading that is one string yields ("text", all)."""
    if el.text and el.text.strip():
        yield ("text", el.text)
    for child in el:
        if not isinstance(child.tag, str):
            continue
        role = _role(child)
        if role == "rank":
            # the rank span holds the number and a label ("rank/position", "位")
            yield ("rank", (child.text or "").strip())
        elif role is not None:
            yield (role, "".join(child.itertext()))
        else:
            yield from heading_pieces(child)
        if child.tail and child.tail.strip():
            yield ("text", child.tail)


def playlist_row_pieces(el: etree._Element) -> Iterator[tuple[str, str]]:
    for cell in el.iter("td"):
        role = _role(cell)
        if role == "rank":
            yield ("rank", (cell.text or "").strip())
        elif role == "review":
            yield ("review", "".join(cell.itertext()))
        elif cell.xpath(".//*[contains(@class, 'p-song__title')]"):
            yield from heading_pieces(cell)
        else:
            # the play button cell and anything unknown
            text = "".join(t for t in cell.itertext())
            if text.strip() and text.strip() not in ("play_arrow",):
                yield ("text", text)


PAGINATION_XPATH = ".//nav[contains(@class, 'c-pagination')]//a/@href | .//a[@rel='next']/@href"


RELATED_XPATH = ".//*[contains(concat(' ', normalize-space(@class), ' '), ' p-related ')]//a/@href"


def related_hrefs(article: etree._Element) -> list[str]:
    """Links of the article's related-articles box, as written."""
    return _unique_hrefs(article.xpath(RELATED_XPATH))


def pagination_hrefs(doc: etree._Element) -> list[str]:
    """Links to the article's other pages, as written (relative or absolute), in page order."""
    return _unique_hrefs(doc.xpath(PAGINATION_XPATH))


def _unique_hrefs(hrefs: list[str]) -> list[str]:
    """The hrefs in their first order, each once (a set: 40,000 links took 46 s with a list)."""
    seen: set[str] = set()
    out: list[str] = []
    for href in hrefs:
        href = str(href).strip()
        if href and href not in seen and not href.startswith("#"):
            seen.add(href)
            out.append(href)
    return out
