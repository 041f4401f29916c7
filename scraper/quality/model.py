"""A labelled text page read into a neutral page model, for rendering it in HTML shapes.

The model knows what each line of the text rendering is (site header, page title, intro,
related link, section title, playlist chrome, entry heading, video line, description
paragraph, playlist row) and nothing the page does not show. The labels decide only two
things: which lines are entry headings, and where inside a heading the title and the artist
sit (so that a shape can put them in two child elements). Facts (release, tie-ins, awards) are
never taken from the labels.

This module deliberately does not import the parsers: a renderer that used the parser's own
notion of a heading or a decoration would only prove that the parser agrees with itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Decorations as the text renderings show them (our own patterns, not the parser's).
_ROW_PREFIX_RE = re.compile(r"^(\d{1,4})east(?=\S)")
_RANK_SUFFIX_RE = re.compile(r"\d{1,4}(?:rank/position|rank/\w*|ran\w*|位)$")
_SECTION_RE = re.compile(r"[(（]\s*\d{1,4}\s*(?:[–\-〜~～]|à|bis|to|a)\s*\d{0,4}\s*[)）]?\s*$")
_HEADER_WORDS_RE = re.compile(
    r"Title|Playlist|Review|One point|Comment|曲名|プレイリスト|レビュー|ひとこと|ワンポイント"
)
PLAY = "play_arrow"
CHART = "show_chart"
CHROME_WORDS = frozenset({"Playlist", "プレイリスト", "플레이리스트", "Ranking", "ランキング"})


@dataclass
class Heading:
    """An entry heading: `raw` is the line exactly as in the text.

    `pre` + title + `mid` + artist + `post` == raw when `located` (the label's title and artist
    were found in the line, in this order, or artist first when `artist_first`); otherwise the
    heading can only be rendered as one string.
    """

    raw: str
    pre: str = ""
    title: str = ""
    mid: str = ""
    artist: str | None = None
    post: str = ""
    artist_first: bool = False
    located: bool = False

    def parts(self) -> list[tuple[str, str]]:
        """(role, text) in page order, roles: deco, title, artist; empty parts left out."""
        if not self.located:
            return [("whole", self.raw)]
        first, second = ("artist", "title") if self.artist_first else ("title", "artist")
        values = {"title": self.title, "artist": self.artist or ""}
        out = [
            ("deco", self.pre),
            (first, values[first]),
            ("deco", self.mid),
            (second, values[second]),
            ("deco", self.post),
        ]
        return [(role, text) for role, text in out if text]


@dataclass
class Node:
    kind: str  # header, title, para, related, section, chrome, table_title, table_head, entry, row
    text: str = ""
    lines: list[str] = field(default_factory=list)  # header lines, related items, head cells
    heading: Heading | None = None
    videos: list[str] = field(default_factory=list)  # entry: video-title / caption lines
    body: list[Para] = field(default_factory=list)  # entry: description paragraphs
    rank_cell: str = ""  # row: "12east", "12" or the markdown cell
    play: str = ""  # row: the `…play_arrow` line or cell
    review: list[str] = field(default_factory=list)  # row: its review line(s)
    markdown: bool = False
    labelled: bool = True  # entry/row: a labelled heading (False: a row cut by the excerpt end)


@dataclass
class Para:
    text: str
    blank_after: bool = False  # the text rendering left a blank line after it


@dataclass
class PageModel:
    url: str
    title: str
    nodes: list[Node]
    lang: str = "en"

    def entries(self) -> list[Node]:
        """The entries and rows of labelled headings, in page order."""
        return [n for n in self.nodes if n.kind in ("entry", "row") and n.labelled]


def locate(raw: str, label: dict[str, Any]) -> Heading:
    """Where the label's title and artist sit in the heading line (never changes the text)."""
    title = label.get("title") or ""
    artist = label.get("artist") or None
    head = Heading(raw=raw, title=title, artist=artist)
    if not title:
        return head
    i = raw.find(title)
    while i >= 0:
        rest = raw[i + len(title) :]
        if artist is None:
            head.pre, head.post, head.located = raw[:i], rest, True
            return head
        j = rest.find(artist)
        if j >= 0 and _is_deco(rest[:j]):
            head.pre, head.mid, head.post = raw[:i], rest[:j], rest[j + len(artist) :]
            head.located = True
            return head
        i = raw.find(title, i + 1)
    if artist is not None:
        k = raw.find(artist)
        if k >= 0:
            rest = raw[k + len(artist) :]
            j = rest.find(title)
            if j >= 0 and _is_deco(rest[:j]):
                head.pre, head.mid, head.post = raw[:k], rest[:j], rest[j + len(title) :]
                head.artist_first = head.located = True
    return head


