"""Awards: a named prize at a named ceremony ("the Best New Artist Award at the 48th Japan
Record Awards"). Charts, sales, Kōhaku appearances and unnamed "numerous awards" are not."""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.facts.sentences import split_sentences
from parsers.model import Award
from parsers.sites import phrases

_EDITION_RE = re.compile(r"(?:the\s)?(\d{1,3})(?:st|nd|rd|th)\s|第(\d{1,3})回")


def extract_awards(
    description: str, lang: str = "en", sentences: list[str] | None = None
) -> list[Award]:
    prize_at, cer_prize, bare, grammy, verbs, not_award = _patterns(lang)
    if not verbs.search(description):
        return []
    out: list[Award] = []
    for sentence in sentences if sentences is not None else split_sentences(description):
        if not verbs.search(sentence):
            continue
        found: list[Award] = []
        for pattern in (grammy, prize_at, cer_prize):
            for m in pattern.finditer(sentence):
                found.append(_award(m.group(0), m.group("prize"), m.group("cer")))
            if found:
                break
        if not found:
            for m in bare.finditer(sentence):
                cer = m.group("cer")
                if not_award.search(sentence[max(0, m.start() - 12) : m.end() + 5]):
                    continue
                found.append(_award(cer, None, cer))
        out.extend(found)
    return _dedupe(out)


@lru_cache(maxsize=8)
def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    ph = phrases(lang)
    prize, cer = ph.AWARD_PRIZE, ph.AWARD_CEREMONY
    return (
        re.compile(rf"(?P<prize>{prize})\s*(?:at|from|in|of)\s+(?P<cer>{cer})"),
        re.compile(rf"(?P<cer>{cer})[’']?s?\s*(?P<prize>{prize})"),
        re.compile(rf"(?P<cer>{cer})"),
        re.compile(r"(?P<cer>Grammy)(?: Award)? for (?P<prize>(?:[A-Z][\w’'-]*\s?){1,5})"),
        re.compile(ph.AWARD_VERBS, re.I),
        re.compile(ph.NOT_AWARD, re.I),
    )


def _award(text: str, prize: str | None, ceremony: str) -> Award:
    edition = None
    m = _EDITION_RE.search(ceremony)
    if m:
        edition = int(m.group(1) or m.group(2))
    cer = _EDITION_RE.sub("", ceremony).strip()
    cer = re.sub(r"^the\s", "", cer).strip()
    prize = prize.strip() if prize else None
    text = re.sub(r"^the\s", "", text.strip())
    return Award(text=text, name=prize, ceremony=cer or None, edition=edition)


def _dedupe(awards: list[Award]) -> list[Award]:
    seen: set[str] = set()
    out: list[Award] = []
    for a in awards:
        key = a.text.casefold()
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out
