"""Where could the title end and the artist begin? Inside a token: the two are run together."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    at: int  # index in core where the artist starts; len(core) means "no artist"
    title: str
    artist: str | None
    separator: bool = False  # a written separator stands before `at` ("Title / Artist")

    @property
    def no_artist(self) -> bool:
        return self.artist is None


def candidates(core: str, splittable: Callable[[str], bool] | None = None) -> list[Candidate]:
    """Every split inside a whitespace-free run, plus the no-artist reading.

    `splittable(token)` may rule out tokens that cannot hide a boundary (plain words).
    """
    out: list[Candidate] = []
    ruled_out: set[int] = set()
    if splittable is not None:
        pos = 0
        for token in core.split(" "):
            if token and not splittable(token):
                ruled_out.update(range(pos + 1, pos + len(token)))
            pos += len(token) + 1
    for i in range(1, len(core)):
        if core[i - 1].isspace() or core[i].isspace() or i in ruled_out:
            continue
        title, artist = core[:i].strip(), core[i:].strip()
        if title and artist:
            out.append(Candidate(i, title, artist))
    written = separator_candidates(core)
    at_separator = {c.at for c in written}
    out = [c for c in out if c.at not in at_separator]  # "Lemon／|米津玄師": the slash's own
    out.extend(written)
    out.append(Candidate(len(core), core.strip(), None))
    return out


# A separator written between title and artist, spaced on both sides ("Title / Artist",
# "Title – Artist", "Stand by Me by Ben E. King"), or a closing quote after a quoted title
# ("“Title” Artist").
SEPARATOR_RE = re.compile(
    r"(?<=\S)\s+(?:[/／]|[-–—―]|by)\s+(?=\S)"  # spaced marks
    r"|(?<=[”\"」』’»])\s+(?=\S)"  # a quoted title, then the artist
    r"|(?<=\S)[\u3000\t]+(?=\S)"  # a full-width space or a tab: "Lemon　米津玄師"
    r"|(?<=\S\S)[/／](?=\S\S)"  # a slash between two words: "Lemon／米津玄師"
    # a plain space next to kana or kanji (a full-width space that NFKC made plain), which only
    # evidence can prove: "マリーゴールド あいみょん", "Lemon 米津玄師"
    r"|(?<=[\u3040-\u30ff\u3400-\u9fff]) (?=\S)|(?<=\S) (?=[\u3040-\u30ff\u3400-\u9fff])"
)
_OPEN_QUOTES = {"”": "“", '"': '"', "」": "「", "』": "『", "’": "‘", "»": "«"}


def separator_candidates(core: str) -> list[Candidate]:
    """A candidate after each separator of the core: the artist starts after it, the title is
    what precedes it (a title wholly in quotes without them: "“Lemon” Kenshi Yonezu")."""
    out: list[Candidate] = []
    for m in SEPARATOR_RE.finditer(core):
        title, artist = core[: m.start()].strip(), core[m.end() :].strip()
        close = title[-1:]
        if close in _OPEN_QUOTES and m.group().strip() == "":
            if not title.startswith(_OPEN_QUOTES[close]) or len(title) < 3:
                continue  # a closing quote that closes no quoted title
            title = title[1:-1].strip()
        if title and artist and all(c.at != m.end() for c in out):
            out.append(Candidate(m.end(), title, artist, separator=True))
    return out


def fragments(core: str, at: int) -> tuple[str, str]:
    """The two halves of the token the split cuts: ("Song", "tuki.") for "Dinner Song|tuki."."""
    start = core.rfind(" ", 0, at) + 1
    end = core.find(" ", at)
    end = len(core) if end < 0 else end
    return core[start:at], core[at:end]
