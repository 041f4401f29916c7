"""FR edition: phrases the descriptions use (segmentation, split and release month)."""

from __future__ import annotations

from parsers.sites.en import (  # noqa: F401  (prize and kind words are mostly English names)
    AWARD_CEREMONY,
    AWARD_PRIZE,
    BROADCASTERS,
    KIND_WORDS,
)

LANG = "fr"
MONTHS: dict[str, int] = {}  # month names are read by dateparser for this language
RELEASE_WORDS = r"sorti|parution|publi|naissance|lanc|single|dévoil"
NOT_RELEASE_WORDS = r"réédit|anniversaire|diffus|concert|tournée|formé|né "
CHART_WORDS = r"classement|Oricon|numéro|place"
ALBUM_WORDS = r"album|compilation"
TIE_IN_TRIGGERS = r"générique|thème|chanson|publicité|utilisé|bande originale|anime|film"
AWARD_VERBS = r"remport|reçu|obtenu|récompens"
NOT_AWARD = r"Kōhaku|classement"
