"""Awards: a named prize at a named ceremony ("the Best New Artist Award at the 48th Japan
Record Awards"). Charts, sales, Kōhaku appearances and unnamed "numerous awards" are not.

Two prizes joined by "and" before one ceremony are two awards ("won Record of the Year and
Best Pop Duo/Group Performance at the 58th Grammy Awards"). An award the text credits to the
artist ("Eilish herself took Best New Artist", "中山美穂さん自身は…を受賞") is not the song's;
each award carries a confidence (0-1): how surely the song won it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.model import Award
from parsers.sites import phrases
from parsers.textutil.sentences import split_sentences

_EDITION_RE = re.compile(r"(?:the\s)?(\d{1,3})(?:st|nd|rd|th)\s|第(\d{1,3})回")

# How sure each way of finding an award is that a named prize was won.
_PATTERN_CONFIDENCE = {"grammy": 0.9, "prize_at": 0.9, "cer_prize": 0.85, "prize_won": 0.75}
_BARE_CONFIDENCE = 0.6  # only the ceremony is named ("won the Japan Record Award")
_UNSURE_SUBJECT = 0.65  # a person's name (not "it", not "she") stands before the verb


def extract_awards(
    description: str, lang: str = "en", sentences: list[str] | None = None
) -> list[Award]:
    pats = _patterns(lang)
    if not pats["verbs"].search(description):
        return []
    out: list[Award] = []
    for sentence in sentences if sentences is not None else split_sentences(description):
        if not pats["verbs"].search(sentence):
            continue
        found: list[Award] = []
        for kind in ("grammy", "prize_at", "cer_prize", "prize_won"):
            for m in pats[kind].finditer(sentence):
                if pats["not_award"].search(sentence[max(0, m.start() - 12) : m.end() + 8]):
                    continue
                credit = _credit(sentence, m.start(), m.end(), pats)
                if credit is None:
                    continue  # the artist's award, not the song's
                conf = _PATTERN_CONFIDENCE[kind] * credit
                joined = _joined_prize(sentence, m.start(), pats)
                if joined:
                    found.append(_award(joined, joined, m.group("cer"), conf))
                prize, cer = m.group("prize"), m.group("cer")
                if prize.strip() in ("Award", "Awards", "Prize"):
                    continue  # "Grammy Awards" read as ceremony + prize
                if cer is None and pats["bare"].fullmatch(prize):
                    prize, cer = None, prize  # "第60回日本レコード大賞を受賞": the ceremony's prize
                found.append(_award(m.group(0), prize, cer, conf))
            if found:
                break
        artists_only = False
        if not found:
            found, artists_only = _ceremony_first(sentence, pats)
        if not found and not artists_only:
            for m in pats["bare"].finditer(sentence):
                cer = m.group("cer")
                if pats["not_award"].search(sentence[max(0, m.start() - 12) : m.end() + 5]):
                    continue
                credit = _credit(sentence, m.start(), m.end(), pats)
                if credit is None:
                    continue
                found.append(_award(cer, None, cer, _BARE_CONFIDENCE * credit))
        out.extend(found)
    return _dedupe(out)


@lru_cache(maxsize=8)
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    ph = phrases(lang)
    prize, cer, join = ph.award_prize, ph.award_ceremony, ph.award_join
    word = r"[A-Z][\w’'/-]*"
    return {
        # also a contest named in quotes after its prize: "the Excellence Award at ‘Popcon’"
        "prize_at": re.compile(
            rf"(?P<prize>{prize})\s*(?:at|from|in|of)\s+(?P<cer>{cer}|[‘“][A-Z][^’”]{{1,40}}[’”])"
        ),
        "cer_prize": re.compile(rf"(?P<cer>{cer}){join}(?P<prize>{prize})"),
        "bare": re.compile(rf"(?P<cer>{cer})"),
        # "the Grammy Award for Song of the Year", "the Japan Record Award for Best
        # Composition": the prize after "for" runs on past "of the"
        "grammy": re.compile(
            rf"(?P<cer>Grammy|{cer})(?: Award)? for (?P<prize>{word}"
            rf"(?:\s(?:of the|of|for|in|and|&)\s{word}|\s{word}){{0,5}})"
        ),
        # a prize named alone before the award verb: "…で歌唱賞を受賞" (no ceremony known)
        "prize_won": re.compile(ph.award_prize_won),
        "verbs": re.compile(ph.award_verbs, re.I),
        "not_award": re.compile(ph.not_award, re.I),
        "artist_subject": re.compile(ph.award_artist_subject),
        "song_subject": re.compile(ph.award_song_subject, re.I),
        "prize": re.compile(rf"(?P<prize>{prize})"),
        "joined": re.compile(rf"(?P<prize>{prize})\s+(?:and|as well as|&)\s+(?:the\s)?$"),
    }


def _credit(sentence: str, start: int, end: int, pats: dict[str, re.Pattern[str]]) -> float | None:
    """Who the text credits the award to: 1.0 the song (or nobody named: the entry speaks of
    its song), lower for a person's name, None for the artist ("she won", "彼女自身は")."""
    verb = None
    for v in pats["verbs"].finditer(sentence):
        if v.start() < start:
            verb = v
    if verb is None:
        # Japanese: the verb follows the award ("…を受賞"); the subject stands before it all
        subject = sentence[:start]
    else:
        subject = sentence[: verb.start()]
    # the clause the subject stands in: after the last comma or "and" before the verb
    subject = re.split(r"[,;、]\s*|\band\b", subject)[-1]
    if pats["song_subject"].search(subject):
        return 1.0
    if pats["artist_subject"].search(subject):
        return None
    if re.search(r"\b[A-Z][a-z]+\s*$", subject) and not re.search(
        r"\b(?:It|This|The|Also|That|Then|Later|At|In|Which)\s*$", subject
    ):
        return _UNSURE_SUBJECT
    return 1.0


