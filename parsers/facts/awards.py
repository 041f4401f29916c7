"""Awards: a named prize at a named ceremony ("the Best New Artist Award at the 48th Japan
Record Awards"). Charts, sales, Kōhaku appearances and unnamed "numerous awards" are not."""

from __future__ import annotations

import re

from parsers.facts.sentences import split_sentences
from parsers.model import Award
from parsers.sites import phrases

_EDITION_RE = re.compile(r"(?:the\s)?(\d{1,3})(?:st|nd|rd|th)\s|第(\d{1,3})回")


def extract_awards(
    description: str, lang: str = "en", sentences: list[str] | None = None
) -> list[Award]:
    ph = phrases(lang)
    prize_at = re.compile(
        r"(?P<prize>"
        + ph.AWARD_PRIZE
        + r")\s*(?:at|from|in|of)\s+(?P<cer>"
        + ph.AWARD_CEREMONY
        + r")"
    )
    cer_prize = re.compile(
        r"(?P<cer>" + ph.AWARD_CEREMONY + r")[’']?s?\s*(?P<prize>" + ph.AWARD_PRIZE + r")"
    )
    bare = re.compile(r"(?P<cer>" + ph.AWARD_CEREMONY + r")")
    grammy = re.compile(r"(?P<cer>Grammy)(?: Award)? for (?P<prize>(?:[A-Z][\w’'-]*\s?){1,5})")
    out: list[Award] = []
    for sentence in sentences if sentences is not None else split_sentences(description):
        if not re.search(ph.AWARD_VERBS, sentence, re.I):
            continue
        found: list[Award] = []
        for pattern in (prize_at, cer_prize, grammy):
            for m in pattern.finditer(sentence):
                found.append(_award(m.group(0), m.group("prize"), m.group("cer")))
            if found:
                break
        if not found:
            for m in bare.finditer(sentence):
                cer = m.group("cer")
                if re.search(ph.NOT_AWARD, sentence[max(0, m.start() - 12) : m.end() + 5], re.I):
                    continue
                found.append(_award(cer, None, cer))
        out.extend(found)
    return _dedupe(out)


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
