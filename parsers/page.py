"""parse_page: content (HTML or text) -> Page of records. The parsers' one public entry point."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from parsers.errors import InputError
from parsers.facts.entry import entry_facts
from parsers.model import ArticleInfo, Page, RawEntry, Record, Split
from parsers.sites.urls import canonical_url, parse_article_url
from parsers.split import (
    MAX_EVIDENCE_TEXT,
    MAX_SPLIT_CORE,
    Evidence,
    parse_heading,
    split_heading,
)
from parsers.split.evidence import PageCores, TextView, artist_key, loose, well_known
from parsers.split.heading import Heading, section_range
from parsers.split.separators import artist_first, page_separator
from parsers.structure.blocks import html_to_blocks, looks_like_html, text_to_blocks
from parsers.structure.segment import Segmented, segment
from parsers.textutil.markdown import unmark
from parsers.textutil.normalise import TERMINAL_RE
from parsers.textutil.sentences import split_sentences

_NO_EVIDENCE = Evidence()

# A split this sure teaches the page its artists for a second pass over the unsure ones.
LEARN_CONFIDENCE = 0.6


def parse_page(
    content: str | bytes,
    url: str | None = None,
    *,
    gazetteer: Iterable[str] = (),
    lang: str | None = None,
) -> Page:
    """Parse one list page. `gazetteer`: artist names known from elsewhere (optional)."""
    text = _decode(content)
    warnings: list[str] = []
    meta_title = meta_canonical = meta_lang = None
    next_pages: list[str] = []
    related_links: list[str] = []
    if looks_like_html(text):
        blocks, meta = html_to_blocks(text)
        meta_title, meta_canonical, meta_lang = meta.title, meta.canonical_url, meta.lang
        next_pages, related_links = meta.pagination, meta.related
        warnings.extend(meta.warnings)
        seg = segment(blocks)
    else:
        seg = segment(text_to_blocks(unmark(text)))
        _mark_cut_entry(seg)
        _drop_lone_cut_line(seg)
    article = _article_info(url, meta_canonical, seg.title or meta_title, lang or meta_lang)
    if not seg.entries:
        warnings.append("no entries found")
    records = _records(seg, article, set(gazetteer), warnings)
    return Page(
        article=article,
        records=records,
        sections=seg.sections,
        related=seg.related,
        next_pages=next_pages,
        related_links=related_links,
        warnings=warnings,
    )


def _mark_cut_entry(seg: Segmented) -> None:
    """A text rendering may be an excerpt: its last entry is whole only if it ends a sentence."""
    if not seg.entries:
        return
    last = seg.entries[-1]
    tail = last.paragraphs[-1] if last.paragraphs else ""
    if not TERMINAL_RE.search(tail):
        last.truncated = True


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _drop_lone_cut_line(seg: Segmented) -> None:
    """A text whose only "entry" is its last line, with nothing under it, no section title and
    no other entry, shows no list at all ("just some text\nno headings here")."""
    if len(seg.entries) == 1 and not seg.sections:
        e = seg.entries[0]
        if e.truncated and not e.paragraphs and not e.video_titles and not e.pieces:
            seg.entries = []


def _decode(content: str | bytes) -> str:
    if isinstance(content, bytes):
        if b"\x00" in content[:4096]:
            raise InputError("binary content (NUL bytes), not a page")
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    else:
        text = content
        if _SURROGATE_RE.search(text):
            # only a str can hold one (no encoding does): one replacement character each
            text = _SURROGATE_RE.sub("\ufffd", text)
    if not text.strip():
        raise InputError("empty page")
    return text


def _article_info(
    url: str | None, canonical: str | None, title: str | None, lang: str | None
) -> ArticleInfo:
    parsed = parse_article_url(url) if url else None
    canon = canonical_url(canonical) if canonical else (canonical_url(url) if url else None)
    page = parsed.page if parsed else 1
    if canonical and not parsed:
        cp = parse_article_url(canonical)
        page = cp.page if cp else page
    if lang:
        lang = lang.split("-")[0].lower()
    edition = parsed.lang if parsed else None
    return ArticleInfo(
        url=url,
        canonical_url=canon,
        title=title,
        lang=edition or lang or "en",
        page=page,
        site=parsed.site if parsed else None,
    )


def _records(
    seg: Segmented, article: ArticleInfo, gazetteer: set[str], warnings: list[str]
) -> list[Record]:
    headings = _headings(seg.entries)
    for e, h in zip(seg.entries, headings, strict=True):
        if h.title_piece is None and len(h.core) > MAX_SPLIT_CORE:
            warnings.append(
                f"entry {e.position}: heading of {len(h.core):,} characters not split "
                f"(over {MAX_SPLIT_CORE}), kept whole as the title"
            )
    cores = PageCores(h.core for h in headings)  # indexed once for the whole page
    for e, h in zip(seg.entries, headings, strict=True):
        if e.review is None and h.review is not None:
            e.review = h.review
    descriptions = [_description(e) for e in seg.entries]
    for e, h, d in zip(seg.entries, headings, descriptions, strict=True):
        if h.title_piece is None and len(d) > MAX_EVIDENCE_TEXT:
            warnings.append(
                f"entry {e.position}: description of {len(d):,} characters, only the first "
                f"{MAX_EVIDENCE_TEXT:,} read to split its heading"
            )
    known = frozenset(artist_key(n) for n in gazetteer)

    def evidence(i: int, names: frozenset[str]) -> Evidence:
        e = seg.entries[i]
        return Evidence(
            lang=article.lang,
            video_titles=e.video_titles,
            description=descriptions[i][:MAX_EVIDENCE_TEXT],
            known_artists=names,
            page_cores=cores,
        )

    # Markup splits need no evidence: build it only for the headings that are one string.
    splits = [
        split_heading(h, evidence(i, known) if h.title_piece is None else _NO_EVIDENCE)
        for i, h in enumerate(headings)
    ]
    # Second pass: artists this page's sure splits revealed help its unsure ones
    # (an entry never learns from itself).
    learned = [
        artist_key(s.artist)
        if s.artist and s.confidence >= LEARN_CONFIDENCE and s.method not in ("words", "casing")
        else None
        for s in splits
    ]
    # The entries asking did not learn anything themselves, so they all learn the same set:
    # built once, not once per entry (that made this pass grow with the square of the page).
    others = frozenset(k for k in learned if k)
    names = known | others
    teaches = bool(others - known)
    for i, (h, s) in enumerate(zip(headings, splits, strict=True)):
        if s.method == "markup" or (learned[i] is not None):
            continue
        if teaches:
            splits[i] = split_heading(h, evidence(i, names))
    records = []
    for i, (entry, heading, split) in enumerate(zip(seg.entries, headings, splits, strict=True)):
        records.append(_record(entry, heading, split, descriptions[i], article))
    return records


def _split_at_page_separator(headings: list[Heading], entries: list[RawEntry]) -> None:
    """On a page that writes its songs "Title / Artist" (or "Title – Artist", "“Title” Artist",
    "Artist「Title」"), the separator divides each heading that carries it, as markup does; a
    page writing "Artist / Title" says so by its evidence (`separators.artist_first`)."""
    sep = page_separator([h.core for h in headings if h.title_piece is None])
    if sep is None:
        return
    found: list[tuple[Heading, str, str, RawEntry]] = []
    for h, e in zip(headings, entries, strict=True):
        parts = sep.split(h.core) if h.title_piece is None else None
        if parts is not None:
            found.append((h, *parts, e))
    swap = sep.either_way and artist_first([_artist_sides(t, a, e) for _, t, a, e in found])
    for h, title, artist, _ in found:
        h.title_piece, h.artist_piece = (artist, title) if swap else (title, artist)


def _artist_sides(left: str, right: str, e: RawEntry) -> tuple[bool, bool]:
    """Is the left, is the right side of "A / B" proved to be the artist: a well-known name, or
    the other side quoted in the description as the song's title?"""
    quoted = TextView.of(_description(e)).quoted

    def titled(side: str) -> bool:
        return loose(side).replace(" ", "") in quoted

    return bool(well_known(left)) or titled(right), bool(well_known(right)) or titled(left)


