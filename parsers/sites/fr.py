"""FR edition: phrases the descriptions use (segmentation, split and release month)."""

from __future__ import annotations

from parsers.sites._phrases import Phrases
from parsers.sites.en import PHRASES as EN

PHRASES = Phrases(
    lang="fr",
    months={},  # month names are read by dateparser for this language
    release_words=r"sorti|parution|publi|naissance|lanc|single|dévoil",
    not_release_words=r"réédit|anniversaire|diffus|concert|tournée|formé|né ",
    chart_words=r"classement|Oricon|numéro|place",
    album_words=r"album|compilation",
    tie_in_triggers=r"générique|thème|chanson|publicité|utilisé|bande originale|anime|film",
    award_verbs=r"remport|reçu|obtenu|récompens",
    not_award=r"Kōhaku|classement",
    # prize and kind words are mostly English names
    award_ceremony=EN.award_ceremony,
    award_prize=EN.award_prize,
    broadcasters=EN.broadcasters,
    kind_words=EN.kind_words,
)
