"""Tie-ins: the dramas, anime, films, commercials... a song was used in.

A sentence with a tie-in trigger ("theme song for", "CM song", "used in") names its works
either in quotes (“Pure”, 『…』, « … », „…“) or as a capitalised phrase after the trigger
("the Toho-distributed animated film BLEACH: Memories of Nobody", "a Sanyo Electric TV
commercial"). Quoted albums and singles are not tie-ins; nor is a show the artist appeared on.
"""

from __future__ import annotations

import re

from parsers.model import TieIn
from parsers.sites import Phrases, phrases
from parsers.textutil.sentences import split_sentences

QUOTE_RE = re.compile(
    r"“([^”]{1,120})”|『([^』]{1,120})』|‘([^’]{2,120})’|«\s?([^»]{1,120}?)\s?»|„([^“”]{1,120})[“”]|\"([^\"]{1,120})\""
)
# A quote right after these words names a record or a phrase, not a programme.
NOT_WORK_BEFORE_QUOTE = re.compile(
    r"(?:albums?|singles?|EP|songs?|tracks?|titled|called|named|release|B-side|coupling|version|"
    r"previous|follow-up|lyrics?|line|phrase|words|catchphrase|nickname|theme is|is|was|"
    r"after|than|like|since|following|success of|"
    r"アルバム|シングル|曲|앨범|싱글|chanson|Lied|Song)[\s,]*$",
    re.I,
)
# "the popular segment “A” on the TV program “B”": one tie-in, not two.
_JOINS_ONE_WORK_RE = re.compile(
    r"^\s*(?:segment|corner)?\s*(?:on|of|in)\s+(?:the\s+)?[\w’' -]{0,40}$"
)
_COMMERCIAL_RE = re.compile(
    r"((?:[A-Z0-9][\w’'&.\-]*(?:\s|’s\s)){1,5})(?:TV\s)?(?:commercials?|CMs?)\b"
    # "Shiseido’s summer cosmetics commercial"
    r"|((?:[A-Z0-9][\w&.\-]*\s){0,3}[A-Z0-9][\w&.\-]*’s(?:\s[a-z][\w-]*){1,3})\s(?:TV\s)?"
    r"(?:commercials?|CMs?|ads?)\b"
)
# Japanese: "カネボウ化粧品のCMソング" names the advertiser without quotes
_JA_CM_RE = re.compile(r"([\u30a0-\u30ff\u4e00-\u9fffA-Za-z0-9・ー]{2,20})の?CM(?:ソング)?")
# "… opened in theaters, and served as that film’s theme song": the quote was the film
_BACK_REFERENCE_RE = re.compile(
    r"\b(?:that|the|this|its) (?:film|movie|drama|anime|series|show|program|programme|game)"
    r"(?:’s|'s)?\b"
)
_SAME_NAME_WORK_RE = re.compile(
    r"^(?:[\w’'-]+\s){0,5}(?:film|movie|drama|anime|series|musical)\s+of the same name$", re.I
)
# a kind of work right after a quoted name: "its “Christmas Express” commercials"
_KIND_AFTER_QUOTE_RE = re.compile(
    r"\s(?:TV\s)?(?:commercials?|CMs?|campaign|ads?|drama|series|film|movie|anime|"
    r"program(?:me)?|show)\b"
)
_APPOSITIVE_RE = re.compile(
    r"(?:[’']\d\d\s)?[A-Z][\w’'.-]*(?:\s[A-Z0-9][\w’'.!-]*){0,5}(?=[,.;]|$)"
)
_CLAUSE_END_RE = re.compile(
    r",\s|;\s|\.\s|\.$|\sand\s(?=[a-z])|\s(?:which|where|that|while|after|before|when|making|"
    r"becoming|reaching|gaining|earning|was|is|has|had)\s|\s\((?=[a-z])|$"
)


# How sure each way of finding a tie-in is (calibrated on the dev corpus: see docs/schema.md).
QUOTED_NAMED_CONFIDENCE = 0.95  # a quote after a trigger, its kind named: TBS drama “Pure”
QUOTED_CONFIDENCE = 0.85  # a quote after a trigger
QUOTED_BEFORE_CONFIDENCE = 0.8  # “X,” for which it served as the theme song
JA_CM_CONFIDENCE = 0.7  # カネボウ化粧品のCMソング
BRAND_CONFIDENCE = 0.8  # Suntory’s CAN Beer commercial
PHRASE_CONFIDENCE = 0.65  # a capitalised phrase after a trigger
PHRASE_KIND_CONFIDENCE = 0.75  # ... that names its kind: TV anime Demon Slayer


