"""Site and language knowledge, one module per edition; a layout change is a one-file fix."""

from __future__ import annotations

from parsers.sites import de, en, fr, ja, ko
from parsers.sites._phrases import NEVER, Phrases

__all__ = ["NEVER", "Phrases", "phrases"]

_BY_LANG: dict[str, Phrases] = {
    p.lang: p for p in (en.PHRASES, ja.PHRASES, fr.PHRASES, de.PHRASES, ko.PHRASES)
}


def phrases(lang: str | None) -> Phrases:
    """The phrases of an edition (English when unknown)."""
    return _BY_LANG.get(lang or "en", en.PHRASES)
