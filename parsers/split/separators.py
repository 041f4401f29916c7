"""A page that writes its songs "Title / Artist", "Title – Artist" or "“Title” Artist".

The RAG Music sites run title and artist together ("crescent moonAyaka"); other renderings of
the same songs put a separator between them. When most headings of a page carry the same
separator, it is the page's boundary, as the markup or a NEW! badge between the two is: the
split is read there (`method: markup`). A single heading with one (a title such as
"to go see (someone) / to go meet" on a run-together page) proves nothing and is split as
any other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.split import MAX_SPLIT_CORE
from parsers.split.evidence import inner_glue


@dataclass(frozen=True)
class Separator:
    name: str
    # groups "title…" (the first that matched is the title) and "artist"
    pattern: re.Pattern[str]
    # "Artist / Title" is written too: the page's evidence says which side the artist is
    either_way: bool = False

    def split(self, core: str) -> tuple[str, str] | None:
        if len(core) > MAX_SPLIT_CORE:
            return None
        m = self.pattern.fullmatch(core.strip())
        if m is None:
            return None
        groups = m.groupdict()
        title = next((v for k, v in groups.items() if k.startswith("title") and v), "").strip()
        artist = m.group("artist").strip()
        if not title or not artist or inner_glue(artist):
            # "to go see (someone) / to go meetAimyon": the part after the separator is itself
            # a title and an artist run together, so the separator is the title's own
            return None
        return title, artist


def _last(sep: str) -> re.Pattern[str]:
    """Title, then the last `sep` (spaced on both sides), then the artist."""
    return re.compile(rf"(?P<title>.+)\s+(?:{sep})\s+(?P<artist>\S.*?)")


SEPARATORS: tuple[Separator, ...] = (
    # "Title (Artist)": never alone (titles end in brackets of their own: "Sakura (Solo)"),
    # only when most of the page's headings end so
    Separator("bracketed", re.compile(r"(?P<title>.*\S)\s*[(（](?P<artist>[^()（）]+)[)）]")),
    Separator("slash", _last(r"[/／]"), either_way=True),
    Separator("dash", _last(r"[-–—―]"), either_way=True),
    Separator("by", _last(r"by")),
    # "Aimyon: Marigold" (artist first, as a credit) or "Marigold: Aimyon": a colon ends many
    # titles' first part too ("A Woman’s Life: Flowers of Sweat"), so only as the page's way
    Separator(
        "colon", re.compile(r"(?P<title>[^:：]*[^\s:：])[:：]\s+(?P<artist>\S.*?)"), either_way=True
    ),
    Separator(
        "quoted",
        # each opening quote closed by its own mark ("“When Someone’s Wish Comes True”")
        re.compile(
            r"(?:“(?P<title1>[^”]+)”|\"(?P<title2>[^\"]+)\"|「(?P<title3>[^」]+)」"
            r"|『(?P<title4>[^』]+)』|‘(?P<title5>.+?)’(?!\w)|«(?P<title6>[^»]+)»)"
            r"\s*(?:[-–—/]\s*)?(?P<artist>\S.*?)"
        ),
    ),
)

# "あいみょん「マリーゴールド」", "Aimyon “Marigold”": the quoted part is the title, after its
# artist (Japanese writes a song so). Its groups name the artist first.
ARTIST_QUOTED = Separator(
    "artist_quoted",
    re.compile(
        r"(?P<artist>.*?[^\s「『“\"])\s*(?:「(?P<title1>[^」]+)」|『(?P<title2>[^』]+)』"
        r"|“(?P<title3>[^”]+)”|\"(?P<title4>[^\"]+)\")"
    ),
)

# The share of a page's one-string headings that must carry the same separator.
MIN_SHARE = 0.5
MIN_HEADINGS = 2


def page_separator(cores: Sequence[str]) -> Separator | None:
    """The separator most of the page's heading cores are written with, if one is."""
    # (a core too long to split is no heading written with a separator either)
    cores = [c for c in cores if c.strip() and len(c) <= MAX_SPLIT_CORE]
    if len(cores) < MIN_HEADINGS:
        return None
    best: tuple[int, Separator] | None = None
    for sep in (*SEPARATORS, ARTIST_QUOTED):
        n = sum(sep.split(c) is not None for c in cores)
        if n >= MIN_HEADINGS and n >= MIN_SHARE * len(cores) and (best is None or n > best[0]):
            best = (n, sep)
    return best[1] if best else None


def artist_first(sides: Sequence[tuple[bool, bool]]) -> bool:
    """Do the page's "A / B" headings name the artist first? `sides` says, for each heading,
    whether the left and whether the right side is proved to be the artist (a known name, or the
    other side quoted as the title by the description). Yes when the left is proved on more
    headings than the right, by two or more."""
    left = sum(a and not b for a, b in sides)
    right = sum(b and not a for a, b in sides)
    return left >= right + 2
