"""KO edition: phrases the descriptions use (segmentation, split and release month)."""

from __future__ import annotations

from parsers.sites.en import (  # noqa: F401  (prize and kind words are mostly English names)
    AWARD_CEREMONY,
    AWARD_PRIZE,
    BROADCASTERS,
    KIND_WORDS,
)

LANG = "ko"
MONTHS: dict[str, int] = {}  # month names are read by dateparser for this language
RELEASE_WORDS = r"발매|공개|발표|싱글|데뷔|출시"
NOT_RELEASE_WORDS = r"재발매|주년|방송|결성|라이브|투어"
CHART_WORDS = r"차트|오리콘|위"
ALBUM_WORDS = r"앨범"
TIE_IN_TRIGGERS = r"주제가|오프닝|엔딩|삽입곡|CM|광고|테마|사용"
QUOTES_ANYWHERE = True
AWARD_VERBS = r"수상|받"
NOT_AWARD = r"홍백|차트"