def _is_deco(text: str) -> bool:
    """What may stand between title and artist: nothing, spaces, a NEW! badge."""
    return text.replace("NEW!", "").strip() == ""


def fold(text: str) -> str:
    """A line's letters only, without the playlist/rank decorations (to spot repeated headings)."""
    text = text.removesuffix(PLAY)
    text = _RANK_SUFFIX_RE.sub("", _ROW_PREFIX_RE.sub("", text.replace("NEW!", "")))
    return re.sub(r"[\W_]+", "", text).casefold()


def is_section_title(line: str) -> bool:
    return bool(_SECTION_RE.search(line)) and len(line) > 8


def header_cells(line: str) -> list[str]:
    """`show_chartTitlePlaylistReview` -> [show_chart, Title, Playlist, Review]."""
    if line.startswith("|"):
        return [c.strip() for c in line.strip().strip("|").split("|")]
    rest = line[len(CHART) :] if line.startswith(CHART) else line
    cells = [CHART] if line.startswith(CHART) else []
    words = _HEADER_WORDS_RE.findall(rest)
    if words and "".join(words) == rest:
        return cells + words
    return cells + ([rest] if rest else [])


def _lang_of(url: str) -> str:
    m = re.search(r"/(en|ko|fr|de)-[a-z]{2}/", url)
    return m.group(1) if m else "ja"


def _is_row(raw: str, label: dict[str, Any]) -> bool:
    if raw.startswith("|") or _ROW_PREFIX_RE.match(raw):
        return True
    rank = label.get("rank")
    return rank is not None and re.match(rf"{rank}(?!\d)", raw) is not None


def text_lines(text: str) -> list[tuple[str, bool]]:
    """The text rendering's lines, stripped, blank ones left out: (line, a blank line follows)."""
    lines: list[tuple[str, bool]] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            if lines:
                lines[-1] = (lines[-1][0], True)
            continue
        lines.append((line, False))
    return lines


def build_model(text: str, labels: dict[str, Any]) -> PageModel:
    """Read the text rendering into nodes; labelled heading lines become entries or rows."""
    by_heading: dict[str, dict[str, Any]] = {}
    for e in labels.get("entries", []):
        by_heading.setdefault(e["heading"].strip(), e)
    lines = text_lines(text)
    nodes, title, start = _page_top(lines, by_heading)
    reader = _BodyReader(lines, by_heading, nodes)
    for i in range(start, len(lines)):
        reader.read_line(i)
    url = labels.get("url") or ""
    return PageModel(url=url, title=title, nodes=nodes, lang=_lang_of(url))


def _page_top(
    lines: list[tuple[str, bool]], by_heading: dict[str, dict[str, Any]]
) -> tuple[list[Node], str, int]:
    """The site header and the page title: their nodes, the title, the index of the next line."""
    nodes: list[Node] = []
    i = 0
    if lines and lines[0][0].startswith("RAG Music"):
        header = [lines[0][0]]
        i = 1
        if i < len(lines) and lines[i][0] not in by_heading and not lines[i][0].startswith("- "):
            header.append(lines[i][0])  # the category's tagline
            i += 1
        if i < len(lines) and lines[i][0] == "search":
            header.append("search")
            i += 1
        nodes.append(Node("header", lines=header))
    title = ""
    if i < len(lines) and lines[i][0] not in by_heading:
        title = lines[i][0]
        nodes.append(Node("title", text=title))
        i += 1
    return nodes, title, i