def _headings(entries: list[RawEntry]) -> list[Heading]:
    out: list[Heading] = []
    prev_rank: int | None = None
    for e in entries:
        h = parse_heading(
            e.heading,
            e.pieces,
            expected_rank=prev_rank + 1 if prev_rank is not None else None,
            rank_range=section_range(e.section),
        )
        prev_rank = h.rank
        out.append(h)
    _split_at_page_separator(out, entries)
    return out


def _description(e: RawEntry) -> str:
    parts = list(e.paragraphs)
    if e.review:
        parts.insert(0, e.review)
    return "\n\n".join(parts)


def _record(
    e: RawEntry, h: Heading, split: Split, description: str, article: ArticleInfo
) -> Record:
    lang = article.lang
    base = article.canonical_url or article.url or "about:blank"
    sentences = split_sentences(description)
    facts = entry_facts(description, lang, split.title, sentences, e.video_titles)
    return Record(
        entry_id=f"{base}#{e.position}",
        song_id=song_id(split.artist, split.title),
        position=e.position,
        title=split.title,
        artist=split.artist,
        heading_raw=e.heading,
        split=split,
        rank=h.rank,
        section=e.section,
        context=e.context,
        is_new=h.is_new,
        release=facts.release.value,
        release_confidence=facts.release.confidence,
        release_method=facts.release.method,
        tie_ins=facts.tie_ins,
        awards=facts.awards,
        video_titles=list(e.video_titles),
        description=description,
        complete=not e.truncated,
        article=article,
    )


def song_id(artist: str | None, title: str) -> str:
    """`artist|title`, NFKC, case-folded, punctuation dropped, spaces squeezed."""

    def norm(s: str | None) -> str:
        s = unicodedata.normalize("NFKC", s or "").casefold()
        s = re.sub(r"[^\w\s]", "", s)
        return " ".join(s.split())

    return f"{norm(artist)}|{norm(title)}"
