"""The phrases an edition's descriptions use, as one typed table (`Phrases`).

Each edition module (en, ja, fr, de, ko) builds one instance. The fields every edition fills
come first; an edition that leaves out an optional one gets its default, which turns the rule
that reads it off (`NEVER`, None or False).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# A pattern that matches nothing: the default of an optional pattern that is always compiled.
NEVER = r"(?!x)x"


@dataclass(frozen=True)
class Phrases:
    """An edition's phrases: regex sources (compiled by their readers) and a few switches."""

    lang: str
    # month name -> number, read before dateparser ({}: dateparser, or no month names)
    months: Mapping[str, int]
    # Release dates (parsers.facts.release)
    release_words: str  # a sentence that dates the song's own release
    not_release_words: str  # a date in the same sentence is probably not the release
    chart_words: str
    album_words: str
    # Tie-ins (parsers.facts.tie_ins)
    tie_in_triggers: str  # the phrase that introduces the work
    kind_words: tuple[tuple[str, str], ...]  # (kind, pattern): the kind a work's words give
    broadcasters: str
    # Awards (parsers.facts.awards)
    award_prize: str
    award_ceremony: str
    award_verbs: str
    not_award: str
    # --- optional, release dates ---
    # a release word that beats a weaker one ("released" over "written"); None: release_words
    strong_release_words: str | None = None
    # the first of two releases ("first released in 1979"); None: not looked for
    original_release: str | None = None
    # a date given by reference to the one before it ("released that December")
    reference_date: str = NEVER
    # the noun after a date that says whose date it is (song's / something else's); None
    # (either): not looked at
    date_owner_song: str | None = None
    date_owner_other: str | None = None
    # the word before a date that governs it (something else / a release); None (either):
    # not looked at
    date_governor_other: str | None = None
    date_governor_release: str | None = None
    date_after_other: str = NEVER  # the text right after a date says it dates something else
    date_of_another_song: str = NEVER  # a date after these in its clause is another song's
    date_clause_other: str = NEVER  # a clause predicate that dates another event
    # --- optional, tie-ins ---
    # a quoted name right after this is a work the song is tied to; None: not looked for
    work_before_quote: str | None = None
    quotes_anywhere: bool = False  # any quote of a trigger sentence may name the work
    cover_subject: str | None = None  # a sentence about a cover; None: not looked for
    unquoted_event: str | None = None  # an unquoted event before its theme-song word
    game_music: str | None = None  # a game-music trigger: the work follows in/of/from
    trade_sponsor: str = NEVER  # a sponsor named by its trade ("cosmetics maker")
    # --- optional, awards ---
    award_join: str = r"[’']?s?\s*"  # between a ceremony and its prize
    award_prize_won: str = NEVER  # a prize before the award verb, its ceremony optional
    award_artist_subject: str = NEVER  # the award's subject is the artist
    award_song_subject: str = NEVER  # the award's subject is the song
