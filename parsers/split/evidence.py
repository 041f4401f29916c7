"""Evidence for a title/artist boundary, one small scorer per source.

Each scorer gives every candidate a score (0 = says nothing). `split_core` adds them up; the
source that did most to separate the winner from the runner-up names the split's method.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from parsers.split.candidates import Candidate, fragments
from parsers.textutil.lexicon import zipf
from parsers.textutil.normalise import fold_quotes, has_visible_glue, nfkc, strip_accents

_QUOTED_RE = re.compile(
    r"\"([^\"]{1,80})\"|『([^』]{1,80})』|「([^」]{1,80})」|'([^']{2,80})'|«\s?([^»]{1,80})»"
)
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "vs", "vol", "no", "feat", "ft", "inc"}
CLOSERS = set(".!?)]』」”’】〕>~〜")
# An artist does not start with these (a title's closing mark stays with the title).
BAD_ARTIST_START = set("~〜-–—,;:.!?)]』」”’】〕>/／・、。：，）")
_KATAKANA_RUN_RE = re.compile(r"[\u30a0-\u30ff・ー]+")
# A title does not end with a list separator: "鈴木聖美、|鈴木雅之" cuts a duet in two.
SEPARATOR_END = set("、，,／/&＆×・")
# A songwriting credit where the artist goes: "ふるさと|作詞：高野辰之／作曲：岡野貞一".
CREDIT_START_RE = re.compile(r"(?:作詞|作曲|編曲|詞|曲)(?:・(?:作詞|作曲|編曲))*\s*[：:]")
_SPACE_RE = re.compile(" ")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff66-\uff9f]")


@dataclass
class Evidence:
    """What the page says about one entry, besides its heading."""

    lang: str = "en"
    video_titles: Sequence[str] = ()
    description: str = ""
    known_artists: frozenset[str] = frozenset()  # fold_key()ed names: gazetteer + this page
    # the headings' cores on the page; pass one PageCores for all entries of a page, so that
    # its index is built once per page and not once per entry
    page_cores: Sequence[str] | PageCores = ()
    description_view: TextView = field(init=False)
    video_views: tuple[TextView, ...] = field(init=False)
    cores: PageCores = field(init=False)

    def __post_init__(self) -> None:
        # Each candidate asks the same texts; fold them once per entry.
        self.description_view = TextView.of(self.description)
        self.video_views = tuple(TextView.of(v) for v in self.video_titles)
        pc = self.page_cores
        self.cores = pc if isinstance(pc, PageCores) else PageCores(pc)


# Tails up to this length are indexed; longer ones (no real artist name) are looked up by a scan.
MAX_INDEXED_TAIL = 64
# Tails shorter than this are never asked about (see `gazetteer`).
_MIN_TAIL = 3


class PageCores:
    """The heading cores of one page, indexed by the tails glued onto them.

    `glued_elsewhere(tail, core)` answers in one dict look-up what a scan of every core of the
    page would: the per-candidate scan made the page-level artist pass grow with the square of
    the page (1.5M calls at 300 entries).
    """

    def __init__(self, cores: Iterable[str] = ()) -> None:
        self.cores = tuple(cores)
        self._index: dict[str, tuple[str, ...]] | None = None

    def __len__(self) -> int:
        return len(self.cores)

    def _build(self) -> dict[str, tuple[str, ...]]:
        # tail -> up to two distinct cores it is glued onto (two: one may be the asker itself)
        index: dict[str, tuple[str, ...]] = {}
        for core in dict.fromkeys(self.cores):
            lo = loose(core)
            cased = _cased(core, lo)
            n = len(lo)
            for k in range(max(1, n - MAX_INDEXED_TAIL), n - _MIN_TAIL + 1):
                if lo[k - 1].isspace() or (cased[k - 1].isupper() and cased[k].islower()):
                    continue  # (no name starts inside a capitalised word: "Sign K|enshi")
                have = index.get(lo[k:], ())
                if len(have) < 2:
                    index[lo[k:]] = (*have, core)
        return index

    def glued_elsewhere(self, tail: str, core: str) -> bool:
        """Does another core of the page (not `core`) end in `tail`, glued to what precedes it?"""
        if len(tail) < _MIN_TAIL or len(tail) > MAX_INDEXED_TAIL:
            return any(other != core and _ends_at_glue(other, tail) for other in self.cores)
        if self._index is None:
            self._index = self._build()
        return any(other != core for other in self._index.get(tail, ()))


class TextView:
    """A text folded once for the name tests: loose form, tokens, and a space-free form."""

    def __init__(self, text: str) -> None:
        self.raw = text
        self.loose = _loose(text)

    @classmethod
    def of(cls, text: str) -> TextView:
        return cls(text)

    @cached_property
    def quoted(self) -> frozenset[str]:
        """What the text puts in quotes: «“Title”», «『タイトル』», «‘제목’»."""
        return frozenset(
            next(g for g in m.groups() if g is not None).strip(" ,.").replace(" ", "")
            for m in _QUOTED_RE.finditer(self.loose)
        )

    @cached_property
    def tokens(self) -> frozenset[str]:
        return frozenset(romaji_key(t) for t in re.split(r"[^\w]+", self.loose) if t)

    @cached_property
    def spaceless(self) -> tuple[str, list[int]]:
        """The loose form without its spaces, and for the k-th space taken out, the offset in
        that flat form it stood before (see `unflatten`)."""
        shifts = [m.start() - k for k, m in enumerate(_SPACE_RE.finditer(self.loose))]
        return self.loose.replace(" ", ""), shifts

    def unflatten(self, i: int) -> int:
        """Where the flat form's character `i` stands in the loose form."""
        return i + bisect.bisect_right(self.spaceless[1], i)