def extract_tie_ins(
    description: str,
    lang: str = "en",
    title: str | None = None,
    sentences: list[str] | None = None,
) -> list[TieIn]:
    ph = phrases(lang)
    trigger_re = re.compile(ph.tie_in_triggers, re.I)
    out: list[TieIn] = []
    seen: set[str] = set()
    work_re = ph.work_before_quote
    for sentence in sentences if sentences is not None else split_sentences(description):
        trig = trigger_re.search(sentence)
        if not trig and not (work_re and _quote_after_work(sentence, work_re)):
            continue
        cover = ph.cover_subject
        if trig and cover and re.search(cover, sentence[: trig.start()]):
            continue  # "A cover by Misia was used in a Kirin commercial": the cover's tie-in
        found = _quoted(sentence, trigger_re, ph, title)
        if lang == "ja" and not found:
            found = [
                _make(m.group(0), m.group(1), "commercial", ph, JA_CM_CONFIDENCE)
                for m in _JA_CM_RE.finditer(sentence)
                if not m.group(1).endswith(("の", "テレビ"))
            ]
        if lang == "ja" and not found and trig:
            found = _ja_unquoted_game(sentence, ph) or _ja_unquoted_event(sentence, ph)
        if lang == "en":
            # "the Fuji TV drama “Pure” and used in NTT Docomo commercials": both kinds
            found += [
                t
                for t in _unquoted(sentence, trigger_re, ph, title)
                if not any(
                    t.text in q.text or q.text in t.text or (q.name or "") in t.text for q in found
                )
            ]
        for tie in found:
            key = re.sub(r"\W+", "", (tie.name or tie.text).casefold())
            if key and key not in seen:
                seen.add(key)
                out.append(tie)
    return out


def _quoted(
    sentence: str, trigger_re: re.Pattern[str], ph: Phrases, title: str | None
) -> list[TieIn]:
    """Works named in quotes: after a trigger, or before one when named as a work."""
    out: list[TieIn] = []
    last_end = -1  # end of the last quote taken as a tie-in
    prev_quote_end = -1  # end of the last quote of any kind
    for m in QUOTE_RE.finditer(sentence):
        name = next(g for g in m.groups() if g is not None).strip().rstrip(",.、。").strip()
        before = sentence[: m.start()]
        if not name or (len(name) < 2 and not re.match(r"[\u3040-\u9fff\uac00-\ud7af]", name)):
            continue  # one letter is no name, but one kanji may be: 『糸』
        if prev_quote_end >= 0 and sentence[prev_quote_end : m.start()].strip() == "(":
            prev_quote_end = m.end()
            continue  # “Tokai no Mori” (“Urban Forest”): a translation of the previous name
        prev_quote_end = m.end()
        named_work = ph.work_before_quote
        after_work = bool(named_work and re.search(named_work, before.rstrip()))
        if NOT_WORK_BEFORE_QUOTE.search(before[-30:]):
            continue
        if title and _same(name, title) and not (after_work or _kind_word_ends(before, ph)):
            continue  # the song's own name, unless a work of the same name ("映画『糸』")
        # The quote must stand after a trigger, or just before one ("“X,” for which it
        # served as the theme song").
        trig_before = trigger_re.search(before)
        if named_work and after_work:
            trig_before = trig_before or re.search(named_work, before.rstrip())
        elif ph.quotes_anywhere and not trigger_re.search(sentence):
            continue
        if not (
            trig_before or ph.quotes_anywhere or _work_before_trigger(sentence, m, trigger_re, ph)
        ):
            continue
        if trig_before and _object_named_before(sentence[trig_before.end() : m.start()]):
            continue  # "while playing Dragon Quest VI, “In the Town” stands out"
        joined = (
            _one_work(out[-1], sentence[last_end : m.start()], sentence[last_end : m.end()], ph)
            if out and last_end >= 0
            else None
        )
        if joined is not None:
            out[-1] = joined
        else:
            out.append(_quoted_tie(sentence, m, name, trig_before, ph))
        last_end = m.end()
    return out


