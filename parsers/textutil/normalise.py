"""Small text helpers shared by the segmenter, the splitter and the fact extractors."""

from __future__ import annotations

import re
import unicodedata

# The one table of quote marks and primes folded to ASCII quotes (output text, keys, scoring).
QUOTE_FOLDS: dict[str, str] = {
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201a": "'",  # ‚
    "\u201b": "'",  # ‛
    "\u2032": "'",  # ′
    "\uff07": "'",  # ＇ (NFKC folds it too)
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u201f": '"',  # ‟
    "\u2033": '"',  # ″
    "\uff02": '"',  # ＂ (NFKC folds it too)
}
_STRAIGHT = str.maketrans(QUOTE_FOLDS)
# For matching, a backtick is an apostrophe too ("Don`t"); output text keeps it.
_FOLD = str.maketrans({**QUOTE_FOLDS, "`": "'"})

TERMINAL_RE = re.compile(r"[.!?。！？…](?:[\"”’」』]*)$")
# Title and artist glued: "moonAyaka", "you.Mr", "huh.riria", "Philosophy[Alex", "180°yama".
VISIBLE_GLUE_RE = re.compile(
    r"[a-zà-ÿā-ž][A-ZÀ-ÞĀ-Ž]"  # lower -> Upper
    r"|[!?)\]』」”][A-Za-zÀ-ž]"  # closing mark -> letter
    r"|(?<![.\s][A-Za-z])(?<!\b[A-Za-z])\.[A-Za-zÀ-ž]{2}"  # period -> word (not U.S., p.m.)
)
ABBREV_END_RE = re.compile(
    r"(?:\b(?:No|Nos|Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|Vol|vol|feat|ft|Op|approx|p\.m|a\.m|Inc|Co|Ltd)\.|\b[A-Z]\.|\d\.)$"
)
CONTINUATION_START_RE = re.compile(r"^(?:[’'](?:s|t|re|ll|d|ve|m)\b|[’'`])")


def straighten_quotes(text: str) -> str:
    """Curly quotes and primes as ASCII quotes (the output's text fields)."""
    return text.translate(_STRAIGHT)


def fold_quotes(text: str) -> str:
    """Quotes straightened and backticks as apostrophes: text for matching, not for output."""
    return text.translate(_FOLD)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """Whitespace collapsed, NFKC, quotes straightened."""
    return " ".join(fold_quotes(nfkc(text)).split())


# What str.isalnum() is not (the same set, checked over every code point): one C pass drops it.
_NOT_ALNUM_RE = re.compile(r"[\W_]+")


def fold_key(text: str) -> str:
    """Letters and digits only, case-folded, accents kept off: for loose equality."""
    text = unicodedata.normalize("NFKD", fold_quotes(nfkc(text))).casefold()
    return _NOT_ALNUM_RE.sub("", text)


_COMBINING_RE = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    # Recompose: kana voicing marks (バ = ハ + ゛) must survive; only Latin accents go.
    return unicodedata.normalize("NFC", _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text)))


def has_visible_glue(text: str) -> bool:
    return bool(VISIBLE_GLUE_RE.search(text))


_CJK_MARK_GLUE_RE = re.compile(r"[。！？][A-Z]")
# A separator written between a title and its artist ("ロンリー・チャップリン / 鈴木聖美、鈴木雅之",
# "“ロンリー・チャップリン” 鈴木聖美、鈴木雅之"): running text does not hold one.
_SONG_SEPARATOR_RE = re.compile(
    r"\S\s[/／–—]\s\S|^[“「『\"][^”」』\"]+[”」』\"]\s*\S|\S\s?[(（][^()（）]+[)）]$"
)


def is_sentence_like(text: str, *, strict: bool = False) -> bool:
    """Does the line read as (part of) a description sentence rather than a heading?

    strict=True asks for clear proof (a long line ending like a sentence); the default also
    takes shorter lines that end like sentences and show no sign of a title-artist glue.
    """
    words = text.split()
    n = len(words)
    terminal = bool(TERMINAL_RE.search(text))
    cjk_sentence = bool(re.search(r"[。！？]$", text)) or text.endswith(("です", "ます"))
    if cjk_sentence:
        return True
    if (
        len(text) > 20
        and "、" in text
        and not _CJK_MARK_GLUE_RE.search(text)
        and not _SONG_SEPARATOR_RE.search(text)
        and not _LIST_NUMBER_RE.match(text)
    ):
        return True  # (a title ending in "。" glued to a Latin name is no sentence)
    if CONTINUATION_START_RE.match(text):
        return True
    if strict:
        return (terminal and n >= 8 and not has_visible_glue(text)) or n > 24
    if len(text) > 160 or (n > 16 and (terminal or not has_visible_glue(text))):
        return True  # long; but a long title glued to its artist is still a heading
    if text.endswith((",", ":", ";", "、")):
        return True
    if text[:1].islower() and n >= 12:
        return True
    if ", " in text and n >= 10:
        return True
    if re.match(r"^\d", text) and terminal and n >= 4:
        return True  # "1 on the Oricon chart..." after a "No." break
    if terminal:
        if n >= 10:
            return True
        if has_visible_glue(_POSSESSIVE_RE.sub(" ", text) if n >= 5 else text):
            return False  # (a name's own capitals before a possessive are no glue: "LiSA’s")
        return n >= 4 or all_common_words(words)
    return False