@lru_cache(maxsize=8192)
def loose(text: str) -> str:
    """Case-, accent- and quote-folded, whitespace collapsed: for substring tests."""
    return _loose(text)


def _loose(text: str) -> str:
    return " ".join(strip_accents(fold_quotes(nfkc(text))).casefold().split())


@lru_cache(maxsize=65536)
def romaji_key(token: str) -> str:
    """Romanisation-insensitive key: Kou/Ko/Kō, Enpitsu/Empitsu, Hachirō/Hachiro."""
    t = strip_accents(loose(token))
    t = re.sub(r"[^a-z0-9\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", "", t)
    t = re.sub(r"n(?=[bmp])", "m", t)
    t = re.sub(r"(?<=[aeiou])[uh](?![aeiou])", "", t)  # ou->o, oh->o
    t = re.sub(r"([aeiou])\1", r"\1", t)
    return t


def bounded_find(needle: str, hay: str) -> bool:
    """Is `needle` in `hay` with no letter or digit glued on either side?"""
    if not needle:
        return False
    start = 0
    while True:
        i = hay.find(needle, start)
        if i < 0:
            return False
        before = hay[i - 1] if i > 0 else " "
        after = hay[i + len(needle)] if i + len(needle) < len(hay) else " "
        # Korean writes spaces between words (particles follow a name, so only its start
        # is checked); Japanese writes none, so kana and kanji are never "glued".
        hangul_glued = _HANGUL.match(needle[0]) is not None and _HANGUL.match(before) is not None
        if (
            not _wordish(before)
            and not hangul_glued
            and not (_wordish(after) and _wordish(needle[-1]))
        ):
            return True
        start = i + 1


def _wordish(ch: str) -> bool:
    return ch.isalnum() and not _CJK.match(ch)


def token_overlap(name: str, hay_tokens: frozenset[str]) -> float:
    """Share of the name's tokens found (romanisation-insensitive) among the text's tokens."""
    tokens = [romaji_key(t) for t in re.split(r"[\s/&,×・]+", name) if romaji_key(t)]
    if not tokens:
        return 0.0
    return sum(t in hay_tokens for t in tokens) / len(tokens)


# --------------------------------------------------------------------------- scorers


def casing(c: Candidate, core: str, ev: Evidence) -> float:
    """How a boundary looks: "moonAyaka", "you.Mr.Children", "2057PUNPEE", "思い出AKB48"."""
    if c.no_artist:
        return 0.0
    i = c.at
    if c.separator:
        return _separator_look(c, core)
    if core[i] in BAD_ARTIST_START or core[i - 1] in "([{（「『“":
        return -3.0  # an artist starts neither with a closing mark nor inside brackets
    if core[i - 1] in SEPARATOR_END:
        return -2.0
    if CREDIT_START_RE.match(core, i):
        return 4.0
    penalty = -3.0 if _INNER_CAMEL_RE.search(c.title) else 0.0
    if c.artist and _INNER_CAMEL_RE.search(c.artist):
        penalty -= 2.0  # "Acht|manKatsumi Shigeru"
    return penalty + _boundary_look(c, core, i)


