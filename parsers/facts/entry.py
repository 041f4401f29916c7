"""All the facts of one entry: release (with its confidence and clue), tie-ins and awards.

Facts stated in an entry's video-title lines count like its description's (LABELS.md): the
release is read from them when the description dates nothing; their tie-ins and awards are
added to the description's, those already found there kept once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.facts.awards import extract_awards
from parsers.facts.release import ReleaseFact, release_fact
from parsers.facts.tie_ins import extract_tie_ins
from parsers.model import Award, TieIn
from parsers.textutil.sentences import split_sentences

# A fact read from a video-title line is a little less sure than the description's.
VIDEO_TITLE_FACTOR = 0.85


@dataclass
class EntryFacts:
    release: ReleaseFact = field(default_factory=ReleaseFact)
    tie_ins: list[TieIn] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)


def entry_facts(
    description: str,
    lang: str = "en",
    title: str | None = None,
    sentences: list[str] | None = None,
    video_titles: list[str] | tuple[str, ...] = (),
) -> EntryFacts:
    sentences = sentences if sentences is not None else split_sentences(description)
    videos = [v for v in video_titles if not _repeats_heading(v, title)]
    release = release_fact(description, lang, sentences, videos, title)
    tie_ins = extract_tie_ins(description, lang, title, sentences)
    awards = extract_awards(description, lang, sentences)
    for video in videos:
        lines = split_sentences(video)
        for tie in extract_tie_ins(video, lang, title, lines):
            if not any(_same_fact(tie.name or tie.text, t.name or t.text) for t in tie_ins):
                tie.confidence = round(tie.confidence * VIDEO_TITLE_FACTOR, 3)
                tie_ins.append(tie)
        for award in extract_awards(video, lang, lines):
            if not any(_same_fact(award.text, a.text) for a in awards):
                award.confidence = round(award.confidence * VIDEO_TITLE_FACTOR, 3)
                awards.append(award)
    return EntryFacts(release, tie_ins, awards)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _same_fact(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


def _repeats_heading(video: str, title: str | None) -> bool:
    """The caption line that only repeats the heading says nothing new."""
    return (
        bool(title)
        and len(video) < 2 * len(title or "") + 40
        and _key(video).startswith(_key(title or ""))
        and not re.search(r"\d{4}|[“『「]", video)
    )
