"""Where could the title end and the artist begin? Inside a token: the two are run together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    at: int  # index in core where the artist starts; len(core) means "no artist"
    title: str
    artist: str | None

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
    out.append(Candidate(len(core), core.strip(), None))
    return out


def fragments(core: str, at: int) -> tuple[str, str]:
    """The two halves of the token the split cuts: ("Song", "tuki.") for "Dinner Song|tuki."."""
    start = core.rfind(" ", 0, at) + 1
    end = core.find(" ", at)
    end = len(core) if end < 0 else end
    return core[start:at], core[at:end]