_INNER_CAMEL_RE = re.compile(r"[a-z]{2}[A-Z][a-z]")  # "roadIssei": a glue left inside the title
# How sure a written separator is ("Title / Artist"): a hyphen and "by" also occur in titles.
_SEPARATOR_SCORES = {"/": 2.5, "／": 2.5, "–": 2.5, "—": 2.5, "―": 2.5, "-": 1.5, "by": 0.8}
_QUOTED_TITLE_SCORE = 2.0
_GLUED_SLASH_SCORE = 1.5
_WIDE_SPACE_SCORE = 2.0
_CJK_SPACE_SCORE = 0.5
_GLUE_RE = re.compile(r"[a-z][A-Z]")


def _separator_look(c: Candidate, core: str) -> float:
    """A candidate after a written separator (`candidates.separator_candidates`). The part after
    it must not itself be a title and an artist run together ("to go see (someone) / to go
    meetAimyon": the slash is the title's own)."""
    assert c.artist is not None
    before = core[: c.at].rstrip()
    gap = core[len(before) : c.at]
    sep = before.rsplit(maxsplit=1)[-1] if before else ""
    if core[c.at - 1] in "/／" and not gap:
        score = _GLUED_SLASH_SCORE  # "Lemon／米津玄師"
    elif sep in _SEPARATOR_SCORES:
        score = _SEPARATOR_SCORES[sep]
    elif sep[-1:] in '”"」』’»':
        score = _QUOTED_TITLE_SCORE
    elif "\u3000" in gap or "\t" in gap:
        score = _WIDE_SPACE_SCORE  # "Lemon　米津玄師": a full-width space or a tab
    elif _KANA_KANJI.match(core[c.at]) or _KANA_KANJI.match(core[c.at - 2 : c.at - 1] or " "):
        # "マリーゴールド あいみょん": Japanese seldom spaces a title, but does ("ゼルダの伝説
        # メインテーマ近藤浩治": a surname inside what follows the space is the artist's start)
        starts = _token_starts(core) or {}
        inner = any(at > c.at and kind == "surname" for at, kind in starts.items())
        score = _CJK_SPACE_SCORE if not inner else -2.0
    else:
        return 0.0
    if _glued_in_two(c.artist) or _glued_in_two(c.title):
        score -= 3.0  # a glue on either side is the boundary: the separator is a title's own
    return score


def _glued_in_two(part: str) -> bool:
    """Does a lower-to-upper glue cut `part` into two pieces of three characters or more
    ("to go meet|Aimyon"; not "Li|SA", a name's own capitals)?"""
    return any(2 <= m.start() and len(part) - m.end() >= 2 for m in _GLUE_RE.finditer(part))


def inner_glue(text: str) -> bool:
    """Does `text` hold a lower-to-upper glue inside a word ("to go meetAimyon")?"""
    return _INNER_CAMEL_RE.search(text) is not None


ROMAJI_RE = re.compile(
    r"(?:(?:[kgsztdnhbpmrwfjc]h?|[kgnhbpmr]y|ts|y)?[aiueoāīūēōâîûêô]|n(?![aiueoy])|"
    r"(?<=[aiueoāīūēō])[kstpc](?=[kstpc]))+"
)


@lru_cache(maxsize=65536)
def looks_romaji(fragment: str) -> bool:
    """Could a lower-case fragment be romanised Japanese ("yunikōn", "chūrippu", "supittsu")?"""
    f = fragment.lower().strip(".,!?")
    return len(f) >= 3 and ROMAJI_RE.fullmatch(f) is not None


def _script(ch: str) -> str:
    """A coarse script class: latin, digit, hira, kana (katakana), kanji, hangul or other."""
    if ch.isdigit():
        return "digit"
    code = ord(ch)
    if 0x3040 <= code <= 0x309F:
        return "hira"
    if 0x30A0 <= code <= 0x30FF or 0xFF66 <= code <= 0xFF9F:
        return "kana"
    if 0x3400 <= code <= 0x9FFF:
        return "kanji"
    if 0xAC00 <= code <= 0xD7AF:
        return "hangul"
    if ch.isalpha():
        return "latin"
    return "other"


