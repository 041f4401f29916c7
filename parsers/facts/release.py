"""The song's own release month ("YYYY-MM") or year ("YYYY") from its description.

Every date in the description is a candidate; the sentence around it says whether it dates the
song's release ("Released as a single in September 2006") or something else (a chart run, a
reissue, a Kōhaku appearance). Month names go through a regex for English and a reused
dateparser parser, fixed to the page's language, for the other editions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

from parsers.facts.sentences import split_sentences
from parsers.sites import phrases

_YEAR = r"(1[89]\d{2}|20\d{2})"
CJK_DATE_RE = re.compile(_YEAR + r"\s*[年년]\s*(?:(\d{1,2})\s*[月월])?")
YEAR_RE = re.compile(r"(?<![\d’'/.-])" + _YEAR + r"(?![\d]|s\b|’s|'s|年代)")
WORD_YEAR_RE = re.compile(
    r"\b([A-Za-zÀ-ÿ]{3,}\.?)\s+(?:(\d{1,2})(?:st|nd|rd|th|er)?,?\s+)?" + _YEAR + r"\b"
)
NUMERIC_DATE_RE = re.compile(r"\b" + _YEAR + r"[/.\-](\d{1,2})(?:[/.\-]\d{1,2})?\b")
DAY_MONTH_YEAR_RE = re.compile(r"\b(\d{1,2})\.?\s+([A-Za-zÀ-ÿ]{3,}\.?)\s+" + _YEAR + r"\b")


_HAS_DIGIT_RE = re.compile(r"\d")


@dataclass
class DateMention:
    year: int
    month: int | None
    start: int  # offset in the sentence

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


def extract_release(
    description: str, lang: str = "en", sentences: list[str] | None = None
) -> str | None:
    ph = phrases(lang)
    best: tuple[float, DateMention] | None = None
    for sentence in sentences if sentences is not None else split_sentences(description):
        if not _HAS_DIGIT_RE.search(sentence):
            continue
        mentions = find_dates(sentence, lang, ph)
        if not mentions:
            continue
        scorer = _SentenceScorer(sentence, ph)
        for m in mentions:
            score = scorer.score(m)
            # the first of equally sure dates wins: a song's release comes before its reissues
            if score >= 1.0 and (best is None or score > best[0]):
                best = (score, m)
    return best[1].iso() if best else None


def find_dates(sentence: str, lang: str, ph: ModuleType) -> list[DateMention]:
    found: dict[int, DateMention] = {}
    for m in NUMERIC_DATE_RE.finditer(sentence):
        found[m.start()] = DateMention(int(m.group(1)), _month(m.group(2)), m.start())
    for m in CJK_DATE_RE.finditer(sentence):
        found[m.start()] = DateMention(int(m.group(1)), _month(m.group(2)), m.start())
    for m in DAY_MONTH_YEAR_RE.finditer(sentence):
        month = month_number(m.group(2), lang, ph)
        if month:
            found[m.start()] = DateMention(int(m.group(3)), month, m.start())
    for m in WORD_YEAR_RE.finditer(sentence):
        month = month_number(m.group(1), lang, ph)
        if month and not any(abs(m.start() - k) < 4 for k in found):
            found[m.start()] = DateMention(int(m.group(3)), month, m.start())
    covered = [(d.start, d.start + 40) for d in found.values()]
    for m in YEAR_RE.finditer(sentence):
        pos = m.start()
        if any(a <= pos < b and _year_in(sentence[a:b], m.group(1)) for a, b in covered):
            continue
        found[pos] = DateMention(int(m.group(1)), None, pos)
    return sorted(found.values(), key=lambda d: d.start)


def _year_in(span: str, year: str) -> bool:
    return year in span


def _month(text: str | None) -> int | None:
    if not text:
        return None
    n = int(text)
    return n if 1 <= n <= 12 else None


def month_number(word: str, lang: str, ph: ModuleType) -> int | None:
    w = word.lower().rstrip(".")
    if w in ph.MONTHS:
        return int(ph.MONTHS[w])
    if lang in ("en", "ja", "ko"):
        return None
    return _dateparser_month(w, lang)


@lru_cache(maxsize=4096)
def _dateparser_month(word: str, lang: str) -> int | None:
    """Month of a word in a given language, asked of one reused dateparser parser."""
    parser = _parser(lang)
    data = parser.get_date_data(f"{word} 2000")
    if data.date_obj is None or data.period not in ("month", "day"):
        return None
    return int(data.date_obj.month)


@lru_cache(maxsize=8)
def _parser(lang: str):  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=[lang],
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"]},
    )


CLAUSE_BREAK_RE = re.compile(r"[,;—–:(、]|\bbut\b|\bthen\b|\band\b|\bwhile\b|\bafter\b")
QUOTED_RE = re.compile(r"“[^”]*”|『[^』]*』|「[^」]*」|«[^»]*»|„[^“”]*[“”]|\"[^\"]*\"")


@lru_cache(maxsize=8)
def _phrase_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    ph = phrases(lang)
    return tuple(
        re.compile(p, re.I)
        for p in (
            ph.RELEASE_WORDS,
            ph.ALBUM_WORDS,
            ph.NOT_RELEASE_WORDS,
            ph.CHART_WORDS,
            getattr(ph, "STRONG_RELEASE_WORDS", ph.RELEASE_WORDS),
        )
    )


class _SentenceScorer:
    """Scores the dates of one sentence; what concerns the whole sentence is looked at once."""

    def __init__(self, sentence: str, ph: ModuleType) -> None:
        self.s = sentence
        self.patterns = _phrase_patterns(ph.LANG)
        self.quoted = [(q.start(), q.end()) for q in QUOTED_RE.finditer(sentence)]
        self.breaks = [(m.start(), m.end()) for m in CLAUSE_BREAK_RE.finditer(sentence)]
        self.release_in_sentence = self.patterns[0].search(sentence) is not None

    def clause(self, at: int) -> str:
        """The clause around offset `at` (commas, dashes, "and", "but", "then")."""
        start = max((e for b, e in self.breaks if e <= at), default=0)
        end = min((b for b, e in self.breaks if b > at), default=len(self.s))
        return self.s[start:end]

    def score(self, m: DateMention) -> float:
        """How surely a date dates the song's own release; under 1 means it does not."""
        if any(a < m.start < b for a, b in self.quoted):
            return 0.0  # a year inside a name: “Let’s Do It Together 2020”
        release, album, not_release, chart, strong = self.patterns
        clause = self.clause(m.start)
        score = 0.0
        release_in_clause = release.search(clause) is not None
        album_in_clause = album.search(clause) is not None
        if release_in_clause or self.release_in_sentence:
            score += 3.0
        elif album_in_clause:
            score += 1.5  # "featured on his 2018 album": the album's year stands in
        if release_in_clause:
            score += 1.0 if strong.search(clause) else 0.5  # "released" beats "written"
        if not_release.search(clause):
            score -= 3.5
        if not release_in_clause and chart.search(clause):
            score -= 1.0
        if album_in_clause:
            score -= 0.3
        if m.month:
            score += 0.3
        return score
