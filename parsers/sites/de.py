"""DE edition: phrases the descriptions use (segmentation, split and release month)."""

from __future__ import annotations

from parsers.sites.en import (  # noqa: F401  (prize and kind words are mostly English names)
    AWARD_CEREMONY,
    AWARD_PRIZE,
    BROADCASTERS,
    KIND_WORDS,
)

LANG = "de"
MONTHS: dict[str, int] = {}  # month names are read by dateparser for this language
RELEASE_WORDS = r"veröffentlich|erschien|erschienen|Single|geplant|herausgebracht"
NOT_RELEASE_WORDS = r"Neuauflage|Jubiläum|ausgestrahlt|Konzert|Tour|gegründet|geboren"
CHART_WORDS = r"Platz|Charts|Oricon|Billboard"
ALBUM_WORDS = r"Album|Compilation"
TIE_IN_TRIGGERS = r"Titelsong|Titellied|Thema|Opening|Ending|Werbung|Anime|Film|verwendet"
AWARD_VERBS = r"gewann|erhielt|ausgezeichnet"
NOT_AWARD = r"Kōhaku|Platz"
