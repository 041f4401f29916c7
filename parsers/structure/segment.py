"""Blocks -> article parts and raw entries. The one segmenter for HTML and text.

HTML blocks arrive classified by the markup. Text blocks are classified here, from their text
and their neighbours: the two text renderings seen in the wild are

* "blank" renderings, an empty line after every paragraph: a heading is a short line that does
  not read as a sentence; the lines glued to it (no empty line between) after it are the
  embedded videos' titles;
* "compact" renderings, one sentence per line: the heading is the line right before an empty
  line, and the description is the run of lines after it.

Paragraphs broken after every period ("No.\\n1 on ...", "tuki.\\n’s debut") are joined again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.model import Block, Piece, RawEntry
from parsers.sites.decorations import (
    NEW_BADGE_RE,
    PLAY_LINE_SUFFIX,
    PLAYLIST_ROW_RE,
    RANK_SUFFIX_FULL_RE,
    is_section_title,
    strip_icons,
)
from parsers.textutil.normalise import (
    TERMINAL_RE,
    all_common_words,
    fold_key,
    has_visible_glue,
    is_lone_video_tag,
    is_sentence_like,
    join_broken_lines,
    join_pair,
    prejoin_blocks_hint,
    video_like,
    video_marked,
)


@dataclass
class Segmented:
    title: str | None = None
    related: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    entries: list[RawEntry] = field(default_factory=list)


def segment(blocks: list[Block]) -> Segmented:
    blocks = [b for b in blocks if b.text]
    if any(b.kind is None for b in blocks):
        _classify_text(blocks)
    else:
        _mark_numbered_rows(blocks)
        _mark_body_captions(blocks)
    return _assemble(blocks)


def _mark_body_captions(blocks: list[Block]) -> None:
    """HTML classified by its markup (our template's entry body): the paragraphs right after
    a heading that a text rendering reads as its video's title and caption are those, as
    there (the caption names the heading, the line above it is the video's title)."""
    heading: Block | None = None
    for i, b in enumerate(blocks):
        prev = blocks[i - 1].kind if i else None
        if b.kind in ("heading", "playlist_row"):
            heading = b
        elif heading is None or b.kind != "paragraph" or prev not in ("heading", "video"):
            continue
        elif _names_heading(b.text, heading) or (
            prev == "heading"
            and i + 1 < len(blocks)
            and _names_heading(blocks[i + 1].text, heading)
            and not is_sentence_like(b.text, strict=True)
        ):
            b.kind = "video"


# --------------------------------------------------------------------------- classification


def _classify_text(blocks: list[Block]) -> None:
    """Give every block of a text rendering a kind."""
    if not blocks:
        return
    _prejoin(blocks)
    _join_lone_suffixes(blocks)
    _merge_parted_headings(blocks)
    _join_lone_suffixes(blocks)  # a bare rank after a heading now merged from its parts
    _join_lone_ranks(blocks)
    _mark_numbered_rows(blocks)
    _mark_row_reviews(blocks)
    start = _classify_header(blocks)
    body = blocks[start:]
    if not body:
        return
    # Blank renderings put an empty line after every sentence; compact ones after headings
    # only. Count over the lines that read as sentences.
    # (The last line says nothing: the text just ends there.)
    sentences = [b for b in body[:-1] if b.kind is None and is_sentence_like(b.text)]
    if not sentences:
        sentences = [b for b in body[:-1] if b.kind is None]
    blank_share = sum(b.blank_after for b in sentences) / max(1, len(sentences))
    marked = _markup_heading_bases(body) or set()
    linked = _linked_heading_markups(body)
    for i, b in enumerate(body):
        if (
            b.kind is None
            and (b.markup or "").endswith(">a")
            and _base(b) not in marked
            and b.markup not in linked
            and _base(b).split(".")[0] not in _HEADING_TAGS
            and not _strong_heading(body, i)
        ):
            b.kind = "chrome"  # a line that is one link, where nothing makes it a heading
    title = next((b.text for b in blocks[:start] if b.kind == "page_title"), "")
    if blank_share >= 0.6:
        _classify_blank_rendering(body, title)
    else:
        _classify_compact_rendering(body, title)


def _linked_heading_markups(body: list[Block]) -> set[str]:
    """The markups of lines that are one link and head a description: each proven a heading
    by its text (a caption repeating it, a rank) or followed by prose within a few lines
    (past its video titles), at least twice (once right after a section title) and for
    most lines of that markup (`<p><a href="/song/1">TitleArtist</a></p>` then the song's
    paragraphs). A list of related links, one after the other, is no such markup."""
    heads: dict[str, list[int]] = {}
    for i, b in enumerate(body):
        if b.kind is not None or not (b.markup or "").endswith(">a") or is_sentence_like(b.text):
            continue
        described = _strong_heading(body, i)
        for nxt in body[i + 1 : i + 5]:
            if described or nxt.kind not in (None, "video") or (nxt.markup or "").endswith(">a"):
                break
            described = nxt.kind is None and is_sentence_like(nxt.text)
        # (a lone one right after a section title: that section's first entry)
        first = described and i > 0 and body[i - 1].kind == "section"
        votes = 2 if first else int(described)
        heads.setdefault(b.markup or "", []).append(votes)
    return {m for m, v in heads.items() if sum(v) >= 2 and 2 * sum(map(bool, v)) > len(v)}


def _prejoin(blocks: list[Block]) -> None:
    """Join lines broken inside a sentence ("No." / "1 on ...") before anything is classified."""
    i = 1
    while i < len(blocks):
        prev, b = blocks[i - 1], blocks[i]
        if (
            prev.kind is None
            and b.kind is None
            and prejoin_blocks_hint(prev.text, b.text, glued=not prev.blank_after)
        ):
            prev.text = join_pair(prev.text, b.text)
            prev.blank_after = b.blank_after
            del blocks[i]
        else:
            i += 1


_NUMBERED_RE = re.compile(r"^(\d{1,4})(?=\S)")
_KANA_KANJI_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LONE_RANK_RE = re.compile(r"\d{1,4}(?:east|north_east|south_east|remove)?")


def _merge_parted_headings(blocks: list[Block]) -> None:
    """HTML that gives title and artist an element each (`<h3>Title</h3><p>Artist</p>`): one
    heading of two parts, as the text rendering runs them together. Proved by the page: the
    pair of element kinds repeats under most such headings, or a caption below repeats the
    two run together. Parts in elements that are no heading need more proof (`_untagged`)."""
    pairs: dict[tuple[str, str], int] = {}
    heads: dict[str, int] = {}
    for b, n in zip(blocks, blocks[1:], strict=False):
        if _could_part(b, n):
            pairs[(_base(b), _base(n))] = pairs.get((_base(b), _base(n)), 0) + 1
        if b.markup is not None and _base(b).split(".")[0] in _HEADING_TAGS:
            heads[_base(b)] = heads.get(_base(b), 0) + 1
    repeated = {p for p, c in pairs.items() if c >= 2 and c >= 0.8 * heads.get(p[0], 0)}
    untagged = _untagged_pairs(blocks)
    i = 0
    while i < len(blocks) - 1:
        b, n = blocks[i], blocks[i + 1]
        if (
            _could_part(b, n)
            and ((_base(b), _base(n)) in repeated or _caption_joins(blocks, i, b.text + n.text))
        ) or (
            (b.markup or "", n.markup or "") in untagged
            and _untagged_part(b, n, blocks[i - 1] if i else None, loose=True)
        ):
            b.pieces = (Piece("part", b.text), Piece("part", n.text))
            b.text = b.text + n.text
            b.blank_after = n.blank_after
            del blocks[i + 1]
        i += 1


def _untagged_pairs(blocks: list[Block]) -> set[tuple[str, str]]:
    """The pairs of elements that are no heading (`<div class="t">Title</div><div
    class="a">Artist</div>`) that this page proves a heading's two parts. A pair is proved
    under a heading when a caption repeats the two run together, the description names the
    second, or the second carries a rank; a pair of elements is proved when it is proved
    under one heading and proved or followed by a description under half of them, or
    proved or followed by a description under each (only after a section title; a pair the
    excerpt ends under, its cut last line alone after it, is no evidence either way)."""
    section = next((k for k, b in enumerate(blocks) if is_section_title(b.text)), len(blocks))
    seen: dict[tuple[str, str], list[tuple[bool, bool, bool]]] = {}
    for i, (b, n) in enumerate(zip(blocks, blocks[1:], strict=False)):
        if not _untagged_part(b, n, blocks[i - 1] if i else None):  # (never a heading tag)
            continue
        proved = (
            _caption_repeats(blocks, i, b.text + n.text)
            or _named_below(blocks, i)
            or bool(RANK_SUFFIX_FULL_RE.search(n.text))  # "Aimer96rank/position"
        )
        at_end = i + 3 == len(blocks)
        described = i > section and len(n.text) <= 60 and _description_follows(blocks, i + 2)
        key = (b.markup or "", n.markup or "")
        seen.setdefault(key, []).append((proved, proved or described, at_end))
    proven = set()
    for pair, found in seen.items():
        told = [(p, ok) for p, ok, at_end in found if p or ok or not at_end]
        n_proved, n_ok = sum(p for p, _ in told), sum(ok for _, ok in told)
        if told and ((n_proved and 2 * n_ok >= len(told)) or n_ok == len(told)):
            proven.add(pair)
    return proven


def _untagged_part(b: Block, n: Block, before: Block | None, *, loose: bool = False) -> bool:
    """Could `b` and `n`, neither a heading element, be a heading's two parts? The two are
    marked up differently (`<p><strong>Title</strong><br>Artist</p>` counts), `b` not like
    the line `before` it (a description's last line is), and it reads
    as no prose (`loose`: it may, once the page proves the pair) unless `n` carries a rank;
    `n` reads as no sentence."""
    return (
        _base(b).split(".")[0] not in _HEADING_TAGS
        and _base(n).split(".")[0] not in _HEADING_TAGS
        and not b.pieces
        and not n.pieces
        and n.markup != b.markup
        and (before is None or before.markup != b.markup)
        and len(b.text) <= 120
        and (loose or not _reads_as_prose(b.text) or bool(RANK_SUFFIX_FULL_RE.search(n.text)))
        and not is_sentence_like(n.text)
        and _second_part(b, n)
    )


_LONE_SUFFIX_RE = re.compile(r"\d{1,4}(?:rank/position|位)?|NEW!")


def _join_lone_suffixes(blocks: list[Block]) -> None:
    """A rank label or badge in an element of its own belongs to the heading before it, as
    in the text rendering (`…riria.29rank/position`)."""
    i = 1
    while i < len(blocks):
        b, prev = blocks[i], blocks[i - 1]
        if (
            b.kind is None
            and prev.kind in (None, "heading")
            and b.markup is not None
            and _LONE_SUFFIX_RE.fullmatch(b.text)
            and not _reads_as_prose(prev.text)
            and (not b.text.isdigit() or _heads_near(blocks, i))
        ):
            prev.text += b.text
            prev.blank_after = b.blank_after
            del blocks[i]
        else:
            i += 1


def _heads_near(blocks: list[Block], i: int) -> bool:
    """A bare number counts as a rank only right under a heading's element (or its parts)."""
    near = blocks[max(0, i - 2) : i]
    return any(len(b.pieces) == 2 or _base(b).split(".")[0] in _HEADING_TAGS for b in near)


def _could_part(b: Block, n: Block) -> bool:
    """Could a heading element `b` and the element `n` after it be a heading's two parts?"""
    return _base(b).split(".")[0] in _HEADING_TAGS and _base(n) != _base(b) and _second_part(b, n)


def _second_part(b: Block, n: Block) -> bool:
    """Could `n` be the second part (the artist) of a heading whose first part is `b`?"""
    return (
        b.markup is not None
        and n.markup is not None
        and b.kind is None
        and n.kind is None
        and len(n.text) <= 80
        and not _reads_as_prose(n.text)
        and not (TERMINAL_RE.search(n.text) and len(n.text.split()) > 3)
        and not (
            len(n.text.split()) > 3
            and not RANK_SUFFIX_FULL_RE.search(n.text)  # (no video title carries a rank)
            and (video_like(n.text) or is_sentence_like(n.text))
        )
        and not _shares_words(b.text, n.text)
    )


def _shares_words(a: str, b: str) -> bool:
    """Does `b` repeat part of `a`, as a video title under a heading does?"""
    ka, kb = fold_key(a), fold_key(b)
    if not ka or not kb or kb in ka or ka in kb:
        return True
    wa = {fold_key(w) for w in a.split()} - {""}
    wb = {fold_key(w) for w in b.split()} - {""}
    return len(wa & wb) > len(wb) / 2


def _caption_joins(blocks: list[Block], i: int, joined: str) -> bool:
    """A caption below repeats title and artist run together, or the description that
    follows names the artist line."""
    if _caption_repeats(blocks, i, joined) or _named_below(blocks, i):
        return True
    # a heading is followed by its videos or its description, never by another heading:
    # a short line between a heading and the description (or its videos' titles) is the
    # heading's second part
    return _description_follows(blocks, i + 2)


def _description_follows(blocks: list[Block], j: int) -> bool:
    """Does a description start at `blocks[j]`, after its videos' titles?"""
    after = blocks[j : j + 6]
    rest = [b.text for b in after]
    while len(rest) > 1 and video_marked(rest[0]):
        rest.pop(0)
    nxt = rest[0] if rest else ""
    if len(rest) == 1 and blocks[-1] is after[-1] and _cut_sentence(nxt):
        return True  # the excerpt cuts the description short: "This is a pop tune that s"
    return is_sentence_like(nxt) or len(nxt) > 100


def _caption_repeats(blocks: list[Block], i: int, joined: str) -> bool:
    """Does a caption below repeat the two parts run together?"""
    key = fold_key(_heading_core_text(joined))
    return any(fold_key(b.text) == key for b in blocks[i + 2 : i + 6])


def _named_below(blocks: list[Block], i: int) -> bool:
    """Does the description below name the second part (the artist)?"""
    part = _heading_core_text(blocks[i + 1].text)
    name = fold_key(part)
    words = {fold_key(w) for w in part.split()} - {""}
    for b in blocks[i + 2 : i + 8]:
        if len(b.text) <= 20:
            continue
        if len(name) >= 3 and name in fold_key(b.text):
            return True
        if len(words) >= 2 and words <= {fold_key(w) for w in b.text.split()}:
            return True  # named in another order: "Masaharu Fukuyama’s" for "Fukuyama Masaharu"
    return False


def _cut_sentence(text: str) -> bool:
    """The start of a sentence the text's end cuts off: five words or more, all but the
    cut last one common words ("It’s a standout track that show")."""
    words = text.split()
    return len(words) >= 5 and all_common_words(words[:-1])


def _join_lone_ranks(blocks: list[Block]) -> None:
    """A rank on a line of its own (its own cell or element) belongs to the row after it."""
    i = 0
    while i < len(blocks) - 1:
        b, nxt = blocks[i], blocks[i + 1]
        if (
            b.kind is None
            and nxt.kind is None
            and _LONE_RANK_RE.fullmatch(b.text)
            and not nxt.text[:1].isdigit()
            and not is_sentence_like(nxt.text)
        ):
            nxt.text = b.text + nxt.text
            if PLAYLIST_ROW_RE.match(nxt.text):
                nxt.kind = "playlist_row"
            del blocks[i]
        else:
            i += 1


def _mark_numbered_rows(blocks: list[Block]) -> None:
    """Playlist rows with a bare rank number: `1TitleArtist`, then the player line repeating
    the row without its number (`TitleArtistplay_arrow`). The repeat proves the row."""
    for i in range(len(blocks) - 1):
        b, nxt = blocks[i], blocks[i + 1]
        if (
            b.kind not in (None, "heading")
            or nxt.kind not in (None, "video")
            or not nxt.text.endswith(PLAY_LINE_SUFFIX)
        ):
            continue
        m = _NUMBERED_RE.match(b.text)
        core = nxt.text[: -len(PLAY_LINE_SUFFIX)].strip()
        if m and core and fold_key(b.text[m.end() :]) == fold_key(core):
            b.kind = "playlist_row"
            parts = tuple(p for p in b.pieces if p.role == "part")
            b.pieces = (Piece("rank", m.group(1)), Piece("text", b.text[m.end() :]), *parts)
            nxt.kind = "video"
    _mark_counted_rows(blocks)


def _mark_counted_rows(blocks: list[Block]) -> None:
    """Rows with no player line are proven by their count instead: short lines opening with
    1, 2, 3, ... a line or two apart (the review between them), three of them at least."""
    numbered = [
        (i, int(m.group(1)))
        for i, b in enumerate(blocks)
        if b.kind in (None, "heading")
        and not PLAYLIST_ROW_RE.match(b.text)  # `1east…` rows are known by their icon
        and (m := _NUMBERED_RE.match(b.text)) is not None
        and not b.text[m.end() :][:1].isdigit()
        and len(b.text) <= 120
        and not is_sentence_like(b.text)
    ]
    run: list[tuple[int, int]] = []
    for item in [*numbered, (-10, -10)]:
        if run and item[1] == run[-1][1] + 1 and 0 < item[0] - run[-1][0] <= 3:
            run.append(item)
            continue
        if len(run) >= 3:
            for i, n in run:
                b = blocks[i]
                m = _NUMBERED_RE.match(b.text)
                assert m is not None
                b.kind = "playlist_row"
                parts = tuple(p for p in b.pieces if p.role == "part")
                b.pieces = (Piece("rank", str(n)), Piece("text", b.text[m.end() :]), *parts)
        run = [item]


def _mark_row_reviews(blocks: list[Block]) -> None:
    """After a playlist row come its player line (`…play_arrow`) and its one-line review."""
    for i, b in enumerate(blocks):
        if b.kind != "playlist_row":
            continue
        j = i + 1
        if j < len(blocks) and blocks[j].kind in (None, "video"):
            if blocks[j].text.endswith(PLAY_LINE_SUFFIX):
                blocks[j].kind = "video"
                j += 1
        if j < len(blocks) and blocks[j].kind is None:
            nxt = blocks[j]
            if not (PLAYLIST_ROW_RE.match(nxt.text) or RANK_SUFFIX_FULL_RE.search(nxt.text)):
                nxt.kind = "paragraph"


def _classify_header(blocks: list[Block]) -> int:
    """Title, chrome, intro and related links before the body; returns where the body starts."""
    i = 0
    # "RAG MusicSinger" / a short tagline / "search": the site header.
    if blocks[0].text.startswith("RAG Music"):
        blocks[0].kind = "chrome"
        i = 1
        if (
            i < len(blocks)
            and not blocks[0].blank_after
            and blocks[i].kind is None
            and len(blocks[i].text) <= 50
            and not TERMINAL_RE.search(blocks[i].text)
            and not is_section_title(blocks[i].text)
        ):
            blocks[i].kind = "chrome"  # the category's tagline: "Wonderful singer/idol"
            i += 1
        elif blocks[0].blank_after:
            i = _skip_header_lines(blocks, i)
    while i < len(blocks) and blocks[i].kind == "chrome":
        i += 1
    if i >= len(blocks):
        return i
    if blocks[i].kind == "page_title":
        i += 1  # the HTML's h1
    elif blocks[i].kind is None and not _marked_like_later_lines(blocks, i):
        blocks[i].kind = "page_title"
        i += 1
    # The body starts at the first section title or playlist row; without one, after the
    # last related link or, failing that, right after the title.
    first_body = next(
        (j for j in range(i, len(blocks)) if blocks[j].kind in ("section", "playlist_row")), None
    )
    if first_body is None:
        last_related = max(
            (j for j in range(i, len(blocks)) if blocks[j].kind == "related"), default=None
        )
        first_body = last_related + 1 if last_related is not None else i
    for j in range(i, first_body):
        if blocks[j].kind is None:
            blocks[j].kind = "intro"
    return first_body


def _skip_header_lines(blocks: list[Block], i: int) -> int:
    """The site header's lines when nothing glues them to the site's name (an empty line
    after every line, or an element each): of the short lines that read as no sentence
    before the intro (a sentence, a section title or a link), the last is the page's title
    and those before it are the header's (its category, its tagline). Returns the title's."""
    j = i
    while (
        j < len(blocks)
        and j - i < 3
        and blocks[j].kind is None
        and len(blocks[j].text) <= 120
        and not is_sentence_like(blocks[j].text)
        and not is_section_title(blocks[j].text)
    ):
        j += 1
    if j == i or j >= len(blocks):
        return i
    nxt = blocks[j]
    if nxt.kind is None and not (is_sentence_like(nxt.text) or is_section_title(nxt.text)):
        return i  # more than three such lines, or none is followed by an intro: say nothing
    for b in blocks[i : j - 1]:
        b.kind = "chrome"
    return j - 1


def _marked_like_later_lines(blocks: list[Block], i: int) -> bool:
    """HTML without an h1: a first line in a heading tag that later lines share is an entry
    heading like them, not the page's title."""
    base = _base(blocks[i])
    if base.split(".")[0] not in _HEADING_TAGS:
        return False
    return any(_base(b) == base for b in blocks[i + 1 :])


def _classify_blank_rendering(body: list[Block], title: str) -> None:
    prev: str | None = None
    prev_heading: Block | None = None
    n = len(body)
    marked = _markup_heading_bases(body)
    for i, b in enumerate(body):
        if b.kind is not None:
            prev = b.kind
            if b.kind in ("section", "playlist_row"):
                prev_heading = b if b.kind == "playlist_row" else None
            continue
        after_heading = prev in ("heading", "video", "playlist_row")
        if after_heading and prev_heading is not None and _is_video_line(b, body, i, prev_heading):
            b.kind = "video"
        elif prev_heading is not None and _repeats_heading(b.text, prev_heading):
            # a caption repeating the heading further down: the embedded video's, and the
            # title line just above it is that video's too
            b.kind = "video"
            above = body[i - 1]
            if above.kind == "paragraph" and not is_sentence_like(above.text, strict=True):
                above.kind = "video"
        elif marked is not None and not _strong_heading(body, i):
            if _base(b) in marked and not _reads_as_prose(b.text):
                b.kind = "section" if _reads_as_section(b.text, title) else "heading"
            else:
                b.kind = "paragraph"
            prev_heading = b if b.kind == "heading" else prev_heading
        elif _followed_by_repeat(body, i):
            b.kind = "heading"  # the video caption below repeats it: proof enough
            prev_heading = b
        elif prev == "section" and len(b.text) <= 160 and not TERMINAL_RE.search(b.text):
            b.kind = "heading"  # what follows a section title is its first entry
            prev_heading = b
        elif prev not in ("heading", "video") and _heading_like(b, last=(i == n - 1)):
            b.kind = "section" if _reads_as_section(b.text, title) else "heading"
            prev_heading = b if b.kind == "heading" else None
        else:
            b.kind = "paragraph"
        prev = b.kind


# Tags that mark a line as a heading of what follows (dt: the term a definition list explains).
_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6", "dt")


def _base(b: Block) -> str:
    return (b.markup or "").split(">")[0]


def _reads_as_prose(text: str) -> bool:
    """A line the page's heading markup holds is still prose when it reads like a finished
    sentence (a heading may hold "、" or end in "."; a sentence ends in "。" or is long)."""
    words = text.split()
    if text.endswith(("です", "ます")) or len(words) > 24:
        return True
    if text.endswith("。") and _KANA_KANJI_RE.search(text[:-1]):
        return True  # ("Morning Musume。" is a name)
    return bool(TERMINAL_RE.search(text)) and len(words) >= 8 and not has_visible_glue(text)


def _strong_heading(body: list[Block], i: int) -> bool:
    """Text evidence that needs no markup: a rank suffix, a badge, a repeating video caption."""
    text = body[i].text
    return bool(
        NEW_BADGE_RE.search(text)
        or RANK_SUFFIX_FULL_RE.search(text)
        or PLAYLIST_ROW_RE.match(text)
        or _followed_by_repeat(body, i)
    )


def _markup_heading_bases(body: list[Block]) -> set[str] | None:
    """The element signatures (tag and classes) this page's HTML marks its headings with.

    Learnt from the page itself: the lines that text evidence already proves headings (a rank
    suffix, a badge, a caption repeating them, two text children), and heading tags, vote for
    their signature; a signature wins when it marks at least two such lines and almost none of
    its lines read as sentences. None when the markup says nothing (text renderings, or HTML
    that marks headings like paragraphs): the text rules decide then.
    """
    votes: dict[str, int] = {}
    for i, b in enumerate(body):
        if b.markup is None or b.kind is not None:
            continue
        strong = _strong_heading(body, i) or len(b.pieces) == 2
        tagged = (
            _base(b).split(".")[0] in _HEADING_TAGS or (b.markup or "").endswith((">strong", ">b"))
        ) and not is_sentence_like(b.text)
        if strong or tagged:
            votes[_base(b)] = votes.get(_base(b), 0) + 1
    chosen: set[str] = set()
    for base, n in votes.items():
        if n < 2:
            continue
        lines = [b for b in body if b.kind is None and _base(b) == base]
        sentences = sum(is_sentence_like(b.text, strict=True) for b in lines)
        if sentences <= 0.2 * len(lines) and n >= 0.5 * len(lines):
            chosen.add(base)
    return chosen or None


def _followed_by_repeat(body: list[Block], i: int) -> bool:
    """Does a line of the group after this one repeat it (an embedded video's caption)?"""
    b = body[i]
    if len(b.text) > 160 or is_sentence_like(b.text):
        return False
    j = i + 1
    while j < len(body) and j <= i + 3:
        if _repeats_heading(body[j].text, b):
            return True
        if body[j].blank_after and j > i + 1:
            break
        j += 1
    return False


def _reads_as_section(text: str, title: str) -> bool:
    """A section title without a "(1–10)" range shares most of its words with the page title."""
    words = [w.casefold().strip(".,!?:[]()") for w in text.split()]
    if len(words) < 5 or not title:
        return False
    title_words = {w.casefold().strip(".,!?:[]()") for w in title.split()}
    return sum(w in title_words for w in words) / len(words) >= 0.5


def _is_video_line(b: Block, body: list[Block], i: int, heading: Block) -> bool:
    prev = body[i - 1]
    if _repeats_heading(b.text, heading):
        return True  # the caption under an embedded video repeats the heading
    nxt = body[i + 1] if i + 1 < len(body) else None
    if nxt is None:
        # the page's last line: an excerpt may cut a sentence anywhere, so only a video
        # title's own marks make it one
        return video_marked(b.text)
    if (
        nxt is not None
        and _repeats_heading(nxt.text, heading)
        and (
            not b.blank_after
            or (b.markup is not None and not is_sentence_like(b.text, strict=True))
        )
    ):
        return True  # a video title above the caption (glued to it, or its own HTML element)
    if (b.markup or "").startswith("figcaption") and prev.kind in ("heading", "video"):
        return True
    if prev.kind in ("heading", "video") and _names_heading(b.text, heading):
        return True  # a caption naming the heading another way
    if (
        prev.kind == "heading"
        and _names_heading(nxt.text, heading)
        and not is_sentence_like(b.text, strict=True)
    ):
        return True  # a video title above a caption naming the heading
    if prev.kind == "video" and not prev.blank_after and not is_sentence_like(b.text):
        return True  # glued to the previous video line
    if prev.kind == "video" and _credits_heading(b.text, heading):
        return True  # a caption under the video: "Cheer Up by Hitomi Shimatani"
    if prev.kind in ("heading", "playlist_row"):
        # (the page's last line is glued to nothing: the text just ends there)
        if not b.blank_after and nxt is not None and not is_sentence_like(b.text, strict=True):
            return True  # a group of lines right after the heading: video titles
        return video_like(b.text)
    if prev.kind == "video":
        return video_like(b.text)
    return False


def _repeats_heading(text: str, heading: Block) -> bool:
    core = _heading_core_text(heading.text)
    line = text[: -len(PLAY_LINE_SUFFIX)] if text.endswith(PLAY_LINE_SUFFIX) else text
    return fold_key(line) == fold_key(core) and bool(fold_key(core))


_BY_CAPTION_RE = re.compile(r"(.{2,80}?) by ([^.,;:!?]{2,40})")


def _credits_heading(text: str, heading: Block) -> bool:
    """A caption "TITLE by ARTIST" whose artist ends the heading (the title may be another
    translation of it: "Rouge no Dengon by Yumi Arai" under "Message of RougeYumi Arai")."""
    m = _BY_CAPTION_RE.fullmatch(text)
    if m is None or is_sentence_like(text):
        return False
    artist = fold_key(m.group(2))
    return len(artist) >= 3 and fold_key(_heading_core_text(heading.text)).endswith(artist)


def _names_heading(text: str, heading: Block) -> bool:
    """A caption naming the heading another way: its first words are the heading's start (its
    title) or its last words the heading's end (its artist), four letters or more, and it reads
    as no sentence ("Yoru ni Kakeru — YOASOBI" under "Racing into the NightYOASOBI")."""
    if is_sentence_like(text):
        return False
    core = fold_key(_heading_core_text(heading.text))
    if len(core) < 8:
        return False
    for word in _WORD_RE.finditer(text):
        head, tail = fold_key(text[: word.end()]), fold_key(text[word.start() :])
        if (len(head) >= 4 and core.startswith(head)) or (len(tail) >= 4 and core.endswith(tail)):
            return True
    return False


_WORD_RE = re.compile(r"\w+")


def _heading_core_text(text: str) -> str:
    text = PLAYLIST_ROW_RE.sub("", text)
    text = RANK_SUFFIX_FULL_RE.sub("", text)
    return NEW_BADGE_RE.sub("", text)


def _classify_compact_rendering(body: list[Block], title: str) -> None:
    n = len(body)
    prev: str | None = None
    heading: Block | None = None
    for i, b in enumerate(body):
        if b.kind is not None:
            prev = b.kind
            continue
        last = i == n - 1
        if prev == "playlist_row" and b.text.endswith(PLAY_LINE_SUFFIX):
            b.kind = "video"
        elif (
            prev in ("heading", "video")
            and heading is not None
            and (
                video_like(b.text)
                or _repeats_heading(b.text, heading)
                or _credits_heading(b.text, heading)
                or _names_heading(b.text, heading)
                or (i + 1 < n and _repeats_heading(body[i + 1].text, heading))
                or (i + 1 < n and prev == "heading" and _names_heading(body[i + 1].text, heading))
            )
            and _is_video_line(b, body, i, heading)
        ):
            b.kind = "video"
        elif (
            prev == "section"
            and not last
            and len(b.text) <= 160
            and not TERMINAL_RE.search(b.text)
            and _heading_like(b, last=False, lenient=True)
        ):
            b.kind = "heading"  # what follows a section title is its first entry
        elif not last and _strong_heading(body, i) and not _reads_as_prose(b.text):
            b.kind = "heading"  # a rank, a badge or a caption repeating it: no empty line needed
        elif (
            b.blank_after
            and not last
            and _heading_like(b, last=False, lenient=True)
            and not _ends_description(body, i, prev)
        ):
            b.kind = "heading"
        elif last:
            b.kind = "heading" if _heading_like(b, last=True) else "paragraph"
        elif _unmarked_compact_heading(body, i, prev):
            b.kind = "heading"  # no empty line after it, but it reads as nothing else
        else:
            b.kind = "paragraph"
        if b.kind == "heading" and _reads_as_section(b.text, title):
            b.kind = "section"
        if b.kind == "heading":
            heading = b
        prev = b.kind


def _ends_description(body: list[Block], i: int, prev: str | None) -> bool:
    """A sentence glued to the description line before it ends that description, even
    with an empty line (or the end of its element) after it."""
    return prev == "paragraph" and not body[i - 1].blank_after and is_sentence_like(body[i].text)


def _unmarked_compact_heading(body: list[Block], i: int, prev: str | None) -> bool:
    """Compact renderings put one sentence per line: a short line that ends no sentence,
    between a finished sentence (or a section title) and a sentence, is a heading."""
    b = body[i]
    if len(b.text) > 100 or (TERMINAL_RE.search(b.text) and is_sentence_like(b.text)):
        return False
    if not _heading_like(b, last=False):
        return False
    before = body[i - 1] if i > 0 else None
    if before is not None and before.kind != "section" and not TERMINAL_RE.search(before.text):
        return False
    j = i + 1
    if j < len(body) and video_marked(body[j].text):
        # its embedded videos' titles and captions come between it and its description
        while j < min(len(body), i + 4) and not is_sentence_like(body[j].text):
            j += 1
    nxt = body[j].text if j < len(body) else ""
    return is_sentence_like(nxt) or len(nxt) > 100


def _heading_like(b: Block, *, last: bool, lenient: bool = False) -> bool:
    """Could this line be an entry heading (title and artist run together)?"""
    text = b.text
    if NEW_BADGE_RE.search(text) or RANK_SUFFIX_FULL_RE.search(text) or PLAYLIST_ROW_RE.match(text):
        return True
    if is_lone_video_tag(text):
        return False
    if last:
        # The excerpt may end anywhere: a cut heading is short and not a sentence.
        return len(text) <= 60 and not is_sentence_like(text) and not _cut_sentence(text)
    if lenient:
        return len(text) <= 160 and not is_sentence_like(text, strict=True)
    return len(text) <= 120 and not is_sentence_like(text)


# --------------------------------------------------------------------------- assembly


def _assemble(blocks: list[Block]) -> Segmented:
    seg = Segmented()
    section: str | None = None
    context: str | None = None
    entry: RawEntry | None = None
    for b in blocks:
        kind = b.kind
        if kind == "page_title":
            if seg.title is None:
                seg.title = b.text
        elif kind == "related":
            seg.related.append(b.text.removeprefix("- ").strip())
        elif kind == "section":
            section = b.text
            seg.sections.append(b.text)
            entry = None
        elif kind == "context":
            context = b.text
        elif kind in ("heading", "playlist_row"):
            entry = _new_entry(b, len(seg.entries) + 1, section, context)
            context = None
            seg.entries.append(entry)
        elif kind == "video":
            if entry is not None:
                entry.video_titles.append(strip_icons(b.text))
        elif kind == "paragraph":
            if entry is None:
                continue
            if (
                entry.pieces
                and entry.pieces[0].role == "rank"
                and PLAYLIST_ROW_RE.match(b.text) is None
            ):
                # playlist view: the one-line review after the row
                if (
                    not entry.paragraphs
                    and entry.review is None
                    and not b.text.endswith(PLAY_LINE_SUFFIX)
                ):
                    entry.review = b.text
                    continue
            entry.paragraphs.append(b.text)
    for e in seg.entries:
        e.paragraphs = join_broken_lines(e.paragraphs)
    return seg


def _new_entry(b: Block, position: int, section: str | None, context: str | None) -> RawEntry:
    pieces = b.pieces
    heading = b.text
    ranked = any(p.role == "rank" for p in pieces)
    m = PLAYLIST_ROW_RE.match(b.text) if b.kind == "playlist_row" and not ranked else None
    if m is not None:
        parts = tuple(p for p in pieces if p.role == "part")
        pieces = (Piece("rank", m.group(1)), Piece("text", b.text[m.end() :]), *parts)
    if b.kind == "playlist_row":
        heading = "".join(p.text for p in pieces if p.role not in ("review", "part"))
    entry = RawEntry(
        heading=b.text if b.kind == "heading" or not b.pieces else heading,
        position=position,
        section=section,
        context=context,
        pieces=pieces,
    )
    for p in pieces:
        if p.role == "review":
            entry.review = p.text
    return entry
