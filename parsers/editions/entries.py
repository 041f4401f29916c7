"""The entries of two editions as linking sees them, and their names in Latin letters.

A record becomes an `Entry`; Japanese names are romanised (cutlet + UniDic-lite, loaded once;
without them the names are compared as written, which only links Latin-script names), folded
to cross-edition keys and compared whatever the spacing and the word order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from parsers.sites.urls import parse_article_url

# --------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class Entry:
    """What linking needs of one record."""

    entry_id: str
    lang: str
    slug: str
    page: int
    position: int
    title: str
    artist: str | None
    release: str | None = None
    rank: int | None = None
    tie_ins: tuple[str, ...] = ()
    award_editions: tuple[int, ...] = ()
    video_titles: tuple[str, ...] = ()
    description: str = ""
    url: str | None = None  # the page's canonical URL

    @property
    def order(self) -> tuple[int, int]:
        return (self.page, self.position)


def entry_from_record(rec: dict[str, Any]) -> Entry | None:
    """The linking view of a record; None when it has no article URL or title to go by."""
    art = rec.get("article") or {}
    url = art.get("canonical_url") or art.get("url") or str(rec.get("entry_id", "")).split("#")[0]
    parsed = parse_article_url(url) if url else None
    title = rec.get("title")
    if parsed is None or not isinstance(title, str) or not title:
        return None
    lang = art.get("lang") or parsed.lang
    tie_ins = tuple(
        str(t.get("name") or t.get("text") or "")
        for t in rec.get("tie_ins") or []
        if isinstance(t, dict) and (t.get("name") or t.get("text"))
    )
    editions = tuple(
        int(a["edition"])
        for a in rec.get("awards") or []
        if isinstance(a, dict) and isinstance(a.get("edition"), int)
    )
    rank = rec.get("rank")
    position = rec.get("position")
    return Entry(
        entry_id=str(rec.get("entry_id") or f"{url}#{position}"),
        lang=str(lang),
        slug=parsed.slug,
        page=int(art.get("page") or parsed.page),
        position=int(position) if isinstance(position, int) else 0,
        title=title,
        artist=rec.get("artist") if isinstance(rec.get("artist"), str) else None,
        release=rec.get("release") if isinstance(rec.get("release"), str) else None,
        rank=rank if isinstance(rank, int) else None,
        tie_ins=tie_ins,
        award_editions=editions,
        video_titles=tuple(str(v) for v in rec.get("video_titles") or []),
        description=str(rec.get("description") or ""),
        url=art.get("canonical_url") or art.get("url"),
    )


# --------------------------------------------------------------------------- romanising


@lru_cache(maxsize=1)
def _cutlets() -> tuple[Any, Any] | None:
    """Two cutlet romanisers (English spellings of loanwords on, off); None without cutlet."""
    try:
        import cutlet

        foreign = cutlet.Cutlet()
        foreign.use_foreign_spelling = True
        plain = cutlet.Cutlet()
        plain.use_foreign_spelling = False
        return foreign, plain
    except (ImportError, RuntimeError):
        return None


def romaniser_available() -> bool:
    return _cutlets() is not None


_JA_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_PAREN_RE = re.compile(r"[(（]([^()（）]*)[)）]")


def has_japanese(text: str) -> bool:
    return bool(_JA_RE.search(text))


@lru_cache(maxsize=65536)
def romanise(text: str) -> tuple[str, ...]:
    """Romanised forms of a Japanese name (the text itself when it has no kana or kanji).

    奏(かなで) gives the whole, the part before the brackets and the reading in them.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    parts = [text]
    m = _PAREN_RE.search(text)
    if m:
        outside = _PAREN_RE.sub(" ", text).strip()
        parts += [p for p in (outside, m.group(1).strip()) if p]
    if not has_japanese(text):
        return tuple(dict.fromkeys(parts))
    cut = _cutlets()
    out: list[str] = []
    for part in parts:
        if cut is None or not has_japanese(part):
            out.append(part)
            continue
        for c in cut:
            try:
                out.append(str(c.romaji(part)).replace("?", " "))
            except Exception:  # noqa: BLE001 - a romaniser failure must not stop the link
                out.append(part)
    return tuple(dict.fromkeys(o for o in out if o.strip()))


# --------------------------------------------------------------------------- similarity

_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a"), ("ii", "i"), ("ee", "e"))


@lru_cache(maxsize=65536)
def cross_edition_key(text: str) -> str:
    """A name's form for comparing editions: NFKC, accents and case folded, `&` = and,
    punctuation to spaces, long vowels shortened (Kōichi = Kouichi = Koichi), particles
    `wo` = `o`."""
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("&", " and ")
    s = re.sub(r"[^\w\s]|_", " ", s)
    for long, short in _LONG_VOWELS:
        s = s.replace(long, short)
    words = ["o" if w == "wo" else w for w in s.split()]
    return " ".join(words)


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _key_similarity(a: str, b: str) -> float:
    """Similarity of two cross-edition keys, whatever the spacing and the word order."""
    if not a or not b:
        return 0.0
    ca, cb = a.replace(" ", ""), b.replace(" ", "")
    best = _ratio(ca, cb)
    if best < 1.0:
        sa, sb = "".join(sorted(a.split())), "".join(sorted(b.split()))
        best = max(best, _ratio(sa, sb))
    short, long = sorted((ca, cb), key=len)
    if len(short) >= 4 and short in long:
        best = max(best, 0.6 + 0.4 * len(short) / len(long))
    return best


@lru_cache(maxsize=262144)
def name_similarity(en: str, ja: str) -> float:
    """0..1: how alike an English-edition name and a Japanese-edition name look once both are
    in Latin letters (`Kenshi Yonezu` / 米津玄師 -> Yonetsu Genshi: 0.9)."""
    ek = cross_edition_key(en)
    return max((_key_similarity(ek, cross_edition_key(form)) for form in romanise(ja)), default=0.0)


@dataclass(frozen=True)
class Mentions:
    """Texts of an English entry where the Japanese names may appear."""

    raw: str  # video titles and description, NFKC and case folded (Japanese names as written)
    grams: frozenset[str]  # description and video titles: compact word n-grams (n <= 4)


@lru_cache(maxsize=8192)
def mentions(video_titles: tuple[str, ...], description: str) -> Mentions:
    """Where an English entry may mention the Japanese names (`evidence.mention_score`)."""
    raw = unicodedata.normalize("NFKC", " \n".join((*video_titles, description))).casefold()
    grams: set[str] = set()
    for text in (*video_titles, description):
        words = cross_edition_key(text).split()
        for n in range(1, 5):
            for i in range(len(words) - n + 1):
                grams.add("".join(words[i : i + n]))
    return Mentions(raw, frozenset(grams))
