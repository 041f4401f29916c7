"""Tie-ins: the dramas, anime, films, commercials... a song was used in.

A sentence with a tie-in trigger ("theme song for", "CM song", "used in") names its works
either in quotes (“Pure”, 『…』, « … », „…“) or as a capitalised phrase after the trigger
("the Toho-distributed animated film BLEACH: Memories of Nobody", "a Sanyo Electric TV
commercial"). Quoted albums and singles are not tie-ins.
"""

from __future__ import annotations

import re
from types import ModuleType

from parsers.facts.release import split_sentences
from parsers.model import TieIn
from parsers.sites import phrases

QUOTE_RE = re.compile(r"“([^”]{1,120})”|『([^』]{1,120})』|‘([^’]{2,120})’|«\s?([^»]{1,120}?)\s?»|„([^“”]{1,120})[“”]|\"([^\"]{1,120})\"")
NOT_WORK_BEFORE_QUOTE = re.compile(
    r"(album|single|EP|song|track|titled|called|named|release|B-side|coupling|version|"
    r"previous|follow-up|lyrics?|phrase|words|catchphrase|nickname|unit|group|band|"
    r"アルバム|シングル|曲|앨범|싱글|chanson|Lied|Song)\W*(?:\w+\W+){0,1}$",
    re.I,
)
_COMMERCIAL_RE = re.compile(
    r"((?:[A-Z0-9][\w’'&.\-]*(?:\s|’s\s)){1,5})(?:TV\s)?(?:commercials?|CMs?|ads?)\b"
)
_AFTER_TRIGGER_RE = re.compile(
    r"(?:theme song|theme|song|music|opening|ending|used|featured|insert song)\s+(?:\w+\s+){0,2}?"
    r"(?:for|in|of|on)\s+(?:the\s+|a\s+|an\s+)?"
    r"((?:[\w’'.\-:/]+\s){0,6}?(?:[A-Z0-9][\w’'.\-:!?]*)(?:\s(?:[A-Z0-9][\w’'.\-:!?]*|of|the|no|to|and|de|wa|ga|ni|in|on|a))*)"
)


def extract_tie_ins(description: str, lang: str = "en", title: str | None = None) -> list[TieIn]:
    ph = phrases(lang)
    out: list[TieIn] = []
    seen: set[str] = set()
    for sentence in split_sentences(description):
        trig = re.search(ph.TIE_IN_TRIGGERS, sentence, re.I)
        if not trig:
            continue
        found = _quoted(sentence, trig.start(), ph, title)
        if not found and lang == "en":
            found = _unquoted(sentence, ph, title)
        for tie in found:
            key = re.sub(r"\W+", "", (tie.name or tie.text).casefold())
            if key and key not in seen:
                seen.add(key)
                out.append(tie)
    return out


def _quoted(sentence: str, trig_at: int, ph: ModuleType, title: str | None) -> list[TieIn]:
    out: list[TieIn] = []
    for m in QUOTE_RE.finditer(sentence):
        name = next(g for g in m.groups() if g is not None).strip().rstrip(",.、。").strip()
        if not name or len(name) < 2:
            continue
        before = sentence[: m.start()]
        if NOT_WORK_BEFORE_QUOTE.search(before[-40:]):
            continue
        if title and _same(name, title):
            continue
        # The quote must stand after the trigger or close before it ("“X” theme song").
        after = sentence[m.end() : m.end() + 30]
        if m.start() < trig_at and not re.search(ph.TIE_IN_TRIGGERS, after, re.I):
            continue
        descriptor = _descriptor(before)
        text = (descriptor + " " if descriptor else "") + m.group(0).rstrip(",.、")
        text = text.replace(",”", "”").replace(".”", "”")
        out.append(_make(text, name, descriptor, ph))
    return out


def _descriptor(before: str) -> str:
    """The few words before a quote that say what the work is: "Fuji TV drama", "au’s"."""
    words = before.rstrip().split(" ")
    picked: list[str] = []
    for w in reversed(words[-6:]):
        if w.lower() in ("the", "a", "an", "for", "in", "of", "as", "on", "and", "by", "to", "from", "with") or w.endswith(","):
            break
        picked.insert(0, w)
    return " ".join(picked).strip()


def _unquoted(sentence: str, ph: ModuleType, title: str | None) -> list[TieIn]:
    out: list[TieIn] = []
    for m in _COMMERCIAL_RE.finditer(sentence):
        brand = m.group(1).strip()
        if brand.split()[0] in ("The", "It", "This", "A", "In", "Its", "As"):
            brand = " ".join(brand.split()[1:])
        if brand:
            text = sentence[m.start() + m.group(0).find(brand) : m.end()]
            out.append(_make(text, brand, None, ph, kind="commercial"))
    if out:
        return out
    m2 = _AFTER_TRIGGER_RE.search(sentence)
    if m2:
        phrase = m2.group(1).strip().rstrip(".,;")
        phrase = re.split(r",\s| and (?:it|was|became|is|has)\b| which | where | that ", phrase)[0]
        if phrase and any(ch.isupper() for ch in phrase) and not (title and _same(phrase, title)):
            if len(phrase.split()) <= 12:
                for part in re.split(r" and (?=[A-Z])", phrase):
                    out.append(_make(part, _strip_kind_words(part, ph), None, ph))
    return out


def _strip_kind_words(text: str, ph: ModuleType) -> str:
    for _, pattern in ph.KIND_WORDS:
        m = re.search(r"(?:" + pattern + r")\w*\s+(.+)$", text, re.I)
        if m and m.group(1)[:1].isupper():
            return m.group(1)
    return text


def _make(text: str, name: str | None, descriptor: str | None, ph: ModuleType, kind: str | None = None) -> TieIn:
    context = f"{descriptor or ''} {text}"
    if kind is None:
        kind = "other"
        for k, pattern in ph.KIND_WORDS:
            if re.search(pattern, context, re.I):
                kind = k
                break
    by_m = re.search(r"(" + ph.BROADCASTERS + r")", context)
    return TieIn(text=text.strip(), kind=kind, name=name, by=by_m.group(1) if by_m else None)


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", "", a.casefold()) == re.sub(r"\W+", "", b.casefold())