class _BodyReader:
    """The lines after the page title, read into nodes one line at a time: the first reading
    that takes a line (a video line, an entry heading, a playlist's markup or chrome, a related
    link, a section title, a cut row) makes its node, any other line is text."""

    def __init__(
        self,
        lines: list[tuple[str, bool]],
        by_heading: dict[str, dict[str, Any]],
        nodes: list[Node],
    ) -> None:
        self.lines = lines
        self.by_heading = by_heading
        self.nodes = nodes
        self.current: Node | None = None  # the entry or row that following lines belong to
        self.in_videos = False  # the lines right under an entry heading

    def read_line(self, i: int) -> None:
        line, blank = self.lines[i]
        readings = (
            self._video,
            self._heading,
            self._markdown,
            self._playlist_chrome,
            self._related,
            self._section,
            self._cut_row,
        )
        if not any(read(line, i) for read in readings):
            self._text(line, blank)

    def _video(self, line: str, i: int) -> bool:
        cur = self.current
        if cur is not None and cur.kind == "entry" and self.in_videos:
            if is_video(self.lines, i, cur.heading.raw if cur.heading else ""):
                cur.videos.append(line)
                return True
        self.in_videos = False
        return False

    def _heading(self, line: str, i: int) -> bool:
        label = self.by_heading.get(line)
        if label is None:
            return False
        if line.startswith("|"):
            self.current = _markdown_row(line, label)
        elif _is_row(line, label):
            self.current = _row(line, label)
        else:
            self.current = Node("entry", heading=locate(line, label))
            self.in_videos = True
        self.nodes.append(self.current)
        return True

    def _markdown(self, line: str, i: int) -> bool:
        """A markdown table line other than a labelled row."""
        if not line.startswith("|"):
            return False
        self.current = None
        cells = header_cells(line)
        if cells and re.fullmatch(r"\d{1,4}(?:east)?", cells[0]):
            self.current = _markdown_row(line, None)  # a row the labels leave out (cut)
            self.nodes.append(self.current)
        elif set("".join(cells)) <= set("-: "):
            pass  # a markdown separator row: no information
        elif CHART in cells:
            self.nodes.append(Node("table_head", lines=cells))
        else:
            self.nodes.append(Node("table_title", text=next((c for c in cells if c), "")))
        return True

    def _playlist_chrome(self, line: str, i: int) -> bool:
        """A playlist's column header, its title (above the header, after chrome), a tab name."""
        nxt = self.lines[i + 1][0] if i + 1 < len(self.lines) else ""
        if line.startswith(CHART):
            node = Node("table_head", lines=header_cells(line))
        elif nxt.startswith(CHART) and self.nodes and self.nodes[-1].kind == "chrome":
            node = Node("table_title", text=line)
        elif line in CHROME_WORDS:
            node = Node("chrome", text=line)
        else:
            return False
        self.current = None
        self.nodes.append(node)
        return True

    def _related(self, line: str, i: int) -> bool:
        if not line.startswith("- "):
            return False
        if self.current is not None and self.current.kind == "row":
            self.current = None
        if self.nodes and self.nodes[-1].kind == "related":
            self.nodes[-1].lines.append(line[2:])
        else:
            self.nodes.append(Node("related", lines=[line[2:]]))
        return True

    def _section(self, line: str, i: int) -> bool:
        if not is_section_title(line):
            return False
        self.current = None
        self.nodes.append(Node("section", text=line))
        return True

    def _cut_row(self, line: str, i: int) -> bool:
        """A playlist row the labels leave out (cut by the excerpt end): still a row."""
        m = _ROW_PREFIX_RE.match(line)
        if not (m and self.nodes and self.nodes[-1].kind in ("row", "table_head")):
            return False
        head = Heading(raw=line[m.end() :])
        self.current = Node("row", heading=head, rank_cell=m.group(0), labelled=False)
        self.nodes.append(self.current)
        return True

    def _text(self, line: str, blank: bool) -> None:
        """A row's play line or review, an entry's paragraph, or a paragraph of its own."""
        cur = self.current
        if cur is not None and cur.kind == "row":
            if line.endswith(PLAY) and not cur.play and not cur.review:
                cur.play = line
            else:
                cur.review.append(line)
        elif cur is not None and cur.kind == "entry":
            cur.body.append(Para(line, blank))
        else:
            self.nodes.append(Node("para", text=line, body=[Para(line, blank)]))


def _row(line: str, label: dict[str, Any]) -> Node:
    head = locate(line, label)
    node = Node("row", heading=head)
    m = _ROW_PREFIX_RE.match(line) or re.match(r"\d{1,4}", line)
    if head.located and m and head.pre == m.group(0):
        node.rank_cell, head.pre = head.pre, ""
        if head.post and not _RANK_SUFFIX_RE.fullmatch(head.post):
            node.review.append(head.post)  # a review glued to the row (one-line playlist rows)
            head.post = ""
    return node


def _markdown_row(line: str, label: dict[str, Any] | None) -> Node:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    song = cells[1] if len(cells) > 1 else line
    head = locate(song, label) if label is not None else Heading(raw=song)
    node = Node("row", heading=head, markdown=True, labelled=label is not None)
    node.rank_cell = cells[0] if cells else ""
    node.play = cells[2] if len(cells) > 2 else ""
    node.review = [c for c in cells[3:] if c]
    node.text = line
    return node


def is_video(
    lines: list[tuple[str, bool]], i: int, heading: str, key: Callable[[str], str] = fold
) -> bool:
    """Right under a heading: its video lines (the last of which repeats the heading);
    `key` folds a line for comparing it with the heading."""
    line, blank_after = lines[i]
    if key(line) == key(heading) or line.endswith(PLAY):
        return True
    nxt = lines[i + 1][0] if i + 1 < len(lines) else ""
    return not blank_after and key(nxt) == key(heading)
