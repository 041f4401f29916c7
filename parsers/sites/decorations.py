"""Words and marks the site adds around the content: badges, icon ligatures, labels.

Material Icons ligatures (`east`, `play_arrow`, `show_chart`, `search`) are rendered as words
by text renderings; badges (`NEW!`) and rank suffixes (`58rank/position`, `93位`) stick to the
heading text. Everything here is shared by every edition unless marked.
"""

from __future__ import annotations

import re

ICON_WORDS = frozenset(
    {"east", "play_arrow", "show_chart", "search", "north_east", "south_east", "remove", "menu"}
)

NEW_BADGE_RE = re.compile(r"NEW!")
# `...58rank/position`, a cut `...3ran`, Japanese `...93位`.
RANK_SUFFIX_RE = re.compile(
    r"(\d{1,4})(?:rank/position|rank/positio|rank/posit|rank/posi|rank/pos|rank/po|rank/p|rank/|rank|ran|ra|位)$"
)
RANK_SUFFIX_FULL_RE = re.compile(r"(\d{1,4})(?:rank/position|位)$")
PLAYLIST_ROW_RE = re.compile(r"^(\d{1,4})east(?=\S)")
PLAY_LINE_SUFFIX = "play_arrow"

RELATED_PREFIX = "- "

# "Title (41–50)", "（1〜10）", cut "(121–13"
SECTION_RE = re.compile(r"[(（]\s*\d{1,4}\s*(?:[–\-〜~～]|à|bis|to|a)\s*\d{0,4}\s*[)）]?\s*$")

# "Last updated: 2026-09-18": the label and a date (a sentence may open with "Updated" too)
UPDATED_RE = re.compile(r"^(Last updated|Updated|最終更新|更新日)\b\W{0,3}\S*\d", re.I)

CHROME_LINES = frozenset(
    {"search", "Playlist", "プレイリスト", "Ranking", "RAG Music", "Last updated"}
)
CHROME_PREFIXES = ("show_chart", "RAG Music")


def is_section_title(line: str) -> bool:
    return bool(SECTION_RE.search(line)) and len(line) > 8


def is_updated_line(line: str) -> bool:
    return bool(UPDATED_RE.match(line))


def is_chrome_line(line: str) -> bool:
    return line in CHROME_LINES or line.startswith(CHROME_PREFIXES)


def strip_icons(text: str) -> str:
    """Drop icon ligature words glued to a line's end, e.g. `TitleArtistplay_arrow`."""
    if text.endswith(PLAY_LINE_SUFFIX):
        return text[: -len(PLAY_LINE_SUFFIX)]
    return text
