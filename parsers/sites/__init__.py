"""Site and language knowledge, one module per edition; a layout change is a one-file fix."""

from __future__ import annotations

from types import ModuleType

from parsers.sites import de, en, fr, ja, ko

_BY_LANG: dict[str, ModuleType] = {"en": en, "ja": ja, "fr": fr, "de": de, "ko": ko}


def phrases(lang: str | None) -> ModuleType:
    """The phrase module of an edition (English when unknown)."""
    return _BY_LANG.get(lang or "en", en)