def _work_before_trigger(
    sentence: str, m: re.Match[str], trigger_re: re.Pattern[str], ph: Phrases
) -> bool:
    """Before any trigger, only a work named as one counts ("the NTV drama “Fake Affair,” for
    which it served as the theme song"), not the song's own name: a trigger follows the quote,
    and the words before it name a work, or the words after it point back ("… opened in
    theaters, and served as that film’s theme song")."""
    after = sentence[m.end() : m.end() + 60]
    if not trigger_re.search(after):
        return False
    return bool(
        _names_a_work(_descriptor(sentence[: m.start()]), ph) or _BACK_REFERENCE_RE.search(after)
    )


def _one_work(prev: TieIn, between: str, through: str, ph: Phrases) -> TieIn | None:
    """The previous tie-in stretched over the next quote (`through`: the text up to its end)
    when the words `between` make the two one work: "the popular segment “A” on the TV
    program “B”"; else None."""
    if not _JOINS_ONE_WORK_RE.match(_strip_quote_tail(between)):
        return None
    text = prev.text + through
    return TieIn(_tidy(text), prev.kind, prev.name, prev.by or _by(text, ph), prev.confidence)


def _quoted_tie(
    sentence: str, m: re.Match[str], name: str, trig_before: re.Match[str] | None, ph: Phrases
) -> TieIn:
    """The tie-in a quote names: the quote, the words before it that say what the work is
    ("Fuji TV drama “Pure”") or a kind word right after it; surer when a trigger precedes it
    and surest when its kind is named."""
    before = sentence[: m.start()]
    descriptor = _descriptor(before) if " " in before else _cjk_descriptor(before)
    sep = " " if descriptor and not _CJK_DESCRIPTOR_RE.search(descriptor[-1:] + "x") else ""
    text = (descriptor + (sep or (" " if " " in before else "")) if descriptor else "") + m.group(0)
    kind_after = _KIND_AFTER_QUOTE_RE.match(sentence[m.end() :])
    if kind_after and not _names_a_work(descriptor, ph):
        text += kind_after.group(0)  # its “Christmas Express” commercials
    context = before[trig_before.start() :] if trig_before else sentence[m.end() : m.end() + 60]
    conf = (
        QUOTED_BEFORE_CONFIDENCE
        if not trig_before
        else QUOTED_NAMED_CONFIDENCE
        if descriptor and _names_a_work(descriptor, ph)
        else QUOTED_CONFIDENCE
    )
    return _make(_tidy(text), name, context, ph, conf)


def _object_named_before(between: str) -> bool:
    """Did the trigger already get its work, unquoted, before a comma ("while playing Dragon
    Quest VI: Realms of Revelation, “…”")? Then the quote after the comma is not governed."""
    head = between.split(", ")[0] if ", " in between else None
    return head is not None and len(re.findall(r"\b[A-Z][\w’'-]+", head)) >= 2


def _ja_unquoted_game(sentence: str, ph: Phrases) -> list[TieIn]:
    """A game named without quotes before の/での: "ドラクエVIIIのラスボスとの戦闘BGM",
    "ドラクエIIでのフィールド曲" (a game's name is one the game kind words know)."""
    game = next((p for kind, p in ph.kind_words if kind == "game"), None)
    if not game:
        return []
    out: list[TieIn] = []
    pattern = r"(?P<name>(?:" + game + r")[^\s、。『』「」の]{0,12}?)(?:での|の|で)"
    for m in re.finditer(pattern, sentence):
        name = m.group("name")
        if re.fullmatch(game, name) or name.endswith("シリーズ"):
            continue  # "ゲームの", "ドラクエシリーズの": no one work
        out.append(_make(name, name, "game", ph, PHRASE_KIND_CONFIDENCE))
        break
    return out