# a possessive word, "LiSA’s": a sentence's subject, never the glue of a heading
_POSSESSIVE_RE = re.compile(r"\S+[’']s\b")


def all_common_words(words: list[str]) -> bool:
    """Is every word a common English word (punctuation around it aside)?"""
    from parsers.textutil.lexicon import is_common_word

    return all(is_common_word(w.strip(".,!?;:\"'“”’()[]")) for w in words if w)


_VIDEO_STRONG_RE = re.compile(
    r"Music Video|\bMV\b|\bPV\b|Official|OFFICIAL|Lyric|\(Live|LIVE|【|】|「|」|feat\.|"
    r"\(with lyrics\)|\(English Sub|THE FIRST TAKE|Audio\)|Video\)|\bCM\b"
)


def video_marked(text: str) -> bool:
    """A line with a video title's own marks ("Official Music Video", "MV", 【…】)."""
    return bool(_VIDEO_STRONG_RE.search(text)) and not TERMINAL_RE.search(text)


def video_like(text: str) -> bool:
    """Does a line after a heading look like a video title rather than a description?"""
    if video_marked(text):
        return True
    if is_sentence_like(text):
        return False
    markers = (" / ", " - ", " – ", " — ", "『", "[", "(", "|", "ft.", "“", '"', "'")
    return any(m in text for m in markers)


def join_broken_lines(lines: list[str]) -> list[str]:
    """Join lines a renderer broke after a period that did not end a sentence.

    "reached No." + "1 on the chart" -> "reached No. 1 on the chart";
    "attention as tuki." + "’s debut work" -> "attention as tuki.’s debut work";
    "in the U." + "S." + "in 1983" -> "in the U.S. in 1983"; lower-case starts join too.
    """
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            out[-1] = join_pair(out[-1], line)
        else:
            out.append(line)
    return out


# A numbered list's item ("1. Lemon米津玄師") opens a line of its own, whatever ends the last.
_LIST_NUMBER_RE = re.compile(r"\d{1,3}[.)][ \t]+\S")


def _continues(prev: str, line: str) -> bool:
    if not prev or not line or _LIST_NUMBER_RE.match(line):
        return False
    if CONTINUATION_START_RE.match(line):
        return True
    if ABBREV_END_RE.search(prev) and (
        line[0].isdigit() or line[0].islower() or re.match(r"[A-Z]\.", line)
    ):
        return True
    if line[0].islower():
        return True
    if not TERMINAL_RE.search(prev) and not prev.endswith((":", "”", '"')) and line[0].islower():
        return True
    return False


def join_pair(prev: str, line: str) -> str:
    if CONTINUATION_START_RE.match(line):
        return prev + line
    if re.search(r"\d\.$", prev) and line[0].isdigit():
        return prev + line  # a decimal: "2." + "0 You Can" -> "2.0 You Can"
    if re.search(r"(?:^|[\s(])(?:[A-Z]\.)+$", prev) and re.match(r"[A-Z]\.", line):
        return prev + line  # initials: "U." + "S." -> "U.S."
    return prev + " " + line


# Abbreviations that always lead into a name ("ft. Quavo", "Mrs. GREEN APPLE"): a line a
# renderer broke after one of them goes on in the next line. A capitalised one may be glued
# to a title before it ("BFFMrs."); a lower-case one must start its word ("Soft." is none).
_LEADING_ABBREV_END_RE = re.compile(r"(?:(?:^|[\s(])(?:ft|feat|vs|vol)|Mr|Mrs|Ms|Dr|Feat|Vol)\.$")
# A line that only goes on from the one above: it starts with a separator ("/ So it wasn’t
# me", "— Hitoshi Ueki"; a "- " starts a list item instead).
_SEPARATOR_START_RE = re.compile(r"^[/—–] ")
# A video title's tag on a line of its own ("[Music Video]"): never a heading.
_LONE_TAG_RE = re.compile(r"[\[(【][^\])】]{2,40}[\])】]")


def is_lone_video_tag(text: str) -> bool:
    return bool(_LONE_TAG_RE.fullmatch(text)) and video_marked(text)


def prejoin_blocks_hint(prev: str, line: str, *, glued: bool = False) -> bool:
    """Before classification: only the joins that can never break a heading off. `glued`:
    no empty line between the two (a renderer that breaks after every period keeps the
    pieces of one video title on adjacent lines)."""
    if CONTINUATION_START_RE.match(line):
        return True
    if _LEADING_ABBREV_END_RE.search(prev) or _SEPARATOR_START_RE.match(line):
        return True
    if glued and prev.endswith(".") and is_lone_video_tag(line):
        return True
    if re.search(r"\d\.$", prev) and re.match(r"\d+[^\d\s.,]", line):
        return False  # "… in 2017." then a numbered row "12Night Shift…": no decimal
    if _LIST_NUMBER_RE.match(line):
        return False  # "… from 1988." then a numbered list's item "1. Ground Theme…"
    return bool(ABBREV_END_RE.search(prev)) and bool(
        line[0].isdigit() or re.match(r"[A-Z]\.(?:\s|$)", line)
    )