def _boundary_look(c: Candidate, core: str, i: int) -> float:
    a, b = core[i - 1], core[i]
    nxt = core[i + 1] if i + 1 < len(core) else ""
    left_frag, right_frag = fragments(core, i)
    sa, sb = _script(a), _script(b)
    if sa != sb:
        if {sa, sb} & {"latin"} and {sa, sb} & {"kana", "hira", "kanji", "hangul"}:
            latin_run = left_frag if sa == "latin" else right_frag
            latin_run = re.split(r"[^A-Za-zÀ-ɏ]", latin_run if sa != "latin" else latin_run[::-1])[
                0
            ]
            if len(latin_run) <= 1:
                return 0.5  # one letter glued to a word: "オバケのQ太郎", "Q타로"
            return 2.0  # "ワルツ|EVE", "思い出スクロール|AKB48"
        if (sa, sb) == ("kana", "hira"):
            return 1.0  # katakana title, hiragana name: "マリーゴールド|あいみょん"
        if sb == "kana" and sa in ("kanji", "hira") and _KATAKANA_RUN_RE.fullmatch(core, i):
            return 0.8  # a katakana name that runs to the end: "なごり雪|イルカ", "楓|スピッツ"
        if (sa, sb) == ("hira", "kana"):
            return 0.2  # hiragana runs into katakana inside titles: "いとしの|エリー"
        if sa == "digit" and sb in ("kana", "hira", "kanji", "hangul"):
            return 0.0  # a counter: "366日", "2番"
    if a.islower() and b.isupper():
        return 2.0
    if a.isupper() and b.isupper() and nxt.islower():
        # "TSUNAMISouthern": only when the left part is a capitalised run of 2+
        return 1.6 if len(left_frag) >= 2 and left_frag.isupper() else 0.0
    letters = [ch for ch in left_frag if ch.isalpha()]
    if a.isupper() and b.islower() and len(letters) >= 3 and left_frag.isupper():
        return 1.2  # "DEPARTURESglobe"
    if a in "~〜" and core[:i].count(a) % 2 == 1:
        return -1.0  # an opening tilde: "SMILE ~|Like a Clear Sky~" (the closing one is even)
    if a in CLOSERS and (b.isalnum() or b in "[("):
        if a == "." and left_frag[:-1].lower() in ABBREVIATIONS:
            return -1.5  # "Mr.|Children"
        if sb in ("kana", "hira", "kanji", "hangul"):
            return 2.0  # "R.Y.U.S.E.I.|三代目 J Soul Brothers"
        if a == "." and re.fullmatch(r"(?:[A-Za-z]\.)+", left_frag):
            return -1.0  # initials: "T.M.|Revolution", "P.S.|I LOVE YOU"
        return 1.6 if b.isupper() or b.isdigit() else 1.2
    if c.artist and c.artist.isdigit():
        return -2.0  # digits alone are a title's ("Route|66"), or a rank
    if a.isalpha() and b.isdigit() and i + 1 < len(core):
        rest = re.match(r"\d+(\S?)", core[i:])
        if rest and rest.end() < len(core) - i and rest.group(1) in ("", "-", "–"):
            return 1.0  # an artist that opens with digits: "Lovin’ Cup|94 East", "RIVER|10-FEET"
    if a.isdigit() and b.isalpha():
        if re.match(r"(st|nd|rd|th)\b", core[i : i + 3]):
            return -1.0
        return 1.4
    if not a.isalnum() and a not in "'’-" and b.isalpha():
        return 1.2  # "180°yamazaru"
    if a.isalpha() and b in "[(【":
        return 1.0
    return 0.0


