"""The song's own release month ("YYYY-MM") or year ("YYYY") from its description.

Every date in the description is a candidate; the sentence around it says whether it dates the
song's release ("Released as a single in September 2006") or something else (a chart run, a
reissue, a Kōhaku appearance). What the date attaches to decides first: the noun right after
it ("the 1986 film", "her 2019 album", "this 1997 hit") or the word that governs it from the
left ("topped the Billboard Hot 100 in June 1963", "released in 1999"). A month given by
reference ("released that December", "同年7月") takes its year from the date before it.
Month names go through a regex for English and a reused dateparser parser, fixed to the
page's language, for the other editions.

`release_fact` also says how sure the answer is (`confidence`, 0-1) and which clue gave it
(`method`); video-title lines are read when the description dates nothing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from parsers.sites import NEVER, Phrases, phrases
from parsers.textutil.sentences import split_sentences

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
    end: int = -1  # offset just after the date in the sentence (-1: unknown)
    reference: bool = False  # "that December": the year came from an earlier date
    later: bool = False  # "the following year": after another date, so not the first release

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


@dataclass(frozen=True)
class ReleaseFact:
    """The song's release as the text states it, how sure that is (0-1) and which clue gave
    it: `release_verb` (a release word governs the date: "released in"), `song_noun` ("this
    1997 hit"), `sentence` (a release word elsewhere in its sentence), `album` (the year of the
    album it first appeared on), `reference` ("released that December"), `video_title` (read
    from a video-title line). All None when the text dates no release."""

    value: str | None = None
    confidence: float | None = None
    method: str | None = None


# A date must score this much to be taken for the release.
RELEASE_THRESHOLD = 1.0


def extract_release(
    description: str, lang: str = "en", sentences: list[str] | None = None
) -> str | None:
    return release_fact(description, lang, sentences).value


def release_fact(
    description: str,
    lang: str = "en",
    sentences: list[str] | None = None,
    video_titles: list[str] | tuple[str, ...] = (),
    title: str | None = None,
) -> ReleaseFact:
    """The release from the description; from the video-title lines when it dates nothing.
    `title` (the song's) tells its own name from other works' ("発売された『…』")."""
    fact = _best_release(
        sentences if sentences is not None else split_sentences(description), lang, title
    )
    if fact.value is None and video_titles:
        lines = [s for title in video_titles for s in split_sentences(title)]
        found = _best_release(lines, lang, title)
        if found.value is not None:
            conf = round(min(found.confidence or 0.0, 0.8) * 0.9, 3)
            fact = ReleaseFact(found.value, conf, "video_title")
    return fact


def _best_release(sentences: list[str], lang: str, title: str | None = None) -> ReleaseFact:
    ph = phrases(lang)
    best: tuple[float, DateMention, str] | None = None
    others: list[tuple[float, str]] = []  # every dated candidate: its score and value
    last_year: int | None = None  # the latest year the text named, for "that December"
    for sentence in sentences:
        if not _HAS_DIGIT_RE.search(sentence) and not _reference_re(lang).search(sentence):
            continue
        mentions = find_dates(sentence, lang, ph, last_year)
        if not mentions:
            continue
        scorer = _SentenceScorer(sentence, ph, title)
        for m in mentions:
            score, method = scorer.score(m)
            if score >= RELEASE_THRESHOLD:
                others.append((score, m.iso()))
            # the first of equally sure dates wins: a song's release comes before its reissues
            if score >= RELEASE_THRESHOLD and (best is None or score > best[0]):
                best = (score, m, method)
        last_year = max(mentions, key=lambda d: d.start).year
    if best is None:
        return ReleaseFact()
    score, mention, method = best
    value = mention.iso()
    return ReleaseFact(value, _confidence(score, value, others), method)


def _confidence(score: float, value: str, candidates: list[tuple[float, str]]) -> float:
    """How sure the release is: the winning score, less when another date came close."""
    conf = min(0.97, 0.2 + 0.15 * score)
    rival = max((s for s, v in candidates if v != value and not value.startswith(v)), default=0.0)
    if rival:
        conf *= 1.0 - 0.5 * min(1.0, rival / score)
    return round(max(0.05, conf), 3)


@lru_cache(maxsize=8)
def _reference_re(lang: str) -> re.Pattern[str]:
    return re.compile(phrases(lang).reference_date)


def find_dates(
    sentence: str, lang: str, ph: Phrases, last_year: int | None = None
) -> list[DateMention]:
    found: dict[int, DateMention] = {}
    for m in NUMERIC_DATE_RE.finditer(sentence):
        found[m.start()] = DateMention(int(m.group(1)), _month(m.group(2)), m.start(), m.end())
    for m in CJK_DATE_RE.finditer(sentence):
        found[m.start()] = DateMention(int(m.group(1)), _month(m.group(2)), m.start(), m.end())
    for m in DAY_MONTH_YEAR_RE.finditer(sentence):
        month = month_number(m.group(2), lang, ph)
        if month:
            found[m.start()] = DateMention(int(m.group(3)), month, m.start(), m.end())
    for m in WORD_YEAR_RE.finditer(sentence):
        month = month_number(m.group(1), lang, ph)
        if month and not any(k in found for k in range(m.start() - 3, m.start() + 4)):
            found[m.start()] = DateMention(int(m.group(3)), month, m.start(), m.end())
    # a year inside the 40 characters after a date already found is that date's
    covered = sorted(found)
    for m in YEAR_RE.finditer(sentence):
        pos = m.start()
        lo, hi = bisect.bisect_right(covered, pos - 40), bisect.bisect_right(covered, pos)
        if any(_year_in(sentence[a : a + 40], m.group(1)) for a in covered[lo:hi]):
            continue
        found[pos] = DateMention(int(m.group(1)), None, pos, m.end())
    _add_references(sentence, lang, ph, last_year, found)
    return sorted(found.values(), key=lambda d: d.start)


def _add_references(
    sentence: str, lang: str, ph: Phrases, last_year: int | None, found: dict[int, DateMention]
) -> None:
    """Dates given by reference ("released that December", "in November of the same year",
    "同年7月"): the year is the one the text named last (in this sentence or before it)."""
    dated = sorted(found.values(), key=lambda d: d.start)
    starts = [d.start for d in dated]
    for m in _reference_re(lang).finditer(sentence):
        i = bisect.bisect_left(starts, m.start())
        year = dated[i - 1].year if i else last_year
        if year is None:
            continue
        groups = m.groupdict()
        month: int | None = None
        word = groups.get("month") or groups.get("month2")
        if word:
            month = month_number(word, lang, ph)
            if month is None:
                continue  # "that Sunday"
        elif groups.get("mnum"):
            month = _month(groups["mnum"])
        if groups.get("next"):
            year += 1
        if m.start() not in found:
            later = bool(groups.get("next"))
            found[m.start()] = DateMention(
                year, month, m.start(), m.end(), reference=True, later=later
            )


def _year_in(span: str, year: str) -> bool:
    return year in span


def _month(text: str | None) -> int | None:
    if not text:
        return None
    n = int(text)
    return n if 1 <= n <= 12 else None


def month_number(word: str, lang: str, ph: Phrases) -> int | None:
    w = word.lower().rstrip(".")
    if w in ph.months:
        return int(ph.months[w])
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
            ph.release_words,
            ph.album_words,
            ph.not_release_words,
            ph.chart_words,
            ph.strong_release_words or ph.release_words,
        )
    )


@lru_cache(maxsize=8)
def _original_re(lang: str) -> re.Pattern[str] | None:
    pattern = phrases(lang).original_release
    return re.compile(pattern, re.I) if pattern else None


# a date, a release word, then a quoted name: "2017年に発売された『…』", "released in 2009, “…”"
_QUOTED_AFTER_RELEASE_RE = re.compile(
    r"^(?:\d{1,2}月)?(?:\d{1,2}日)?に?(?:発売|リリース|公開|発表)(?:された|の)\s*[『「](?P<name>[^』」]+)"
)


def _same_name(a: str, b: str) -> bool:
    return re.sub(r"\W+", "", a.casefold()) == re.sub(r"\W+", "", b.casefold())


def _is_work_noun(g: re.Match[str], owner_re: re.Pattern[str]) -> bool:
    """Is the governing word a work's noun ("drama") rather than a verb ("topped")?"""
    owned = owner_re.match(" " + g.group(0))
    return bool(owned and owned.group("other"))


@lru_cache(maxsize=8)
def _attachment_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    """What a date attaches to: the noun after it (song / album / other), the text after it
    (CJK), and the nearest governing word before it (release / other)."""
    ph = phrases(lang)
    song, other = ph.date_owner_song, ph.date_owner_other
    # the noun phrase right after the date, up to a function word or a mark: its song or
    # album noun wins ("her 2010 debut album"), else its other noun ("the 1986 film")
    owner = (
        rf"^(?:\s*’s)?(?:\s+(?!(?:of|for|in|on|at|by|with|and|as|from|to|that|which)\b)"
        rf"(?:(?P<song>(?:{song})\b)|(?P<album>(?:{ph.album_words}))|(?P<other>(?:{other})\b)|"
        rf"[\w’'.-]+)){{1,4}}"
        if song and other
        else NEVER
    )
    gov_other, gov_release = ph.date_governor_other, ph.date_governor_release
    governor = (
        rf"\b(?:(?P<release>{gov_release})|(?P<other>{gov_other}))\b"
        if gov_other and gov_release
        else NEVER
    )
    return (
        re.compile(owner),
        re.compile(ph.date_after_other),
        re.compile(governor, re.I),
        re.compile(ph.date_of_another_song, re.I),
        re.compile(ph.date_clause_other),
    )


# How far back in its clause the words that govern a date are looked for (the corpus's
# farthest is ~150 characters): a cap, so that a clause of thousands of years costs linear time.
LOOK_BACK = 400


class _SentenceScorer:
    """Scores the dates of one sentence; what concerns the whole sentence is looked at once."""

    def __init__(self, sentence: str, ph: Phrases, title: str | None = None) -> None:
        self.s = sentence
        self.title = title
        self.lang = ph.lang
        self.patterns = _phrase_patterns(ph.lang)
        self.original = _original_re(ph.lang)
        self.quoted = [(q.start(), q.end()) for q in QUOTED_RE.finditer(sentence)]
        self.quoted_starts = [a for a, _ in self.quoted]  # sorted, no overlaps
        self._clause_cache: dict[tuple[int, int], tuple[bool, bool, bool, bool, bool]] = {}
        self.breaks = [(m.start(), m.end()) for m in CLAUSE_BREAK_RE.finditer(sentence)]
        # sorted (finditer order, no overlaps): bisect instead of a scan per date
        self.break_starts = [b for b, _ in self.breaks]
        self.break_ends = [e for _, e in self.breaks]
        self.release_in_sentence = self.patterns[0].search(sentence) is not None

    def clause_facts(self, at: int) -> tuple[bool, bool, bool, bool, bool]:
        """Which of the phrase patterns (release, album, not-release, chart, strong release)
        the clause around `at` holds: searched once per clause, not once per date in it (a
        long clause full of years made that grow with the square of the sentence)."""
        key = (self.clause_start(at), self.clause_end(at))
        facts = self._clause_cache.get(key)
        if facts is None:
            clause = self.s[key[0] : key[1]]
            release, album, not_release, chart, strong = (
                p.search(clause) is not None for p in self.patterns
            )
            facts = (release, album, not_release, chart, strong)
            self._clause_cache[key] = facts
        return facts

    def before(self, at: int) -> str:
        """The date's clause up to the date, at most LOOK_BACK characters of it."""
        return self.s[max(self.clause_start(at), at - LOOK_BACK) : at]

    def clause(self, at: int) -> str:
        """The clause around offset `at` (commas, dashes, "and", "but", "then")."""
        return self.s[self.clause_start(at) : self.clause_end(at)]

    def clause_end(self, at: int) -> int:
        i = bisect.bisect_right(self.break_starts, at)
        return self.break_starts[i] if i < len(self.break_starts) else len(self.s)

    def attachment(self, m: DateMention) -> str | None:
        """What the date attaches to, when the words next to it say: "song_noun" ("this
        1997 hit") or "album_noun" ("her 2019 album"), the noun after it; "release" (a release
        word governs it) or "original" ("first released in"); "other" (a film, a chart run,
        the artist's debut...); None when they do not."""
        owner_re, after_re, governor_re, another_re, clause_other_re = _attachment_patterns(
            self.lang
        )
        if another_re.search(self.before(m.start)):
            return "other"  # the original of a parody, the song a cover remakes
        end = m.end if m.end >= 0 else m.start + 4
        after = self.s[end : end + 60]
        owned = owner_re.match(after)
        if owned and (owned.group("song") or owned.group("album") or owned.group("other")):
            if owned.group("song"):
                return "song_noun"
            return "album_noun" if owned.group("album") else "other"
        if after_re.match(after):
            return "other"
        # a predicate that ends the date's clause (Japanese: the verb comes last)
        tail = re.split(r"[、。]", after, maxsplit=1)[0]
        if clause_other_re.search(tail) and not self.patterns[0].search(tail):
            return "other"
        quoted = _QUOTED_AFTER_RELEASE_RE.match(after)
        if quoted and not (self.title and _same_name(quoted.group("name"), self.title)):
            return "other"  # "2017年に発売された『ドラゴンクエストXI』": the named work's date
        # the nearest governing word before the date: a verb or noun of something else a few
        # words back ("topped the Billboard Hot 100 in", "left the group in") unless a release
        # verb heads the clause and the other word is only a work it names ("Written as the
        # theme song for the TBS drama “…” in October 2024")
        window = self.before(m.start)
        near_from = max(0, len(window) - 45)
        last_release = last_other = None
        for g in governor_re.finditer(window):
            if g.group("release"):
                last_release = g
            elif g.start() >= near_from and not (
                last_release is not None and last_release.end() > g.start()
            ):
                last_other = g  # "first appeared" is no "appeared"
        if last_other is not None and (
            last_release is None
            or (last_release.end() < last_other.start() and not _is_work_noun(last_other, owner_re))
        ):
            return "other"
        if last_release is None:
            return None
        # "first released in 1979 ...", "had first appeared on": the original release
        lead = window[max(0, last_release.start() - 15) : last_release.end()]
        return "original" if self.original and self.original.search(lead) else "release"

    def first_release_before(self, m: DateMention) -> bool:
        """Does "first appeared on" / "originally released" stand just before the date's
        noun phrase ("first appeared on their 2001 album")?"""
        if self.original is None:
            return False
        window = self.s[max(self.clause_start(m.start), m.start - 40) : m.start]
        return self.original.search(window) is not None

    def clause_start(self, at: int) -> int:
        i = bisect.bisect_right(self.break_ends, at)
        return self.break_ends[i - 1] if i else 0

    def score(self, m: DateMention) -> tuple[float, str]:
        """How surely a date dates the song's own release (under 1: it does not), and the
        clue that says so."""
        q = bisect.bisect_left(self.quoted_starts, m.start) - 1  # the last quote opened before
        if q >= 0 and m.start < self.quoted[q][1]:
            return 0.0, "quoted"  # a year inside a name: “Let’s Do It Together 2020”
        attached = self.attachment(m)
        if attached == "other":
            return 0.0, "other"
        original = attached == "original" or (
            attached in ("song_noun", "album_noun") and self.first_release_before(m)
        )
        release_in_clause, album_found, not_release_found, chart_found, strong_found = (
            self.clause_facts(m.start)
        )
        score = 0.0
        owned = attached in ("song_noun", "album_noun")  # the noun after the date owns it
        attached = {"song_noun": "song", "album_noun": "album", "original": "release"}.get(
            attached or "", attached
        )
        album_in_clause = album_found or attached == "album"
        if release_in_clause or self.release_in_sentence:
            score += 3.0
        elif album_in_clause:
            score += 1.5  # "featured on his 2018 album": the album's year stands in
        if release_in_clause:
            score += 1.0 if strong_found else 0.5  # "released" beats "written"
        if not_release_found:
            # the clause's other event ("returned forty years later") does not move a date
            # its own noun owns ("her November 1973 debut album")
            score -= 1.0 if owned else 3.5
        if not release_in_clause and chart_found:
            score -= 1.0
        if album_in_clause:
            score -= 0.3
        if m.month:
            score += 0.3
        if attached in ("song", "release"):
            score += 0.7
        if m.later:
            score -= 1.5  # "cut as a single the following year": a later release
        if original:
            score += 2.5  # "first released in 1979 ..., then issued as a single in 1980"
        return score, _clue(m, attached, album_in_clause, release_in_clause, strong_found)


def _clue(
    m: DateMention,
    attached: str | None,
    album_in_clause: bool,
    release_in_clause: bool,
    strong_found: bool,
) -> str:
    """Which clue dates the release (ReleaseFact.method), `attached` being what the date
    attaches to ("song", "album", "release" or None)."""
    if m.reference:
        return "reference"
    if attached == "album" or (album_in_clause and not release_in_clause):
        return "album"
    if attached == "release" or (release_in_clause and strong_found):
        return "release_verb"
    if attached == "song":
        return "song_noun"
    return "release_verb" if release_in_clause else "sentence"
