"""Word evidence from wordfreq: is a fragment a real word of the page's language?

A fused token such as "Songtuki." or "voicegood-for-nothing" is not a word; its halves are.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import zipf_frequency

_STRIP = ".,!?;:\"'“”’‘()[]{}«»「」『』~〜-–—/"
SUPPORTED = {"en", "fr", "de", "ko", "ja"}


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str = "en") -> float:
    """wordfreq's Zipf frequency (0 for unknown, ~7 for "the"); hyphenated words by their parts."""
    w = word.strip(_STRIP).lower()
    if not w or lang not in SUPPORTED:
        return 0.0
    if "-" in w and not re.fullmatch(r"[\w']+", w):
        parts = [p for p in w.split("-") if p]
        if parts and len(parts) <= 4:
            return min(zipf(p, lang) for p in parts)
    return float(zipf_frequency(w, lang))


def is_common_word(word: str, lang: str = "en", floor: float = 3.0) -> bool:
    return zipf(word, lang) >= floor