def _ja_unquoted_event(sentence: str, ph: Phrases) -> list[TieIn]:
    """An event or broadcast named without quotes before its theme-song word."""
    pattern = ph.unquoted_event
    m = re.search(pattern, sentence) if pattern else None
    if not m:
        return []
    # not the date it stands after: "同年7月に福岡で開かれた世界水泳選手権"
    name = re.sub(r"^(?:\d{4}年|同年|翌年)?(?:\d{1,2}月)?(?:\d{1,2}日)?に", "", m.group("name"))
    return [_make(name, name, name, ph, PHRASE_KIND_CONFIDENCE)]


def _quote_after_work(sentence: str, work_re: str) -> bool:
    """Does a quote stand right after a word naming a work ("映画『糸』")?"""
    return any(
        re.search(work_re, sentence[: m.start()].rstrip()) for m in QUOTE_RE.finditer(sentence)
    )


def _kind_word_ends(before: str, ph: Phrases) -> bool:
    """Does a kind of work stand right before the quote ("the 1979 animated film “…”")?"""
    words = before.rstrip().split(" ")
    last = words[-1] if words else ""
    return bool(last) and any(
        re.fullmatch(r"(?:" + p + r")\w*", last, re.I)
        for kind, p in ph.kind_words
        if kind in ("anime", "drama", "film")
    )


def _names_a_work(descriptor: str, ph: Phrases) -> bool:
    return any(re.search(p, descriptor, re.I) for _, p in ph.kind_words)


def _strip_quote_tail(between: str) -> str:
    return between.lstrip(',.”" ')


def _tidy(text: str) -> str:
    return re.sub(r"[,.](?=[”」』»\"])", "", text).strip()


def _descriptor(before: str) -> str:
    """The few words before a quote that say what the work is: "Fuji TV drama", "au’s"."""
    words = before.rstrip().split(" ")
    picked: list[str] = []
    stop = {
        "the",
        "a",
        "an",
        "for",
        "in",
        "of",
        "as",
        "on",
        "and",
        "by",
        "to",
        "from",
        "with",
        "at",
    }
    for w in reversed(words[-6:]):
        if w.lower() in stop or w.endswith((",", ".")) or not w:
            break
        picked.insert(0, w)
    return " ".join(picked).strip()


_CJK_DESCRIPTOR_RE = re.compile(r"[\u30a0-\u30ff\u4e00-\u9fff\uac00-\ud7afA-Za-z0-9・系ー]{1,14}$")


def _cjk_descriptor(before: str) -> str:
    """The run of kana/kanji/hangul just before a quote: "フジテレビ系ドラマ", "극장판"."""
    m = _CJK_DESCRIPTOR_RE.search(before.rstrip())
    return m.group(0) if m else ""


def _unquoted(
    sentence: str, trigger_re: re.Pattern[str], ph: Phrases, title: str | None
) -> list[TieIn]:
    """Works named without quotes: a brand's commercial, or the phrase a trigger governs."""
    out = _brand_commercials(sentence, ph)
    commercials = [(m.start(), m.end()) for m in _COMMERCIAL_RE.finditer(sentence)]
    for trig in trigger_re.finditer(sentence):
        if any(a <= trig.start() < b for a, b in commercials):
            continue
        rest = sentence[trig.end() :]
        prep = _lead_in(trig.group(0), rest, ph)
        if not prep:
            continue
        lead = rest[: prep.end()]  # " of " in "commercial of cosmetics maker Shiseido"
        tail = rest[prep.end() :]
        if trigger_re.match(tail):
            continue  # "used as the theme song for ...": the next trigger says more
        phrase = _governed_phrase(tail, ph)
        sponsor = _is_trade_sponsor(phrase, ph)  # "cosmetics maker Shiseido"
        if not (sponsor or _plausible_work(phrase, ph)) or (title and _same(phrase, title)):
            continue
        if re.search(r"[~〜]", phrase):
            continue  # inside a subtitle: "Battle Theme ~Crossing Swords in the Fires of War~"
        if any(phrase in t.text or t.text in phrase for t in out):
            continue
        if sponsor:
            # "the autumn campaign commercial of cosmetics maker Shiseido": the whole phrase
            text = sentence[_phrase_start(sentence, trig.start()) : trig.end()] + lead + phrase
            out.append(_make(text, _strip_trade(phrase, ph), "commercial", ph, BRAND_CONFIDENCE))
        else:
            out.extend(_phrase_works(phrase, sentence[: trig.end()], ph))
    return out