_CLAUSE_END_RE = re.compile(r",\s|;|\.\s|\.$|$")


def _ceremony_first(sentence: str, pats: dict[str, re.Pattern[str]]) -> tuple[list[Award], bool]:
    """The ceremony named first, its prizes after the verb: "At the 54th Grammy Awards the
    song took both Record of the Year and Song of the Year". Also says whether prizes were
    named there but credited to the artist only ("At the …, she won Best New Artist")."""
    cer = pats["bare"].search(sentence)
    if cer is None or pats["not_award"].search(sentence[max(0, cer.start() - 12) : cer.end()]):
        return [], False
    out: list[Award] = []
    rejected = False
    for verb in pats["verbs"].finditer(sentence, cer.end()):
        end = _CLAUSE_END_RE.search(sentence, verb.end())
        segment_end = end.start() if end else len(sentence)
        for m in pats["prize"].finditer(sentence, verb.end(), segment_end):
            prize = m.group("prize").strip()
            if prize in ("Award", "Awards", "Prize") or pats["bare"].fullmatch(prize):
                continue
            credit = _credit(sentence, m.start(), m.end(), pats)
            if credit is None:
                rejected = True
                continue  # "while the album won Album of the Year"
            conf = _PATTERN_CONFIDENCE["cer_prize"] * credit
            out.append(_award(prize, prize, cer.group("cer"), conf))
    return out, rejected and not out


def _joined_prize(sentence: str, start: int, pats: dict[str, re.Pattern[str]]) -> str | None:
    """The prize joined before by "and" ("Record of the Year and Best … at the 58th …")."""
    m = pats["joined"].search(sentence[max(0, start - 60) : start])
    return m.group("prize").strip() if m else None


def _award(text: str, prize: str | None, ceremony: str | None, confidence: float) -> Award:
    edition = None
    ceremony = ceremony or ""
    m = _EDITION_RE.search(ceremony)
    if m:
        edition = int(m.group(1) or m.group(2))
    cer = _EDITION_RE.sub("", ceremony).strip()
    cer = re.sub(r"^(?:the\s)?\d{4}\s", "", cer)  # "the 2019 Space Shower Music Awards"
    cer = re.sub(r"^the\s", "", cer).strip()
    prize = prize.strip() if prize else None
    text = re.sub(r"^the\s", "", text.strip())
    return Award(
        text=text,
        name=prize,
        ceremony=cer or None,
        edition=edition,
        confidence=round(confidence, 3),
    )


def _dedupe(awards: list[Award]) -> list[Award]:
    seen: set[str] = set()
    out: list[Award] = []
    for a in awards:
        key = a.text.casefold()
        if key not in seen and not any(key in s for s in seen):
            seen.add(key)
            out.append(a)
    return out
