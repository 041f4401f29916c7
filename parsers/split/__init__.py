"""Split a heading's core ("crescent moonAyaka") into title and artist, with evidence."""

from __future__ import annotations

import math
import re

from parsers.model import Split
from parsers.split.candidates import Candidate, candidates
from parsers.split.evidence import SCORERS, Evidence, one_word, splittable_token
from parsers.split.heading import Heading, parse_heading

__all__ = [
    "MAX_EVIDENCE_TEXT",
    "MAX_SPLIT_CORE",
    "Evidence",
    "Heading",
    "parse_heading",
    "split_core",
    "split_heading",
]

_JAPANESE_ONLY = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\s・ー〜~、。！？!?]+")

# A source has to beat the runner-up by this much for the split to be called confident.
CONFIDENT_MARGIN = 2.0
# Every position of a core is a candidate and each is scored against the whole core, so the
# cost grows with the square of its length: a core longer than this (no real heading is: the
# longest seen are ~130 characters) is not split but kept whole as the title, and the page
# says so in a warning (parsers.page).
MAX_SPLIT_CORE = 500
# Each candidate looks for its artist in the description: only this much of a description is
# read for the split (a description this long is no real one; the facts still read it all).
MAX_EVIDENCE_TEXT = 20_000


def split_heading(heading: Heading, evidence: Evidence) -> Split:
    if heading.title_piece is not None:
        # The markup (or a NEW! badge between them) already separates title and artist.
        return Split(heading.title_piece, heading.artist_piece, "markup", 1.0)
    if not heading.core:
        return Split(heading.raw.strip() or "?", None, "fallback", 0.0)
    if len(heading.core) > MAX_SPLIT_CORE:
        return Split(heading.core.strip(), None, "fallback", 0.0)
    return split_core(heading.core, evidence)


def split_core(core: str, evidence: Evidence) -> Split:
    lang = evidence.lang if evidence.lang in ("en", "fr", "de") else "en"
    cands = candidates(core, lambda token: splittable_token(token, lang))
    scored: list[tuple[float, Candidate, dict[str, float]]] = []
    for c in cands:
        parts = {name: fn(c, core, evidence) * w for name, (fn, w) in SCORERS.items()}
        scored.append((sum(parts.values()), c, parts))
    # Ties go to the leftmost boundary: titles are usually the longer half.
    scored.sort(key=lambda s: (-s[0], s[1].at))
    total, best, parts = scored[0]
    if len(scored) > 1:
        runner_total, _, runner_parts = scored[1]
    else:
        runner_total, runner_parts = total - 10.0, {k: 0.0 for k in parts}
    margin = total - runner_total
    if best.no_artist:
        method = "no_artist"
    else:
        gains = {k: parts[k] - runner_parts.get(k, 0.0) for k in parts}
        method = max(gains, key=lambda k: (gains[k], parts[k]))
        if gains[method] <= 0:
            method = max(parts, key=lambda k: parts[k])
    if total < 2.0 and not best.no_artist and _JAPANESE_ONLY.fullmatch(core) and one_word(core):
        # Japanese the analyser reads as one word, and no clear evidence for any cut: a
        # children's, school or folk song with no artist ("赤とんぼ", "ふるさと")
        return Split(core.strip(), None, "no_artist", 0.5)
    if total <= 0 and not best.no_artist:
        method = "fallback"
    confidence = 1.0 - math.exp(-max(0.0, margin) / CONFIDENT_MARGIN)
    return Split(best.title, best.artist, method, confidence)