def words(c: Candidate, core: str, ev: Evidence) -> float:
    """Both halves of the fused token should be words or names; the fused token should not."""
    lang = ev.lang if ev.lang in ("en", "fr", "de") else "en"
    if not c.no_artist and _CJK.search(core[c.at - 1 : c.at + 1]):
        return 0.0  # no word list for scripts without spaces: the japanese scorer judges
    if c.no_artist:
        if _CJK.search(core):
            return -1.0  # CJK and Hangul headings name their artist
        fused = [
            t
            for t in core.split()
            if not _token_is_wordlike(t, lang) and not (t[:1].isupper() and looks_romaji(t))
        ]
        return 1.2 if not fused else -1.0  # "Asadoya Yunta": romanised words, not a fusion
    left_frag, right_frag = fragments(core, c.at)
    # the word pieces that touch the boundary: "Sky~Ku|wata" -> "Ku", "wata"
    left = re.split(r"[^\w'’\-]", left_frag)[-1]
    right = re.split(r"[^\w'’\-.]", right_frag)[0] or right_frag
    whole = left + right
    score = 0.0
    if left and _token_is_wordlike(whole, lang):
        score -= 1.5  # splitting a real word ("Records" -> "Record|s")
    if not left:
        # right after a mark ("Hands~|trf", "(in the sky).|supittsu"): no word is cut
        return 0.3 + (0.8 if right[:1].islower() and looks_romaji(right) else 0.0)
    if left[:1].isupper() and left[1:].islower() and right.islower() and looks_romaji(whole):
        score -= 1.5  # one romanised name: "Kuwata", "Asadoya"
    lz = zipf(left, lang) if left[-1:].isalpha() or left[-1:] in ".?!" else 0.0
    letters = sum(ch.isalpha() for ch in left)
    if lz >= 2.5 and letters >= 2:
        score += min(2.0, (lz - 1.5) / 2) * (1.0 if letters >= 3 else 0.3)
    elif left[-1:].isalpha() and lz < 1.0 and not left[:1].isupper():
        score -= 0.5  # left half is no word: "Septemberc|hūrippu"
    rz = zipf(right, lang)
    if rz >= 3.0 and len(right) >= 3:
        score += 0.4
    elif (
        right[:1].islower()
        and not left[-1:].isupper()
        and not left[-1:].isdigit()
        and looks_romaji(right)
    ):
        score += 0.8  # a romanised name: "Boobs|yunikōn" rather than "Boo|bsyunikōn"
    return score


def splittable_token(token: str, lang: str = "en") -> bool:
    """Could title and artist be fused inside this token? Not inside a plain word ("anything")."""
    if _CJK.search(token):
        return True  # scripts without spaces: any position may be the boundary
    return not _token_is_wordlike(token, lang) or has_visible_glue(token) or len(token) <= 2


# A word of three letters or more, then digits (and maybe more): "Cup94", "RIVER10-FEET".
_LOWER_UPPER_RE = re.compile(r"[a-z][A-Z]")
_WORD_THEN_DIGITS_RE = re.compile(r"([^\W\d_]{3,})\d+(?:[-–][^\W\d_]+)?")


@lru_cache(maxsize=65536)
def _token_is_wordlike(token: str, lang: str) -> bool:
    t = token.strip(".,!?;:\"'“”’‘()[]")
    if not t or _CJK.search(t):
        return True  # not a romanised fusion we can judge
    if re.search(r"\d[^\W\d_]{2,}", t) and not re.search(r"\d(?:st|nd|rd|th|s)\b", t):
        return False  # digits glued to a word: "6700Fingā", "2057PUNPEE"
    if re.search(r"[^\W\d_](?:[~〜()\[\]!?.:;/][^\W\d_]|[~〜)\]!?]\d)", t):
        return False  # words joined by a mark: "Hands~trf", "sky).supittsu", "wa?04"
    glued = _WORD_THEN_DIGITS_RE.fullmatch(t)
    if glued and zipf(glued.group(1), lang) >= 3.0:
        return False  # a word, then an artist that starts with digits: "Cup94", "RIVER10-FEET"
    if _LOWER_UPPER_RE.search(t):
        return False  # a glue before a name with digits: "UtaMONGOL800", "YukueSKE48"
    if any(ch.isdigit() for ch in t):
        return True  # "AKB48", "MP3", "B2"
    if any(ch.isupper() for ch in t[1:]) and not t.isupper():
        return False  # camel glue inside
    return zipf(t, lang) >= 2.0


def description(c: Candidate, core: str, ev: Evidence) -> float:
    """The description names the artist: "Released by Aimyon", "tuki.’s debut work"."""
    if not ev.description:
        return 0.0
    view = ev.description_view
    title_quoted = 2.0 if loose(c.title).replace(" ", "") in view.quoted else 0.0
    if c.no_artist or c.artist is None:
        return title_quoted
    return name_mentioned(c.artist, view) + title_quoted


