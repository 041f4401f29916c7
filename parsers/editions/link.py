"""Link the entries of an English article to the Japanese originals of the same article.

The English edition of a RAG Music article is a machine translation of the Japanese one (same
slug, root path): the same songs, but names translated ("good-for-nothing" is ロクデナシ,
"Safe zone" is 安全地帯), titles paraphrased, and not always on the same page at the same
position, because articles gain entries over time. This module pairs the entries by content,
in article order:

1. Each article (slug) becomes two sequences, ordered by (page, position).
2. Every English/Japanese pair gets an evidence score (`pair_evidence`): romanised-name
   similarity of title and artist (cutlet, with English spellings of loanwords: マリーゴールド
   -> "Marigold"), the Japanese names quoted in the English video titles or the romanised
   names mentioned in the English description ("Rokudenashi released it"), the release month,
   the rank, tie-in names, award editions, identical video titles. Each piece adds or takes
   points; conflicting release years or ranks take many.
3. A Needleman-Wunsch style alignment (gaps free, pairs worth score - threshold) picks the
   best order-preserving pairing, so inserted and missing entries on either side leave gaps.
4. A one-to-one gap between two aligned pairs (one English and one Japanese entry left
   between the same anchors) is paired when nothing contradicts it: order is evidence too.
5. Strong pairs that cross the order (two entries swapped between editions) are rescued.
6. Each pair gets a confidence from its score, its margin over the runner-up candidates and
   the order around it. Pairs under `min_confidence` are not linked but reported, with the
   reasons, as are entries left without a partner: nothing is guessed silently.

Pure: records (dicts as written to JSON Lines) in, links and a report out. No I/O beyond the
romaniser's dictionary (cutlet + UniDic-lite, loaded once; without them the names are
compared as written, which only links Latin-script names).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from parsers.page import song_id
from parsers.sites.urls import parse_article_url

ORIGINAL_LANG = "ja"
MIN_CONFIDENCE = 0.6
# Alignment: a pair is worth (score - PAIR_THRESHOLD); gaps cost nothing.
PAIR_THRESHOLD = 1.0
# Crossing pairs (swapped entries) are rescued only on strong evidence.
RESCUE_SCORE = 4.0
# Gap filling: how many entries a gap between two anchors may hold on each side.
MAX_GAP_FILL = 3

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
def name_key(text: str) -> str:
    """Comparable form: NFKC, accents and case folded, `&` = and, punctuation to spaces,
    long vowels shortened (Kōichi = Kouichi = Koichi), particles `wo` = `o`."""
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
    """Similarity of two name keys, whatever the spacing and the word order."""
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
    ek = name_key(en)
    return max((_key_similarity(ek, name_key(form)) for form in romanise(ja)), default=0.0)


@dataclass(frozen=True)
class _Mentions:
    """Texts of an English entry where the Japanese names may appear."""

    raw: str  # video titles and description, NFKC and case folded (Japanese names as written)
    grams: frozenset[str]  # description and video titles: compact word n-grams (n <= 4)


@lru_cache(maxsize=8192)
def _mentions(video_titles: tuple[str, ...], description: str) -> _Mentions:
    raw = unicodedata.normalize("NFKC", " \n".join((*video_titles, description))).casefold()
    grams: set[str] = set()
    for text in (*video_titles, description):
        words = name_key(text).split()
        for n in range(1, 5):
            for i in range(len(words) - n + 1):
                grams.add("".join(words[i : i + n]))
    return _Mentions(raw, frozenset(grams))


_QUOTED = ("「{}」", "『{}』", "“{}”", '"{}"', "【{}】")


def mention_score(ja_name: str, en: Entry) -> float:
    """0..1: the Japanese name written in the English entry's video titles or description
    (`中島みゆき「糸」`), or its romanised form mentioned there (`Rokudenashi released it`)."""
    m = _mentions(en.video_titles, en.description)
    name = unicodedata.normalize("NFKC", ja_name).casefold().strip()
    if not name:
        return 0.0
    if len(name) >= 2 and has_japanese(name) and name in m.raw:
        return 0.95
    if any(q.format(name) in m.raw for q in _QUOTED):
        return 0.95
    best = 0.0
    for form in romanise(ja_name):
        compact = name_key(form).replace(" ", "")
        if len(compact) >= 5 and compact in m.grams:
            best = max(best, 0.85)
    return best


# --------------------------------------------------------------------------- evidence


@dataclass
class Evidence:
    score: float
    reasons: list[str] = field(default_factory=list)
    contradiction: str | None = None  # a fact that rules the pair out (release year, rank)


def _year(release: str) -> str:
    return release[:4]


def _name_points(sim: float) -> float:
    # identical romanisation +2.2; unrelated (a translation) about -0.6; never below -1.
    return max(-1.0, min(2.5, 4.0 * (sim - 0.45)))


@lru_cache(maxsize=65536)
def _video_tokens(title: str) -> frozenset[str]:
    forms = romanise(title)
    words = name_key(forms[0] if forms else title).split()
    return frozenset(w for w in words if len(w) >= 2 or w.isdigit())


def video_similarity(en_titles: Sequence[str], ja_titles: Sequence[str]) -> float:
    """0..1: the best word overlap (Jaccard) of two video titles, Japanese romanised
    (`BGM Dragon Quest II Endless World Orchestra Version` / `BGM ... 果てしなき世界 Orchestra
    version`: the same upload's title in two editions)."""
    best = 0.0
    for e in en_titles:
        te = _video_tokens(e)
        for j in ja_titles:
            tj = _video_tokens(j)
            if te and tj:
                best = max(best, len(te & tj) / len(te | tj))
    return best


def pair_evidence(en: Entry, ja: Entry, artist_weight: float = 1.0) -> Evidence:
    """How strongly the facts say that `en` is the translation of `ja` (points, with reasons).

    `artist_weight` scales the points an agreeing artist brings: on a one-artist article
    (every entry by すぎやまこういち) the artist tells the entries apart no better than chance.
    """
    ev = Evidence(0.0)

    t_sim = max(name_similarity(en.title, ja.title), mention_score(ja.title, en))
    ev.score += _name_points(t_sim)
    ev.reasons.append(f"title {t_sim:.2f}")

    if en.artist is None and ja.artist is None:
        ev.score += 0.5
        ev.reasons.append("no artist on either")
    elif en.artist is not None and ja.artist is not None:
        a_sim = max(name_similarity(en.artist, ja.artist), mention_score(ja.artist, en))
        points = _name_points(a_sim)
        ev.score += points * artist_weight if points > 0 else points
        ev.reasons.append(f"artist {a_sim:.2f}")

    if en.release and ja.release:
        if en.release == ja.release:
            ev.score += 2.0 if len(en.release) > 4 else 1.0
            ev.reasons.append(f"release {en.release}")
        elif _year(en.release) == _year(ja.release):
            if len(en.release) > 4 and len(ja.release) > 4:
                ev.score -= 1.0
                ev.reasons.append(f"release month differs ({en.release}/{ja.release})")
            else:
                ev.score += 1.0
                ev.reasons.append(f"release year {_year(en.release)}")
        else:
            ev.score -= 3.0
            ev.contradiction = f"release {en.release} vs {ja.release}"
            ev.reasons.append(ev.contradiction)

    if en.rank is not None and ja.rank is not None:
        if en.rank == ja.rank:
            ev.score += 2.5
            ev.reasons.append(f"rank {en.rank}")
        else:
            ev.score -= 3.0
            ev.contradiction = ev.contradiction or f"rank {en.rank} vs {ja.rank}"
            ev.reasons.append(f"rank {en.rank} vs {ja.rank}")

    if en.video_titles and ja.video_titles:
        ev_v = {unicodedata.normalize("NFKC", v).casefold() for v in en.video_titles}
        ja_v = {unicodedata.normalize("NFKC", v).casefold() for v in ja.video_titles}
        if ev_v & ja_v:
            ev.score += 3.0
            ev.reasons.append("same video")
        else:
            v_sim = video_similarity(en.video_titles, ja.video_titles)
            if v_sim >= 0.35:
                ev.score += min(2.5, 5.0 * (v_sim - 0.3))
                ev.reasons.append(f"video title {v_sim:.2f}")

    if en.tie_ins and ja.tie_ins:
        tie = max(
            max(name_similarity(e, j), mention_score(j, en)) for e in en.tie_ins for j in ja.tie_ins
        )
        if tie >= 0.8:
            ev.score += 1.5
            ev.reasons.append(f"tie-in {tie:.2f}")
        elif tie >= 0.65:
            ev.score += 0.7
            ev.reasons.append(f"tie-in {tie:.2f}")

    if set(en.award_editions) & set(ja.award_editions):
        ev.score += 1.0
        ev.reasons.append("award edition")
    return ev


# --------------------------------------------------------------------------- alignment


def align(scores: list[list[float]], threshold: float = PAIR_THRESHOLD) -> list[tuple[int, int]]:
    """Order-preserving pairing maximising the sum of (score - threshold); gaps are free.

    Needleman-Wunsch with zero gap costs: the best weighted common subsequence. A pair below
    the threshold is never taken (leaving both entries unpaired is worth more).
    """
    n = len(scores)
    m = len(scores[0]) if n else 0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev, s_row = best[i], best[i - 1], scores[i - 1]
        for k in range(1, m + 1):
            gain = s_row[k - 1] - threshold
            diag = prev[k - 1] + gain if gain > 0 else -math.inf
            row[k] = max(prev[k], row[k - 1], diag)
    pairs: list[tuple[int, int]] = []
    i, k = n, m
    while i > 0 and k > 0:
        gain = scores[i - 1][k - 1] - threshold
        if gain > 0 and math.isclose(best[i][k], best[i - 1][k - 1] + gain):
            pairs.append((i - 1, k - 1))
            i, k = i - 1, k - 1
        elif best[i][k] == best[i - 1][k]:
            i -= 1
        else:
            k -= 1
    pairs.reverse()
    return pairs


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def confidence(score: float, margin: float) -> float:
    """0..1 from the pair's points and its lead over the best rival for either entry."""
    base = _sigmoid(0.8 * (score - 1.5))
    if margin < 1.5:
        base *= 0.6 + 0.4 * max(0.0, margin) / 1.5
    return round(base, 3)


# --------------------------------------------------------------------------- results


@dataclass
class Pair:
    en: Entry
    ja: Entry
    score: float  # evidence points plus order support
    confidence: float
    how: str  # "aligned", "gap" (paired by order between two aligned pairs), "out_of_order"
    reasons: list[str]

    def original(self) -> dict[str, Any]:
        return {
            "title": self.ja.title,
            "artist": self.ja.artist,
            "lang": self.ja.lang,
            "url": self.ja.url,
            "entry_id": self.ja.entry_id,
            "confidence": self.confidence,
        }


@dataclass
class LinkResult:
    pairs: list[Pair] = field(default_factory=list)  # linked (confidence >= the minimum)
    problems: list[dict[str, Any]] = field(default_factory=list)  # unpaired, doubtful, ...
    english: int = 0
    originals: int = 0

    @property
    def links(self) -> dict[str, Pair]:
        return {p.en.entry_id: p for p in self.pairs}

    def stats(self) -> dict[str, int]:
        kinds = [p["kind"] for p in self.problems]
        return {
            "english": self.english,
            "originals": self.originals,
            "linked": len(self.pairs),
            "out_of_order": sum(p.how == "out_of_order" for p in self.pairs),
            "doubtful": kinds.count("doubtful"),
            "unpaired_en": kinds.count("unpaired_en")
            + sum(len(p.get("entries", [])) for p in self.problems if p["kind"] == "no_original"),
            "unpaired_ja": kinds.count("unpaired_ja"),
            "articles_without_original": kinds.count("no_original"),
        }

    def report(self) -> dict[str, Any]:
        return {
            "stats": self.stats(),
            "problems": self.problems,
            "pairs": [
                {
                    "en": p.en.entry_id,
                    "ja": p.ja.entry_id,
                    "en_names": [p.en.title, p.en.artist],
                    "ja_names": [p.ja.title, p.ja.artist],
                    "confidence": p.confidence,
                    "how": p.how,
                    "evidence": p.reasons,
                }
                for p in self.pairs
            ],
        }


def _describe(e: Entry) -> dict[str, Any]:
    return {"entry_id": e.entry_id, "title": e.title, "artist": e.artist}


# --------------------------------------------------------------------------- linking


def _artist_weight(entries: Sequence[Entry]) -> float:
    """1 normally; less when one artist has most of the article's entries."""
    counts: dict[str, int] = {}
    for e in entries:
        if e.artist:
            key = name_key(e.artist)
            counts[key] = counts.get(key, 0) + 1
    if len(entries) < 3 or not counts:
        return 1.0
    share = max(counts.values()) / len(entries)
    return 1.0 if share <= 0.5 else max(0.1, 2.0 * (1.0 - share))


def link_entries(
    en: Sequence[Entry], ja: Sequence[Entry], *, min_confidence: float = MIN_CONFIDENCE
) -> tuple[list[Pair], list[dict[str, Any]]]:
    """Link the entries of one article (each side in article order); (linked, problems)."""
    if not en or not ja:
        return [], []
    weight = _artist_weight(ja)
    ev = [[pair_evidence(e, j, weight) for j in ja] for e in en]
    scores = [[x.score for x in row] for row in ev]
    # the best rival of each entry, for the margin
    row_top = [sorted(r, reverse=True)[:2] + [-math.inf] * 2 for r in scores]
    col_top = [
        sorted((scores[i][k] for i in range(len(en))), reverse=True)[:2] + [-math.inf] * 2
        for k in range(len(ja))
    ]

    def rival(i: int, k: int) -> float:
        s = scores[i][k]
        r = row_top[i][1] if row_top[i][0] == s else row_top[i][0]
        c = col_top[k][1] if col_top[k][0] == s else col_top[k][0]
        return max(r, c)

    chosen: dict[int, tuple[int, str, float]] = {}  # en index -> (ja index, how, bonus)
    anchors = align(scores)
    for i, k in anchors:
        chosen[i] = (k, "aligned", 0.0)

    # order support: a pair whose neighbours are paired with the neighbours on the other side
    anchor_set = set(anchors)
    for i, k in anchors:
        support = ((i - 1, k - 1) in anchor_set) + ((i + 1, k + 1) in anchor_set)
        if support:
            chosen[i] = (k, "aligned", 0.5 * support)

    # gaps between anchors holding the same number of entries on both sides: pair in order
    bounds = [(-1, -1), *anchors, (len(en), len(ja))]
    for (i0, k0), (i1, k1) in zip(bounds, bounds[1:], strict=False):
        gi, gk = list(range(i0 + 1, i1)), list(range(k0 + 1, k1))
        if not gi or len(gi) != len(gk) or len(gi) > MAX_GAP_FILL:
            continue
        inner = i0 >= 0 and i1 < len(en)
        if any(ev[i][k].contradiction for i, k in zip(gi, gk, strict=True)):
            continue
        bonus = (2.0 if len(gi) == 1 else 1.5) if inner else 1.0
        for i, k in zip(gi, gk, strict=True):
            chosen[i] = (k, "gap", bonus)

    # crossing pairs with strong evidence (entries swapped between the editions)
    used_ja = {k for k, _, _ in chosen.values()}
    loose = sorted(
        (
            (scores[i][k], i, k)
            for i in range(len(en))
            if i not in chosen
            for k in range(len(ja))
            if k not in used_ja and scores[i][k] >= RESCUE_SCORE and not ev[i][k].contradiction
        ),
        reverse=True,
    )
    for _s, i, k in loose:
        if i in chosen or k in used_ja:
            continue
        chosen[i] = (k, "out_of_order", 0.0)
        used_ja.add(k)

    pairs: list[Pair] = []
    problems: list[dict[str, Any]] = []
    for i in sorted(chosen):
        k, how, bonus = chosen[i]
        e, j, x = en[i], ja[k], ev[i][k]
        score = x.score + bonus
        conf = confidence(score, scores[i][k] - rival(i, k))
        reasons = list(x.reasons)
        if bonus:
            reasons.append(f"order +{bonus:g}")
        pair = Pair(e, j, round(score, 3), conf, how, reasons)
        if conf >= min_confidence:
            pairs.append(pair)
            if how == "out_of_order":
                problems.append(
                    {
                        "kind": "out_of_order",
                        "slug": e.slug,
                        "en": _describe(e),
                        "ja": _describe(j),
                        "confidence": conf,
                        "reason": "linked although the editions list it in another order: "
                        + "; ".join(reasons),
                    }
                )
        else:
            problems.append(
                {
                    "kind": "doubtful",
                    "slug": e.slug,
                    "en": _describe(e),
                    "ja": _describe(j),
                    "confidence": conf,
                    "reason": f"best candidate too weak ({how}): " + "; ".join(reasons),
                }
            )
    linked_en = {p.en.entry_id for p in pairs}
    linked_ja = {p.ja.entry_id for p in pairs}
    doubtful_en = {p["en"]["entry_id"] for p in problems if p["kind"] == "doubtful"}
    doubtful_ja = {p["ja"]["entry_id"] for p in problems if p["kind"] == "doubtful"}
    for i, e in enumerate(en):
        if e.entry_id in linked_en or e.entry_id in doubtful_en:
            continue
        k = max(range(len(ja)), key=lambda k, i=i: scores[i][k])  # type: ignore[misc]
        problems.append(
            {
                "kind": "unpaired_en",
                "slug": e.slug,
                "en": _describe(e),
                "reason": "no Japanese entry matches; best candidate "
                f"{ja[k].title!r} ({'; '.join(ev[i][k].reasons)})",
            }
        )
    for j in ja:
        if j.entry_id in linked_ja or j.entry_id in doubtful_ja:
            continue
        problems.append(
            {
                "kind": "unpaired_ja",
                "slug": j.slug,
                "ja": _describe(j),
                "reason": "no English entry for this Japanese entry (added since the translation?)",
            }
        )
    return pairs, problems


def _by_slug(entries: Iterable[Entry]) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for e in entries:
        out.setdefault(e.slug, []).append(e)
    for seq in out.values():
        seq.sort(key=lambda e: e.order)
    return out


def _dedupe(entries: Iterable[Entry]) -> list[Entry]:
    """One entry per article page and position (the same page from both domains)."""
    seen: dict[tuple[str, int, int], Entry] = {}
    for e in entries:
        seen.setdefault((e.slug, e.page, e.position), e)
    return list(seen.values())


def link_records(
    english: Iterable[dict[str, Any]],
    originals: Iterable[dict[str, Any]],
    *,
    min_confidence: float = MIN_CONFIDENCE,
) -> LinkResult:
    """Link English records to Japanese ones (records as dicts, any order, any articles).

    Records of other editions on either side are ignored, so one combined run file can be
    passed as both arguments.
    """
    en = [e for e in map(entry_from_record, english) if e is not None and e.lang == "en"]
    ja = [e for e in map(entry_from_record, originals) if e is not None and e.lang == ORIGINAL_LANG]
    en_by, ja_by = _by_slug(_dedupe(en)), _by_slug(_dedupe(ja))
    result = LinkResult(english=len(en), originals=len(ja))
    for slug in sorted(en_by.keys() | ja_by.keys()):
        es, js = en_by.get(slug, []), ja_by.get(slug, [])
        if es and not js:
            result.problems.append(
                {
                    "kind": "no_original",
                    "slug": slug,
                    "entries": [e.entry_id for e in es],
                    "reason": "no Japanese records of this article in the input",
                }
            )
            continue
        pairs, problems = link_entries(es, js, min_confidence=min_confidence)
        result.pairs += pairs
        result.problems += problems
    return result


def apply_links(record: dict[str, Any], result_links: dict[str, Pair]) -> dict[str, Any]:
    """The record with `original` set (English records: the linked original or null) and, when
    linked, `song_id` keyed on the original names. Other editions' records are returned as they
    are. The input dict is not changed."""
    art = record.get("article") or {}
    if art.get("lang") != "en":
        return record
    out = dict(record)
    pair = result_links.get(str(record.get("entry_id")))
    if pair is None:
        out["original"] = None
        return out
    out["original"] = pair.original()
    out["song_id"] = song_id(pair.ja.artist, pair.ja.title)
    return out
