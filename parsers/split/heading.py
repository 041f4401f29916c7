"""Take the site's decorations off a heading: rank prefix/suffix, NEW! badge, icon words.

What is left is the *core*: title and artist run together, which `split.split_core` divides.
A NEW! badge between title and artist is itself a boundary, kept as `badge_split`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.model import Piece
from parsers.sites.decorations import (
    NEW_BADGE_RE,
    PLAY_LINE_SUFFIX,
    PLAYLIST_ROW_RE,
    RANK_SUFFIX_RE,
)


@dataclass
class Heading:
    raw: str
    core: str  # title and artist, run together
    rank: int | None
    is_new: bool
    title_piece: str | None = None  # from markup or a badge between title and artist
    artist_piece: str | None = None
    review: str | None = None


def parse_heading(
    raw: str,
    pieces: tuple[Piece, ...] = (),
    *,
    expected_rank: int | None = None,
    rank_range: tuple[int, int] | None = None,
) -> Heading:
    """The heading with its decorations taken off, from its text and the markup's pieces."""
    if pieces and any(p.role in ("title", "artist") for p in pieces):
        return _from_markup(raw, pieces)
    parts = [p.text for p in pieces if p.role == "part"]
    pieces = tuple(p for p in pieces if p.role != "part")
    text = raw
    rank: int | None = None
    review: str | None = None
    if pieces:
        for p in pieces:
            if p.role == "rank" and p.text.isdigit():
                rank = int(p.text)
            elif p.role == "review":
                review = p.text
        text = "".join(p.text for p in pieces if p.role in ("text", "badge"))
    numbered = _NUMBERED_RE.match(text)
    listed: int | None = None
    if numbered:
        # a numbered list's number ("1. Lemon米津玄師", what Markdown and plain-text
        # renderers print for an <ol>): the entry's rank unless the heading carries its own
        listed, text = int(numbered.group(1)), text[numbered.end() :]
    m = PLAYLIST_ROW_RE.match(text)
    playlist = bool(m) or any(p.role == "rank" for p in pieces)
    if m:
        rank = int(m.group(1))
        text = text[m.end() :]
    if playlist and review is None:
        text, review = split_review_tail(text)
    if text.endswith(PLAY_LINE_SUFFIX):
        text = text[: -len(PLAY_LINE_SUFFIX)]
    if rank is None:
        text, rank = _trailing_rank(text, expected_rank, rank_range)
    rank = rank if rank is not None else listed
    is_new = False
    title_piece = artist_piece = None
    badge = NEW_BADGE_RE.search(text)
    if badge:
        is_new = True
        before, after = text[: badge.start()].strip(), text[badge.end() :].strip()
        text = before + after
        if before and after:
            # "Title NEW! / Artist": the separator beside the badge is no part of the artist
            title_piece, artist_piece = _unwrap_parts(before, after)
    core = text.strip()
    if len(parts) == 2 and title_piece is None:
        title_piece, artist_piece, lead = _parts_split(core, parts)
        if lead is not None:
            # a rank in an element of its own before the two parts: "<span>12</span>…"
            core = core[len(lead) :].lstrip()
            rank = rank if rank is not None else int(lead)
    return Heading(raw, core, rank, is_new, title_piece, artist_piece, review)


_NUMBERED_RE = re.compile(r"(\d{1,3})[.．)）][ \t\u3000]+(?=\S)")


def _trailing_rank(
    text: str, expected_rank: int | None, rank_range: tuple[int, int] | None
) -> tuple[str, int | None]:
    """The rank at the end of a heading, by its label ("…12位") or, on a ranking page, by the
    number the order expects; the text without it (the rank None: the text as it was)."""
    m = RANK_SUFFIX_RE.search(text)
    if m:
        digits = m.group(1)
        cut = _choose_rank_digits(digits, expected_rank, rank_range)
        return text[: m.start(1) + len(digits) - cut], int(digits[-cut:])
    first_of_range = rank_range[0] if rank_range and expected_rank is None else None
    expected = expected_rank or first_of_range
    if expected is not None:
        # a ranking page whose number lost its 位 / rank label: the rank the order expects
        # (the previous entry's plus one, or the section's first for its first entry)
        m = re.search(rf"(?<!\d){expected}$", text)
        if m and m.start() > 0:
            return text[: m.start()], int(m.group())
    return text, None


def _parts_split(core: str, parts: list[str]) -> tuple[str | None, str | None, str | None]:
    """Two text children of the heading element: title and artist, when, decorations off,
    they are the two halves of the core (the markup's boundary, whatever its class names).
    The third value is a bare rank number standing before them in the core, if any."""
    first, second = (NEW_BADGE_RE.sub("", p).strip() for p in parts)
    first = PLAYLIST_ROW_RE.sub("", first)
    m = RANK_SUFFIX_RE.search(second)
    if m and not core.endswith(second):
        second = second[: m.start()]
    if not first or not second:
        return None, None, None
    squeeze = "".join
    whole, halves = squeeze(core.split()), squeeze((first + second).split())
    lead = re.fullmatch(r"(\d{1,3})" + re.escape(halves), whole)
    if whole != halves and not lead:
        return None, None, None
    title, artist = _unwrap_parts(first, second)
    if not title or not artist:
        return None, None, None
    return title, artist, lead.group(1) if lead else None