def name_mentioned(name: str, view: TextView) -> float:
    """How clearly a text names `name`: verbatim, spaced differently, or token by token."""
    artist = loose(name)
    if len(artist) < 2 or (len(artist) <= 3 and zipf(artist, "en") >= 4.0):
        return 0.0  # "on", "us": too common to prove anything
    bonus = min(2.0, len(artist) / (3 if _CJK.search(artist) else 6))
    if _KANA_KANJI.search(artist):
        return _japanese_mention(artist, view.loose, bonus)
    if bounded_find(artist, view.loose):
        return 3.0 + bonus
    if spaceless_find(artist, view):
        return 2.8 + bonus  # "Isseifubi Sepia" written "Issei Fubi Sepia"
    overlap = token_overlap(name, view.tokens)
    if overlap >= 0.99 and len(artist) >= 3:
        return 2.5
    first = artist.split(" ")[0].strip(",/&")
    if (
        " " in artist
        and len(first) >= (2 if _CJK.search(first) else 3)
        and zipf(first, "en") < 3.5
        and bounded_find(first, view.loose)
    ):
        return 1.5  # the first of several names: "Izuhara Chikako, Young Fresh"
    return 0.0


_HONORIFIC_RE = re.compile(r"(?:さん|さま|様|氏|ちゃん|くん|君|先生)")
_NAME_SEPARATORS_RE = re.compile(r"[、，,／/&＆×]")


def _japanese_mention(artist: str, text: str, bonus: float) -> float:
    """Japanese names are mentioned with an honorific ("鈴木雅之さん") or as proper nouns; a
    short common word the text happens to use ("とんぼを見て") proves nothing. A duet's
    names ("鈴木聖美、鈴木雅之") are mentioned one by one."""
    parts = [p for p in _NAME_SEPARATORS_RE.split(artist) if p]
    if len(parts) > 1:
        scores = [_japanese_mention(p, text, bonus) for p in parts]
        return 3.0 + bonus if all(scores) else 0.0
    at = text.find(artist)
    if at < 0:
        return 0.0
    honorific = False
    while at >= 0:
        if _HONORIFIC_RE.match(text, at + len(artist)):
            honorific = True
            break
        at = text.find(artist, at + 1)
    if honorific:
        return 3.5 + bonus
    if len(artist) <= 3 and not _is_proper_noun(artist):
        # a short run may be found anywhere in running text ("飛ぶとんぼを見て"): only a
        # mention set off on the left and closed by a particle or a mark names someone
        # ("フォークグループ、赤い鳥のシングル")
        at = text.find(artist)
        while at >= 0:
            end = at + len(artist)
            if (at == 0 or not _KANA_KANJI.match(text[at - 1])) and (
                end == len(text) or text[end] in "のがはともへにを、。」』"
            ):
                return 2.5
            at = text.find(artist, at + 1)
        return 0.0
    return 3.0 + bonus


@lru_cache(maxsize=4096)
def _is_proper_noun(word: str) -> bool:
    """UniDic reads the word as one proper noun (a name, a place)."""
    tagger = _tagger()
    if tagger is None:
        return True  # without the analyser, a mention counts as before
    tokens = list(tagger(word))
    return len(tokens) == 1 and getattr(tokens[0].feature, "pos2", None) == "固有名詞"


def spaceless_find(needle: str, view: TextView) -> bool:
    """`needle` in the text when spaces are ignored, starting and ending on word boundaries.

    The loose text holds single spaces only, so "`needle` with an optional space between any
    two characters" is a plain find in the text with its spaces taken out: no pattern to
    compile per candidate.
    """
    target = needle.replace(" ", "")
    if len(target) < 4:
        return False
    text = view.loose
    flat = view.spaceless[0]
    i = flat.find(target)
    while i >= 0:
        start, end = view.unflatten(i), view.unflatten(i + len(target) - 1) + 1
        if (start == 0 or not _latin_word(text[start - 1])) and (
            end == len(text) or not _latin_word(text[end])
        ):
            return True
        i = flat.find(target, i + 1)
    return False


def _latin_word(ch: str) -> bool:
    """A Latin letter or digit (0-9, A-Z, a-z, U+00C0 to U+024F): a name does not continue."""
    return (ch.isascii() and ch.isalnum()) or "\u00c0" <= ch <= "\u024f"


def video_title(c: Candidate, core: str, ev: Evidence) -> float:
    """Embedded video titles: "riria. / So it wasn’t me.", "The Door to Tomorrow I WiSH"."""
    best = 0.0
    for view in ev.video_views:
        lv = view.loose
        if c.no_artist:
            continue
        spaced = loose(core[: c.at] + " " + core[c.at :])
        if lv == spaced and spaced != loose(core):  # not at a space the heading already has
            return 6.0  # the caption repeats the heading with a space at the boundary
        if lv.replace(" ", "") == loose(core).replace(" ", ""):
            continue  # a plain repeat says nothing
        assert c.artist is not None
        t = loose(c.title)
        score = 0.8 * name_mentioned(c.artist, view)
        if len(t) >= 2 and bounded_find(t, lv):
            score += 1.5
        best = max(best, score)
    return best


