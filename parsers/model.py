"""Records and intermediate shapes of the extraction pipeline.

Data flows one way: content -> blocks -> (segment) -> RawEntry -> (split + facts) -> Record.
Everything here is a plain dataclass so that tests can build any stage by hand.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.2"

# What a block is, when the input says so (HTML markup does; plain text mostly does not and
# leaves kind=None for the segmenter to decide).
BlockKind = Literal[
    "page_title",
    "chrome",  # site header, breadcrumb, "search", "Playlist" labels...
    "intro",
    "related",  # a related-article link
    "section",  # "... (41–50)"
    "heading",  # an entry heading
    "video",  # an embedded video's title
    "paragraph",
    "context",  # album / anime line standing before an entry
    "playlist_row",
    "updated",  # "Last updated ..."
    "pagination",
]

PieceRole = Literal["title", "artist", "badge", "rank", "icon", "review", "text", "part"]


@dataclass(frozen=True)
class Piece:
    """A part of a heading as the markup delimits it (HTML only)."""

    role: PieceRole
    text: str


@dataclass
class Block:
    """One unit of the page: a line of a text rendering or an element of the HTML.

    `kind` is None when the input does not say (text renderings); the segmenter decides then.
    `blank_after` records whether the text rendering had an empty line after this line (in
    HTML: whether the line ends its block element). `markup` is what HTML says about the line,
    as evidence for the segmenter (None for text): its element's tag and classes, and whether
    the line is one inline element ("h3", "p>strong", "div.x-head"). Pieces with role "part"
    are the two text children of a line (title and artist, when it is a heading).
    """

    text: str
    kind: BlockKind | None = None
    pieces: tuple[Piece, ...] = ()
    blank_after: bool = False
    markup: str | None = None


@dataclass
class RawEntry:
    """An entry as the segmenter found it, before the heading is split."""

    heading: str
    position: int
    section: str | None = None
    context: str | None = None
    pieces: tuple[Piece, ...] = ()
    video_titles: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    review: str | None = None  # playlist view: the one-line review
    truncated: bool = False  # the input ended inside this entry


@dataclass
class Split:
    title: str
    artist: str | None
    method: str  # which evidence decided: markup, video_title, description, gazetteer, words, casing, ...
    confidence: float  # 0..1

    def as_dict(self) -> dict[str, Any]:
        return {"method": self.method, "confidence": round(self.confidence, 3)}


@dataclass
class TieIn:
    text: str
    kind: str  # drama, anime, film, commercial, tv, radio, game, event, other
    name: str | None = None
    by: str | None = None
    confidence: float = 1.0  # 0..1: how surely the text ties the song to this work


@dataclass
class Award:
    text: str
    name: str | None = None
    ceremony: str | None = None
    edition: int | None = None
    confidence: float = 1.0  # 0..1: how surely the song (not its artist) won this award


@dataclass
class ArticleInfo:
    url: str | None
    canonical_url: str | None
    title: str | None
    lang: str
    page: int
    site: str | None = None


@dataclass
class Record:
    """One song entry of a list article: the unit written to JSON Lines."""

    entry_id: str
    song_id: str
    position: int
    title: str
    artist: str | None
    heading_raw: str
    split: Split
    rank: int | None
    section: str | None
    context: str | None
    is_new: bool
    release: str | None
    tie_ins: list[TieIn]
    awards: list[Award]
    video_titles: list[str]
    description: str
    complete: bool
    article: ArticleInfo
    schema_version: str = SCHEMA_VERSION
    # how sure `release` is (0..1) and which clue gave it (parsers.facts.release.ReleaseFact);
    # None when release is None
    release_confidence: float | None = None
    release_method: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["split"] = self.split.as_dict()
        return {k: d[k] for k in RECORD_FIELD_ORDER}


RECORD_FIELD_ORDER = (
    "schema_version",
    "entry_id",
    "song_id",
    "position",
    "title",
    "artist",
    "heading_raw",
    "split",
    "rank",
    "section",
    "context",
    "is_new",
    "release",
    "release_confidence",
    "release_method",
    "tie_ins",
    "awards",
    "video_titles",
    "description",
    "complete",
    "article",
)


@dataclass
class Page:
    """The result of parsing one page."""

    article: ArticleInfo
    records: list[Record]
    sections: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)  # pagination links, as written
    related_links: list[str] = field(default_factory=list)  # related-article links, as written
    warnings: list[str] = field(default_factory=list)

    def record_dicts(self) -> list[dict[str, Any]]:
        return [r.as_dict() for r in self.records]
