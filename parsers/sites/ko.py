"""KO edition: phrases the descriptions use (segmentation, split and release month)."""

from __future__ import annotations

from parsers.sites._phrases import Phrases
from parsers.sites.en import PHRASES as EN

PHRASES = Phrases(
    lang="ko",
    months={},  # month names are read by dateparser for this language
    release_words=r"발매|공개|발표|싱글|데뷔|출시",
    not_release_words=r"재발매|주년|방송|결성|라이브|투어",
    chart_words=r"차트|오리콘|위",
    album_words=r"앨범",
    tie_in_triggers=r"주제가|오프닝|엔딩|삽입곡|CM|광고|테마|사용",
    quotes_anywhere=True,
    award_verbs=r"수상|받",
    not_award=r"홍백|차트",
    # prize and kind words are mostly English names
    award_ceremony=EN.award_ceremony,
    award_prize=EN.award_prize,
    broadcasters=EN.broadcasters,
    kind_words=EN.kind_words,
)