def gazetteer(c: Candidate, core: str, ev: Evidence) -> float:
    """Names known from other entries: this page's confident splits and the crawl's gazetteer."""
    if c.no_artist or c.artist is None:
        return 0.0
    key = artist_key(c.artist)
    score = 0.0
    if key and key in ev.known_artists:
        score = 4.0 + min(1.0, len(key) / 10)
    elif (
        len(key) >= _MIN_LEXICON_KEY
        and core[c.at - 1] not in SEPARATOR_END  # "鈴木聖美、|鈴木雅之" cuts a credit in two
        and c.artist[:1] not in BAD_ARTIST_START  # "Lemon|／米津玄師": no name starts so
        and (names := well_known(c.artist))
    ):
        # a credit of two known names is surer than one ("南こうせつとかぐや姫" over "かぐや姫");
        # a lower-case name cutting a lower-case run is less sure: "Kabutomushi|aiko", but also
        # "Osamu Kita|yama" (Japanese surnames end in names of the list)
        base = LEXICON_SCORE if not _cuts_lowercase_run(core, c.at) else LEXICON_CUT_SCORE
        score = base + min(1.0, len(key) / 10) + (names - 1)
    # The same tail on other headings of the page ("...sugiyama kouichi", "...AKB48").
    tail = loose(c.artist)
    # CJK tails need more characters: "バンド" (band) ends many names
    if len(tail) >= (4 if _CJK.search(tail) else 3):
        if ev.cores.glued_elsewhere(tail, core) and not _inside_shared_word(c, core, ev):
            score = max(score, 2.5 + min(1.5, len(tail) / 8))
    return score


def _inside_shared_word(c: Candidate, core: str, ev: Evidence) -> bool:
    """Does the cut fall inside a word whose whole tail other headings share too? Then the
    name they share starts at that word, not inside it: "KICK BACKKenshi Yonezu" on the page
    makes "Kenshi Yonezu" a name, never "shi Yonezu" of "FireworksDAOKO × Ken|shi Yonezu"."""
    if not (core[c.at - 1].islower() and core[c.at].islower()):
        return False
    start = c.at
    while start > 0 and core[start - 1].isalpha():
        start -= 1
    return 0 < start < c.at and ev.cores.glued_elsewhere(loose(core[start:]), core)


# A well-known artist (parsers/split/_artists.py) is a little less sure than a name this crawl
# or page taught: the list is general, the page's own names are its own.
LEXICON_SCORE = 3.5
LEXICON_CUT_SCORE = 1.5


def _cuts_lowercase_run(core: str, at: int) -> bool:
    return core[at - 1].islower() and core[at].islower()


# Shorter names ("AI", "IU") end too many words to prove a boundary.
_MIN_LEXICON_KEY = 3


@lru_cache(maxsize=65536)
def lexicon_key(name: str) -> str:
    """A name as the artist lexicon keys it: romanisation-insensitive, letters and digits only
    ("Kitajima Saburō", "KITAJIMA SABUROU" and "Kitajima Saburo" are one key)."""
    return romaji_key(name)


# What joins two artists' names in one credit: "Minami Kosetsu to Kaguyahime", "南こうせつと
# かぐや姫", "DAOKO × Kenshi Yonezu", "Mark Ronson ft. Bruno Mars".
_CREDIT_JOIN_RE = re.compile(
    r"\s*(?:[&＆×/／、,]|と)\s*|\s+(?:x|to|and|with|feat\.?|ft\.?|featuring)\s+", re.IGNORECASE
)


@lru_cache(maxsize=65536)
def well_known(name: str) -> int:
    """How many well-known artists `name` credits: one name of the lexicon, or several joined
    in one credit; 0 when it is not one of them."""
    if lexicon_key(name) in _lexicon():
        return 1
    for m in _CREDIT_JOIN_RE.finditer(name):
        first, rest = name[: m.start()], name[m.end() :]
        if first and rest and lexicon_key(first) in _lexicon() and (more := well_known(rest)):
            return 1 + more
    return 0


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    from parsers.split import _artists

    names: list[str] = [*_artists.GROUPS, *_artists.JAPANESE, *_artists.WORLD]
    for person in _artists.PERSONS:
        family, given = person.split(" ")
        names += [person, f"{given} {family}"]
    return frozenset(lexicon_key(n) for n in names)