def _brand_commercials(sentence: str, ph: Phrases) -> list[TieIn]:
    """Commercials named by their brand: "Suntory’s CAN Beer commercial", "a Sanyo Electric TV
    commercial", with the brand's trade words before it ("cosmetics maker Shiseido’s")."""
    out: list[TieIn] = []
    for m in _COMMERCIAL_RE.finditer(sentence):
        brand = (m.group(1) or m.group(2)).strip()
        first = brand.split()[0]
        if first in ("The", "It", "This", "A", "In", "Its", "As", "Also"):
            brand = " ".join(brand.split()[1:])
        if brand and _names_something(brand, ph):
            start = m.start() + m.group(0).find(brand)
            start -= len(_trade_before(sentence[:start], ph))
            out.append(_make(sentence[start : m.end()], brand, "commercial", ph, BRAND_CONFIDENCE))
    return out


def _lead_in(trigger: str, rest: str, ph: Phrases) -> re.Match[str] | None:
    """The words between a trigger and the work it governs, matched at the start of `rest`
    (the text after the trigger): " for the " in "theme song for the ..."; None: no work."""
    if ph.game_music and re.fullmatch(ph.game_music, trigger, re.I):
        # "battle piece accompanies the final fight with Sephiroth in Final Fantasy VII"
        return re.match(r"[^,;.]{0,60}?\s(?:in|of|from)\s+(?:the\s+)?(?=[A-Z])", rest)
    if re.search(r"\b(?:in|as|for|during|on|playing)$", trigger):
        return re.match(r"\s+(?:the\s+|a\s+|an\s+)?", rest)
    return re.match(r"(?:\s+[\w’'-]+){0,3}?\s+(?:for|in|of|during)\s+(?:the\s+|a\s+|an\s+)?", rest)


def _governed_phrase(tail: str, ph: Phrases) -> str:
    """The phrase that names the work, from the text after the lead-in to its clause's end
    (with an appositive name), without a date or "that year’s" around it."""
    end = _CLAUSE_END_RE.search(tail)
    phrase = tail[: end.start() if end else len(tail)].strip()
    if end and tail[end.start() : end.end()] == ", ":
        # an appositive name: "Nippon TV’s baseball broadcasts, ’95 Gekikūkan Pro Yakyū"
        m_app = _APPOSITIVE_RE.match(tail[end.end() :])
        if m_app and not _names_something(phrase, ph):
            phrase = f"{phrase}, {m_app.group(0).strip()}"
    phrase = re.sub(r"^(?:\d{4}\s|’\d\d\s)", "", phrase)
    phrase = re.sub(r"\s(?:in|since|from) (?:\d{4}|the \d{4}s)$", "", phrase)  # its date
    # "that year’s NHK National School Music Competition": the name, not the reference
    return re.sub(r"^(?:that|this|the same|the following) year[’']s\s", "", phrase)


def _phrase_works(phrase: str, context: str, ph: Phrases) -> list[TieIn]:
    """The works a governed phrase names: one, or two joined by a single "and"."""
    parts = re.split(r" and (?=[A-Z])", phrase) if phrase.count(" and ") == 1 else [phrase]
    out: list[TieIn] = []
    for part in parts:
        # "the title screen of the Dragon Quest games": the work is what follows "of"
        lead_words = re.match(r"^(?:[a-z][\w-]*\s){1,3}of (?:the\s)?(?=[A-Z])", part)
        if lead_words and not _names_a_work(lead_words.group(0), ph):
            part = part[lead_words.end() :]
        conf = PHRASE_KIND_CONFIDENCE if _names_a_work(part, ph) else PHRASE_CONFIDENCE
        out.append(_make(part, _strip_kind_words(part, ph), context, ph, conf))
    return out


def _trade_before(before: str, ph: Phrases) -> str:
    """The trade words right before a brand: "cosmetics maker " in "cosmetics maker Shiseido"."""
    m = re.search(r"(?<!\w)(?:" + ph.trade_sponsor + r")$", before)
    return m.group(0) if m else ""


def _is_trade_sponsor(phrase: str, ph: Phrases) -> bool:
    return bool(re.match(r"(?:the\s)?(?:" + ph.trade_sponsor + r")[A-Z]", phrase))