# What may stand between a title element and the artist after it: "<b>Title</b> – Artist",
# "<strong>Title</strong> by Artist", "“<q>Title</q>” <cite>Artist</cite>", "Title (Artist)".
# (a mark glued to a word is the title's own: "240 Million Eyes -Exotic Japan-")
_LEADING_SEPARATOR_RE = re.compile(r"^(?:[／、：｜]|(?:[-–—―/,:|]|by)(?=\s))\s*")
# never "by" at a title's end: "As time goes by"
_TRAILING_SEPARATOR_RE = re.compile(r"(?:\s[-–—―/,:|]|\s*[／、：｜])$")
_WRAPPED_TITLE_RE = re.compile(r"“([^”]+)”|\"([^\"]+)\"|「([^」]+)」|『([^』]+)』")
_WRAPPED_ARTIST_RE = re.compile(r"[(（]([^()（）]+)[)）]")


def _unwrap_parts(first: str, second: str) -> tuple[str, str]:
    """The title and artist without the separator, quotes or brackets the page writes around
    them, when those wrap a whole part."""
    first = _TRAILING_SEPARATOR_RE.sub("", first).strip()
    second = _LEADING_SEPARATOR_RE.sub("", second).strip()
    quoted = _WRAPPED_TITLE_RE.fullmatch(first)
    if quoted:
        first = next(g for g in quoted.groups() if g is not None).strip()
    bracketed = _WRAPPED_ARTIST_RE.fullmatch(second)
    if bracketed:
        second = bracketed.group(1).strip()
    return first, second


# a review runs into the row's last letters, never into an opening quote ("“Snow Flower…")
_GLUE_START_RE = re.compile(r"(?<=[^\s“\"「『‘«(\[])(?=[A-Z][a-z’'])")


def split_review_tail(text: str) -> tuple[str, str | None]:
    """Playlist rows can run a one-line review into the heading:
    "Sakura lonerKoalamodeWhile feeling the warmth of spring..." -> heading, review."""
    from parsers.textutil.lexicon import is_common_word

    for m in _GLUE_START_RE.finditer(text):
        tail = text[m.start() :]
        words = [w.strip(".,!?;:…'’\"“”") for w in tail.split()]
        words = [w for w in words if w]
        if len(words) < 4 or not (is_common_word(words[0]) and is_common_word(words[1])):
            continue
        common = sum(is_common_word(w) for w in words) / len(words)
        if common >= 0.7 and (tail.rstrip().endswith(("...", "…")) or len(words) >= 6):
            return text[: m.start()], tail
    # A review may open with a name ("Aimyon’s third single..."): then the last glue point
    # whose tail reads as a truncated sentence after its first word.
    last: int | None = None
    for m in _GLUE_START_RE.finditer(text):
        tail = text[m.start() :]
        words = [w for w in (w.strip(".,!?;:…'’\"“”") for w in tail.split()) if w]
        if (
            len(words) >= 5
            and tail.rstrip().endswith(("...", "…"))
            and all(is_common_word(w) for w in words[1:3])
            and sum(is_common_word(w) for w in words[1:]) / (len(words) - 1) >= 0.7
        ):
            last = m.start()
    if last is not None:
        return text[:last], text[last:]
    return text, None


def _choose_rank_digits(
    digits: str, expected: int | None, rank_range: tuple[int, int] | None
) -> int:
    """How many trailing digits are the rank ("AKB4858rank" is AKB48 at 58).

    The page knows: the rank that follows the previous entry's, or the section's range.
    """
    options = list(range(1, len(digits) + 1))
    if expected is not None:
        for n in options:
            if int(digits[-n:]) == expected:
                return n
    if rank_range is not None:
        lo, hi = rank_range
        fitting = [n for n in options if lo <= int(digits[-n:]) <= hi and digits[-n] != "0"]
        if fitting:
            return fitting[-1]
    return len(digits) if len(digits) <= 3 else 3


def _from_markup(raw: str, pieces: tuple[Piece, ...]) -> Heading:
    title = " ".join(p.text for p in pieces if p.role == "title").strip()
    artist = " ".join(p.text for p in pieces if p.role == "artist").strip() or None
    rank = next((int(p.text) for p in pieces if p.role == "rank" and p.text.isdigit()), None)
    review = next((p.text for p in pieces if p.role == "review"), None)
    is_new = any(p.role == "badge" and NEW_BADGE_RE.search(p.text) for p in pieces)
    core = title + (artist or "")
    return Heading(raw, core, rank, is_new, title or None, artist, review)


SECTION_RANGE_RE = re.compile(r"[(（]\s*(\d{1,4})\s*(?:[–\-〜~～]|à|bis|to|a)\s*(\d{1,4})\s*[)）]")


def section_range(section: str | None) -> tuple[int, int] | None:
    if not section:
        return None
    m = SECTION_RANGE_RE.search(section)
    return (int(m.group(1)), int(m.group(2))) if m else None
