"""How strongly the facts say that an English entry is the translation of a Japanese one:
points, with the reasons, and the contradiction that rules a pair out."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from parsers.editions.entries import (
    Entry,
    cross_edition_key,
    has_japanese,
    mentions,
    name_similarity,
    romanise,
)


@dataclass
class PairEvidence:
    """The points one English/Japanese pair scores, with the reasons."""

    score: float
    reasons: list[str] = field(default_factory=list)
    contradiction: str | None = None  # a fact that rules the pair out (release year, rank)

    def add(self, points: float, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)


_QUOTED = ("「{}」", "『{}』", "“{}”", '"{}"', "【{}】")


def mention_score(ja_name: str, en: Entry) -> float:
    """0..1: the Japanese name written in the English entry's video titles or description
    (`中島みゆき「糸」`), or its romanised form mentioned there (`Rokudenashi released it`)."""
    m = mentions(en.video_titles, en.description)
    name = unicodedata.normalize("NFKC", ja_name).casefold().strip()
    if not name:
        return 0.0
    if len(name) >= 2 and has_japanese(name) and name in m.raw:
        return 0.95
    if any(q.format(name) in m.raw for q in _QUOTED):
        return 0.95
    best = 0.0
    for form in romanise(ja_name):
        compact = cross_edition_key(form).replace(" ", "")
        if len(compact) >= 5 and compact in m.grams:
            best = max(best, 0.85)
    return best


def _year(release: str) -> str:
    return release[:4]


def _name_points(sim: float) -> float:
    # identical romanisation +2.2; unrelated (a translation) about -0.6; never below -1.
    return max(-1.0, min(2.5, 4.0 * (sim - 0.45)))


@lru_cache(maxsize=65536)
def _video_tokens(title: str) -> frozenset[str]:
    forms = romanise(title)
    words = cross_edition_key(forms[0] if forms else title).split()
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


def pair_evidence(en: Entry, ja: Entry, artist_weight: float = 1.0) -> PairEvidence:
    """How strongly the facts say that `en` is the translation of `ja` (points, with reasons).

    `artist_weight` scales the points an agreeing artist brings: on a one-artist article
    (every entry by すぎやまこういち) the artist tells the entries apart no better than chance.
    """
    ev = PairEvidence(0.0)
    _names(ev, en, ja, artist_weight)
    if en.release and ja.release:
        _release(ev, en.release, ja.release)
    if en.rank is not None and ja.rank is not None:
        _rank(ev, en.rank, ja.rank)
    if en.video_titles and ja.video_titles:
        _videos(ev, en.video_titles, ja.video_titles)
    if en.tie_ins and ja.tie_ins:
        _tie_ins(ev, en, ja)
    if set(en.award_editions) & set(ja.award_editions):
        ev.add(1.0, "award edition")
    return ev


def _names(ev: PairEvidence, en: Entry, ja: Entry, artist_weight: float) -> None:
    """Title and artist: romanised alike, or the Japanese name mentioned in the English entry."""
    t_sim = max(name_similarity(en.title, ja.title), mention_score(ja.title, en))
    ev.add(_name_points(t_sim), f"title {t_sim:.2f}")
    if en.artist is None and ja.artist is None:
        ev.add(0.5, "no artist on either")
    elif en.artist is not None and ja.artist is not None:
        a_sim = max(name_similarity(en.artist, ja.artist), mention_score(ja.artist, en))
        points = _name_points(a_sim)
        ev.add(points * artist_weight if points > 0 else points, f"artist {a_sim:.2f}")


def _release(ev: PairEvidence, en: str, ja: str) -> None:
    """The same release date or year; another year rules the pair out."""
    if en == ja:
        ev.add(2.0 if len(en) > 4 else 1.0, f"release {en}")
    elif _year(en) == _year(ja):
        if len(en) > 4 and len(ja) > 4:
            ev.add(-1.0, f"release month differs ({en}/{ja})")
        else:
            ev.add(1.0, f"release year {_year(en)}")
    else:
        ev.contradiction = f"release {en} vs {ja}"
        ev.add(-3.0, ev.contradiction)


def _rank(ev: PairEvidence, en: int, ja: int) -> None:
    """The same rank; another rank rules the pair out."""
    if en == ja:
        ev.add(2.5, f"rank {en}")
    else:
        ev.contradiction = ev.contradiction or f"rank {en} vs {ja}"
        ev.add(-3.0, f"rank {en} vs {ja}")


def _videos(ev: PairEvidence, en: Sequence[str], ja: Sequence[str]) -> None:
    """The same video, or video titles sharing most of their words."""
    en_v = {unicodedata.normalize("NFKC", v).casefold() for v in en}
    ja_v = {unicodedata.normalize("NFKC", v).casefold() for v in ja}
    if en_v & ja_v:
        ev.add(3.0, "same video")
        return
    v_sim = video_similarity(en, ja)
    if v_sim >= 0.35:
        ev.add(min(2.5, 5.0 * (v_sim - 0.3)), f"video title {v_sim:.2f}")


def _tie_ins(ev: PairEvidence, en: Entry, ja: Entry) -> None:
    """A tie-in (programme, film, commercial) named alike in both entries."""
    tie = max(
        max(name_similarity(e, j), mention_score(j, en)) for e in en.tie_ins for j in ja.tie_ins
    )
    if tie >= 0.8:
        ev.add(1.5, f"tie-in {tie:.2f}")
    elif tie >= 0.65:
        ev.add(0.7, f"tie-in {tie:.2f}")
