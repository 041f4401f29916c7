"""Sentence splitting that does not cut inside quotes (“It’s 8 O’Clock! All Gather ’Round”)
or after abbreviations ("No. 1", "Mr.Children", "U.S.")."""

from __future__ import annotations

import re

_OPEN = "“『「«„"
_CLOSE = "”』」»"
_ABBREV_RE = re.compile(
    r"(?:\b(?:No|Mr|Mrs|Ms|Dr|St|Jr|Vol|vs|feat|ft|approx|p\.m|a\.m|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$"
)
# Only these characters can open or close a quote or end a sentence: visit them alone.
_MARKS_RE = re.compile(r"[.!?。！？“”『』「」«»„]")


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    for para in text.split("\n"):
        if para.strip():
            out.extend(_split_paragraph(para))
    return [s for s in (x.strip() for x in out) if s]


def _split_paragraph(para: str) -> list[str]:
    sentences: list[str] = []
    depth = 0
    start = 0
    n = len(para)
    for m in _MARKS_RE.finditer(para):
        i = m.start()
        if i < start:
            continue
        ch = para[i]
        if ch in _OPEN and not (ch == "“" and depth > 0):
            depth += 1
        elif ch in _CLOSE:
            if depth > 0:
                depth -= 1
            # “... Dokyun.” It was -> a sentence ends after the closing quote
            if depth == 0 and i > 0 and para[i - 1] in ".!?" and para[i + 1 : i + 2] == " ":
                if para[i + 2 : i + 3].isupper():
                    sentences.append(para[start : i + 1])
                    start = i + 2
        elif ch in "。！？" and depth == 0:
            sentences.append(para[start : i + 1])
            start = i + 1
        elif ch in ".!?" and depth == 0 and i + 1 < n and para[i + 1] == " ":
            nxt = para[i + 2 : i + 3]
            if (nxt.isupper() or nxt.isdigit() or nxt in "“\"(’'") and not _ABBREV_RE.search(
                para[max(start, i - 8) : i + 1]
            ):
                sentences.append(para[start : i + 1])
                start = i + 2
    sentences.append(para[start:])
    return sentences
