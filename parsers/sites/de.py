"""DE edition: phrases the descriptions use (segmentation, split and release month)."""

from __future__ import annotations

from parsers.sites._phrases import Phrases
from parsers.sites.en import PHRASES as EN

PHRASES = Phrases(
    lang="de",
    months={},  # month names are read by dateparser for this language
    release_words=r"veröffentlich|erschien|erschienen|Single|geplant|herausgebracht",
    not_release_words=r"Neuauflage|Jubiläum|ausgestrahlt|Konzert|Tour|gegründet|geboren",
    chart_words=r"Platz|Charts|Oricon|Billboard",
    album_words=r"Album|Compilation",
    tie_in_triggers=r"Titelsong|Titellied|Thema|Opening|Ending|Werbung|Anime|Film|verwendet",
    award_verbs=r"gewann|erhielt|ausgezeichnet",
    not_award=r"Kōhaku|Platz",
    # prize and kind words are mostly English names
    award_ceremony=EN.award_ceremony,
    award_prize=EN.award_prize,
    broadcasters=EN.broadcasters,
    kind_words=EN.kind_words,
)