def _ends_at_glue(other: str, tail: str) -> bool:
    lo = loose(other)
    if not lo.endswith(tail) or len(lo) == len(tail):
        return False
    k = len(lo) - len(tail)
    return not lo[k - 1].isspace() and not _inside_capitalised_word(other, lo, k)


def _cased(core: str, lo: str) -> str:
    """`loose(core)` with its case kept (`lo` itself when folding changed the length)."""
    cased = " ".join(strip_accents(fold_quotes(nfkc(core))).split())
    return cased if len(cased) == len(lo) else lo


def _inside_capitalised_word(core: str, lo: str, k: int) -> bool:
    """Does the loose form's offset `k` fall after a capital and before a small letter ("Sign
    K|enshi")? No name glued on starts there."""
    cased = _cased(core, lo)
    return cased[k - 1].isupper() and cased[k].islower()


@lru_cache(maxsize=65536)
def artist_key(name: str) -> str:
    """An artist name as the gazetteer and this page's known artists key it: NFKC, case
    folded, letters and digits only."""
    return _NOT_ALNUM_RE.sub("", unicodedata.normalize("NFKC", name).casefold())


_NOT_ALNUM_RE = re.compile(r"[\W_]+")  # what str.isalnum() is not


def japanese(c: Candidate, core: str, ev: Evidence) -> float:
    """A Japanese morphological analyser (fugashi + UniDic) on kana/kanji headings: the artist
    starts at a token boundary, most surely where a personal name (surname) starts:
    "風の憧憬|光田康典", "愛のこもれび|すぎやまこういち"."""
    if c.no_artist or not _KANA_KANJI.search(core):
        return 0.0
    starts = _token_starts(core)
    if starts is None:
        return 0.0
    kind = starts.get(c.at)
    if kind == "particle":
        return -3.0  # a particle, auxiliary or suffix never starts a name: "翼|をください"
    if core[c.at - 1] in "をがの" and starts.get(c.at - 1) == "particle":
        return -1.5  # a title seldom ends with an object or subject particle: "翼を|ください"
    if kind == "surname":
        return 2.5
    if kind == "name":
        return 1.0
    if kind == "token":
        return 0.3
    return -0.5 if _KANA_KANJI.match(core[c.at - 1]) and _KANA_KANJI.match(core[c.at]) else 0.0


_KANA_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# UniDic parts of speech that cannot open a name: particles, auxiliaries, suffixes.
_NEVER_FIRST = frozenset({"助詞", "助動詞", "接尾辞"})


@lru_cache(maxsize=1024)
def _token_starts(core: str) -> dict[int, str] | None:
    """Offsets where the analyser starts a token: "surname", "name" (person) or "token"."""
    tagger = _tagger()
    if tagger is None:
        return None
    out: dict[int, str] = {}
    pos = 0
    for word in tagger(core):
        surface = word.surface
        at = core.find(surface, pos)
        if at < 0:
            continue
        feature = word.feature
        if getattr(feature, "pos3", None) == "人名":
            out[at] = "surname" if getattr(feature, "pos4", None) == "姓" else "name"
        elif getattr(feature, "pos1", None) in _NEVER_FIRST and _KANA_KANJI.match(surface):
            out[at] = "particle"
        else:
            out[at] = "token"
        pos = at + len(surface)
    return out


def one_word(core: str) -> bool:
    """Does the analyser read the whole Japanese core as a single word ("赤とんぼ")?"""
    starts = _token_starts(core)
    return starts is not None and list(starts) == [0]


@lru_cache(maxsize=1)
def _tagger() -> Any:
    """fugashi's Tagger with the UniDic-lite dictionary; None when they are not installed."""
    try:
        import fugashi

        return fugashi.Tagger()
    except (ImportError, RuntimeError):
        return None


Scorer = Callable[[Candidate, str, Evidence], float]

SCORERS: dict[str, tuple[Scorer, float]] = {
    # name: (scorer, weight)
    "video_title": (video_title, 1.0),
    "description": (description, 1.0),
    "gazetteer": (gazetteer, 1.0),
    "words": (words, 1.0),
    "casing": (casing, 1.0),
    "japanese": (japanese, 1.0),
}