def _strip_trade(phrase: str, ph: Phrases) -> str:
    return re.sub(r"^(?:the\s)?(?:" + ph.trade_sponsor + r")", "", phrase)


_NOT_IN_PHRASE = frozenset(
    "the a an for of in on as to and also was is were are be been it its this that".split()
)


def _phrase_start(sentence: str, at: int) -> int:
    """Start of the noun phrase ending at `at`: "the autumn campaign" before "commercial"."""
    words = sentence[:at].rstrip().split(" ")
    n = 0
    for w in reversed(words[-4:]):
        if not w or not re.fullmatch(r"[a-z][\w-]*", w) or w in _NOT_IN_PHRASE:
            break
        n += len(w) + 1
    return max(0, len(sentence[:at].rstrip()) - n + 1) if n else at


def _plausible_work(phrase: str, ph: Phrases) -> bool:
    """A name ("Ultraman Taro", "film Water Ribbon"), not "youth", "1990s" or "U.S"."""
    words = phrase.split()
    if not words or len(words) > 12:
        return False
    if re.search(ph.album_words + r"|\bsingles?\b", phrase, re.I):
        return False  # "written for her album …": a record, not a work it is tied to
    if "same name" in phrase:
        # "a film of the same name" names the work (the song's title); "a film based on a
        # comic of the same name" does not
        return "based on" not in phrase and bool(_SAME_NAME_WORK_RE.search(phrase))
    if re.fullmatch(r"[’']?\d{2,4}s", phrase):
        return False
    head = " ".join(words[:6])
    starts_named = phrase[0].isupper() or phrase[0].isdigit()
    if not (starts_named or any(re.search(p, head, re.I) for _, p in ph.kind_words)):
        return False
    capitalised = [w for w in words if w[:1].isupper() and sum(ch.isalpha() for ch in w) >= 3]
    if capitalised and all(re.search(r"[’']s$", w) for w in capitalised):
        # "Disney’s 1989 animated feature film": a company's unnamed work (a sponsor's
        # commercial is named by its sponsor, but that is the commercial rule's)
        if not re.search(r"commercial|\bCM\b|\bads?\b|campaign", phrase, re.I):
            return False
    return len(words) >= 2 and bool(capitalised) and _names_something(phrase, ph)


_GENERIC_WORDS = frozenset(
    "tv web japanese japan its his her their this that the a an in also many several various "
    "monday tuesday wednesday thursday friday saturday sunday morning evening night late-night "
    "numerous other popular famous major national local new own same series program programme "
    "show variety commercial commercials cm ad ads drama anime film movie".split()
)


def _names_something(phrase: str, ph: Phrases) -> bool:
    """Is there a name left once broadcasters and generic words are taken away?
    "the NHK drama", "a TV commercial", "numerous commercials" name no work."""
    rest = re.sub(r"(?:" + ph.broadcasters + r")(?:’s|'s)?", " ", phrase)
    words = [w.strip(".,’'") for w in rest.split()]
    return any(w and w.lower() not in _GENERIC_WORDS and w[:1].isupper() for w in words)


def _strip_kind_words(text: str, ph: Phrases) -> str:
    for _, pattern in ph.kind_words:
        m = re.search(r"(?:" + pattern + r")\w*\s+(.+)$", text, re.I)
        kind_word = m.group(0)[: m.start(1) - m.start()] if m else ""
        if m and re.fullmatch(r"[A-Z][a-z][\w ]*\s", kind_word):
            continue  # a name, not a kind word: "Dragon Quest VI"
        if m and m.group(1)[:1].isupper():
            return m.group(1)
    return text


def _make(text: str, name: str | None, context: str, ph: Phrases, confidence: float = 1.0) -> TieIn:
    kind = "other"
    for probe in (text, context):
        hit = next((k for k, pattern in ph.kind_words if re.search(pattern, probe, re.I)), None)
        if hit:
            kind = hit
            break
    return TieIn(text=text.strip(), kind=kind, name=name, by=_by(text, ph), confidence=confidence)


def _by(text: str, ph: Phrases) -> str | None:
    m = re.search(r"(" + ph.broadcasters + r")", text)
    return m.group(1) if m else None


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", "", a.casefold()) == re.sub(r"\W+", "", b.casefold())
