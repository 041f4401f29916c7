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

The parts: `entries` (records as entries, romanised names), `evidence` (step 2), `align`
(step 3 and the confidence); this module does the rest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from parsers.editions.align import align, confidence
from parsers.editions.entries import Entry, cross_edition_key, entry_from_record
from parsers.editions.evidence import PairEvidence, pair_evidence
from parsers.page import song_id

ORIGINAL_LANG = "ja"
MIN_CONFIDENCE = 0.6
# Crossing pairs (swapped entries) are rescued only on strong evidence.
RESCUE_SCORE = 4.0
# Gap filling: how many entries a gap between two anchors may hold on each side.
MAX_GAP_FILL = 3


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
            key = cross_edition_key(e.artist)
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
    grid = _Grid.of(en, ja)
    anchors = align(grid.scores)
    chosen = _aligned(anchors)
    _fill_gaps(chosen, anchors, grid, len(en), len(ja))
    _rescue_crossing(chosen, grid)
    pairs, problems = _judge(en, ja, grid, chosen, min_confidence)
    return pairs, problems + _unpaired(en, ja, grid, pairs, problems)


@dataclass(frozen=True)
class _Grid:
    """The evidence of every English/Japanese pair of one article, and each entry's two best
    scores (for a pair's margin over its rivals)."""

    ev: list[list[PairEvidence]]
    scores: list[list[float]]
    row_top: list[list[float]]
    col_top: list[list[float]]

    @classmethod
    def of(cls, en: Sequence[Entry], ja: Sequence[Entry]) -> _Grid:
        weight = _artist_weight(ja)
        ev = [[pair_evidence(e, j, weight) for j in ja] for e in en]
        scores = [[x.score for x in row] for row in ev]
        row_top = [sorted(r, reverse=True)[:2] + [-math.inf] * 2 for r in scores]
        col_top = [
            sorted((scores[i][k] for i in range(len(en))), reverse=True)[:2] + [-math.inf] * 2
            for k in range(len(ja))
        ]
        return cls(ev, scores, row_top, col_top)

    def margin(self, i: int, k: int) -> float:
        """The pair's lead over the best rival of either entry."""
        s = self.scores[i][k]
        r = self.row_top[i][1] if self.row_top[i][0] == s else self.row_top[i][0]
        c = self.col_top[k][1] if self.col_top[k][0] == s else self.col_top[k][0]
        return s - max(r, c)


# en index -> (ja index, how, order bonus)
_Chosen = dict[int, tuple[int, str, float]]


def _aligned(anchors: list[tuple[int, int]]) -> _Chosen:
    """The aligned pairs, with order support: half a point for each neighbour pair aligned too."""
    anchor_set = set(anchors)
    chosen: _Chosen = {}
    for i, k in anchors:
        support = ((i - 1, k - 1) in anchor_set) + ((i + 1, k + 1) in anchor_set)
        chosen[i] = (k, "aligned", 0.5 * support)
    return chosen


def _fill_gaps(
    chosen: _Chosen, anchors: list[tuple[int, int]], grid: _Grid, n_en: int, n_ja: int
) -> None:
    """Pair in order the gaps between anchors that hold as many entries on both sides."""
    bounds = [(-1, -1), *anchors, (n_en, n_ja)]
    for (i0, k0), (i1, k1) in zip(bounds, bounds[1:], strict=False):
        gi, gk = list(range(i0 + 1, i1)), list(range(k0 + 1, k1))
        if not gi or len(gi) != len(gk) or len(gi) > MAX_GAP_FILL:
            continue
        inner = i0 >= 0 and i1 < n_en
        if any(grid.ev[i][k].contradiction for i, k in zip(gi, gk, strict=True)):
            continue
        bonus = (2.0 if len(gi) == 1 else 1.5) if inner else 1.0
        for i, k in zip(gi, gk, strict=True):
            chosen[i] = (k, "gap", bonus)


def _rescue_crossing(chosen: _Chosen, grid: _Grid) -> None:
    """Pair the crossing pairs with strong evidence (entries swapped between the editions)."""
    used_ja = {k for k, _, _ in chosen.values()}
    loose = sorted(
        (
            (row[k], i, k)
            for i, row in enumerate(grid.scores)
            if i not in chosen
            for k in range(len(row))
            if k not in used_ja and row[k] >= RESCUE_SCORE and not grid.ev[i][k].contradiction
        ),
        reverse=True,
    )
    for _s, i, k in loose:
        if i in chosen or k in used_ja:
            continue
        chosen[i] = (k, "out_of_order", 0.0)
        used_ja.add(k)


def _judge(
    en: Sequence[Entry],
    ja: Sequence[Entry],
    grid: _Grid,
    chosen: _Chosen,
    min_confidence: float,
) -> tuple[list[Pair], list[dict[str, Any]]]:
    """The chosen pairs with their confidence: linked (reported too when out of order) or,
    under `min_confidence`, reported as doubtful."""
    pairs: list[Pair] = []
    problems: list[dict[str, Any]] = []
    for i in sorted(chosen):
        k, how, bonus = chosen[i]
        x = grid.ev[i][k]
        score = x.score + bonus
        reasons = list(x.reasons)
        if bonus:
            reasons.append(f"order +{bonus:g}")
        pair = Pair(
            en[i], ja[k], round(score, 3), confidence(score, grid.margin(i, k)), how, reasons
        )
        if pair.confidence >= min_confidence:
            pairs.append(pair)
            if how == "out_of_order":
                why = "linked although the editions list it in another order: "
                problems.append(_pair_problem("out_of_order", pair, why))
        else:
            problems.append(_pair_problem("doubtful", pair, f"best candidate too weak ({how}): "))
    return pairs, problems


def _pair_problem(kind: str, pair: Pair, why: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "slug": pair.en.slug,
        "en": _describe(pair.en),
        "ja": _describe(pair.ja),
        "confidence": pair.confidence,
        "reason": why + "; ".join(pair.reasons),
    }


def _unpaired(
    en: Sequence[Entry],
    ja: Sequence[Entry],
    grid: _Grid,
    pairs: list[Pair],
    problems: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The entries neither linked nor doubtful, English ones with their best candidate."""
    linked_en = {p.en.entry_id for p in pairs}
    linked_ja = {p.ja.entry_id for p in pairs}
    doubtful_en = {p["en"]["entry_id"] for p in problems if p["kind"] == "doubtful"}
    doubtful_ja = {p["ja"]["entry_id"] for p in problems if p["kind"] == "doubtful"}
    out: list[dict[str, Any]] = []
    for i, e in enumerate(en):
        if e.entry_id in linked_en or e.entry_id in doubtful_en:
            continue
        row = grid.scores[i]
        k = max(range(len(row)), key=row.__getitem__)
        out.append(
            {
                "kind": "unpaired_en",
                "slug": e.slug,
                "en": _describe(e),
                "reason": "no Japanese entry matches; best candidate "
                f"{ja[k].title!r} ({'; '.join(grid.ev[i][k].reasons)})",
            }
        )
    for j in ja:
        if j.entry_id in linked_ja or j.entry_id in doubtful_ja:
            continue
        out.append(
            {
                "kind": "unpaired_ja",
                "slug": j.slug,
                "ja": _describe(j),
                "reason": "no English entry for this Japanese entry (added since the translation?)",
            }
        )
    return out


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
