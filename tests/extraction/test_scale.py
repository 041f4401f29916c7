"""Parse cost per entry stays constant as a page grows (issue 10, item 12).

No test here times anything: they count operations that used to grow with the square of the
page (the page-level artist pass, a regex compiled per candidate, one learned-artist set per
entry, every position of a huge heading scored) and check that a long page keeps every entry.
The speed itself is measured by `benchmarks/bench_scale.py` (`make bench`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from helpers import load_script
from hypothesis import given, settings
from hypothesis import strategies as st

import parsers.facts.release as release
import parsers.page
import parsers.split
import parsers.split.evidence as evidence
from parsers import parse_page
from parsers.split import MAX_EVIDENCE_TEXT, MAX_SPLIT_CORE
from parsers.split.evidence import PageCores, TextView, loose, spaceless_find
from parsers.textutil.normalise import fold_key

sp = load_script("benchmarks/scale_pages.py")


class Counter:
    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.fn(*args, **kwargs)


def _count(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> Counter:
    counter = Counter(getattr(owner, name))
    monkeypatch.setattr(owner, name, counter)
    return counter


# --------------------------------------------------------------------------- long pages


@pytest.mark.parametrize("kind", sp.KINDS)
def test_a_long_page_keeps_every_entry(kind: str) -> None:
    n = 2000 if kind == "text" else 600
    items = sp.entries(n)
    page = parse_page(sp.page(kind, n), sp.URL)
    assert len(page.records) == n
    assert [r.position for r in page.records] == list(range(1, n + 1))
    assert [r.title for r in page.records if r.artist] and not page.warnings
    # The split itself is the parser's business; the page must still read as the page it is.
    pairs = zip(page.records, items, strict=True)
    right = sum(r.title == e.title and r.artist == e.artist for r, e in pairs)
    assert right >= 0.8 * n


def test_generated_artists_are_all_different() -> None:
    names = [sp.synthetic_name(i) for i in range(6000)]
    assert len(set(names)) == len(names)


# --------------------------------------------------------------------------- operation counts


def _per_entry(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, n: int) -> float:
    page = sp.page("text", n)
    counter = _count(monkeypatch, owner, name)
    parse_page(page, sp.URL)
    monkeypatch.undo()
    return counter.calls / n


def test_page_level_artist_pass_does_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every candidate used to fold every other heading of the page (1.5M calls at 300 entries).
    parse_page(sp.page("text", 10), sp.URL)  # warm the caches first
    small = _per_entry(monkeypatch, evidence, "loose", 100)
    large = _per_entry(monkeypatch, evidence, "loose", 400)
    assert large < 1.5 * small, (small, large)


def _regex_compiler() -> ModuleType:
    """The module whose compile() re calls on a miss of its cache (re._compiler, 3.11+)."""
    compiler: ModuleType | None = getattr(re, "_compiler", None)
    if compiler is None:  # Python 3.10
        import sre_compile

        return sre_compile
    return compiler


def test_no_regex_is_compiled_per_candidate(monkeypatch: pytest.MonkeyPatch) -> None:
    parse_page(sp.page("text", 10), sp.URL)
    counts = []
    for n in (50, 400):
        counter = _count(monkeypatch, _regex_compiler(), "compile")
        parse_page(sp.page("text", n), sp.URL)
        monkeypatch.undo()
        counts.append(counter.calls)
    # a pattern per distinct artist candidate was hundreds more at 400 entries
    assert counts[1] <= counts[0] + 5, counts


def test_learned_artists_are_one_set_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    # The second pass built a set of all the page's learned artists for every unsure entry.
    seen: dict[int, int] = {}
    real = parsers.page.Evidence  # type: ignore[attr-defined]

    def recording(*args: Any, **kwargs: Any) -> evidence.Evidence:
        ev = real(*args, **kwargs)
        seen[id(ev.known_artists)] = len(ev.known_artists)
        return ev

    monkeypatch.setattr(parsers.page, "Evidence", recording)
    n = 300
    parse_page(sp.page("text", n), sp.URL)
    assert sum(seen.values()) <= 2 * n, f"{len(seen)} sets, {sum(seen.values())} names"


def test_page_cores_answer_like_a_scan() -> None:
    cores = [
        "The city is alive.sugiyama kouichi",
        "Endless Worldsugiyama kouichi",
        "Dinner Songtuki.",
        "sugiyama kouichi",
        "Endless Worldsugiyama kouichi",
        "x" * 200 + "A very long tail of a heading beyond the indexed length of tails",
    ]
    pc = PageCores(cores)
    tails = {loose(c)[k:] for c in cores for k in range(len(loose(c)))} | {"nothing", ""}
    for core in [*cores, "another core"]:
        for tail in tails:
            scan = any(o != core and evidence._ends_at_glue(o, tail) for o in cores)
            assert pc.glued_elsewhere(tail, core) == scan, (core, tail)


_LATIN_WORD = "0-9A-Za-zÀ-ɏ"


def _spaceless_by_regex(needle: str, view: TextView) -> bool:
    """The definition spaceless_find replaced: a pattern with " ?" between the characters."""
    target = needle.replace(" ", "")
    if len(target) < 4:
        return False
    body = " ?".join(re.escape(ch) for ch in target)
    return re.search(rf"(?<![{_LATIN_WORD}]){body}(?![{_LATIN_WORD}])", view.loose) is not None


_TEXT = st.text(alphabet="ab  .xÀé1ɏ×-’", max_size=24)


@settings(max_examples=400, deadline=None)
@given(text=_TEXT, a=st.integers(0, 30), b=st.integers(0, 30), squeeze=st.booleans())
def test_spaceless_find_matches_its_regex_definition(
    text: str, a: int, b: int, squeeze: bool
) -> None:
    view = TextView(text)
    lo = view.loose
    needle = lo[min(a, b) : max(a, b)]
    if squeeze:
        needle = needle.replace(" ", "")
    assert spaceless_find(needle, view) == _spaceless_by_regex(needle, view)


def _all_code_points() -> Iterator[str]:
    for cp in range(0x110000):
        if not 0xD800 <= cp <= 0xDFFF:
            yield chr(cp)


def test_fold_key_keeps_exactly_what_isalnum_keeps() -> None:
    everything = "".join(_all_code_points())
    assert evidence._NOT_ALNUM_RE.sub("", everything) == "".join(filter(str.isalnum, everything))
    assert fold_key("Mr.Children’s “Tomorrow never knows”") == "mrchildrenstomorrowneverknows"


# --------------------------------------------------------------------------- hard caps


def _html_page(headings: list[str]) -> str:
    songs = "".join(
        f'<div class="p-song"><h3 class="p-song__heading">{html.escape(h)}</h3>'
        f'<div class="p-song__body"><p>A song about the sea, released in 1999.</p></div></div>'
        for h in headings
    )
    return (
        '<!DOCTYPE html><html lang="en"><body><main><article class="p-article">'
        f'<h1 class="p-article__title">Songs</h1><section class="p-section">{songs}</section>'
        "</article></main></body></html>"
    )


def test_a_huge_heading_is_kept_whole_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    longest: list[int] = []
    real = parsers.split.split_core

    def recording(core: str, ev: evidence.Evidence) -> Any:
        longest.append(len(core))
        return real(core, ev)

    monkeypatch.setattr(parsers.split, "split_core", recording)
    huge = "Midnight" * 2000 + "Kanome Rika"
    page = parse_page(_html_page(["crescent moonAyaka", huge, "Dinner Songtuki."]), sp.URL)
    assert [r.position for r in page.records] == [1, 2, 3]  # nothing dropped
    rec = page.records[1]
    assert (rec.title, rec.artist, rec.split.method) == (huge, None, "fallback")
    assert rec.release == "1999"  # the rest of the entry is read as usual
    assert page.warnings == [
        f"entry 2: heading of {len(huge):,} characters not split "
        f"(over {MAX_SPLIT_CORE}), kept whole as the title"
    ]
    assert max(longest) <= MAX_SPLIT_CORE  # the huge core was never scored position by position
    assert page.records[0].artist == "Ayaka"


def test_a_huge_description_is_read_in_part_for_the_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read: list[int] = []
    real = parsers.page.Evidence  # type: ignore[attr-defined]

    def recording(*args: Any, **kwargs: Any) -> evidence.Evidence:
        ev = real(*args, **kwargs)
        read.append(len(ev.description))
        return ev

    monkeypatch.setattr(parsers.page, "Evidence", recording)
    long_text = "A song about the sea and the long road home. " * 2000
    page_html = _html_page(["crescent moonAyaka", "Dinner Songtuki."]).replace(
        "<p>A song about the sea, released in 1999.</p>", f"<p>{long_text} Released in 2001.</p>", 1
    )
    page = parse_page(page_html, sp.URL)
    assert [(r.title, r.artist) for r in page.records] == [
        ("crescent moon", "Ayaka"),
        ("Dinner Song", "tuki."),
    ]
    assert page.records[0].release == "2001"  # the facts still read all of it
    assert len(page.records[0].description) > MAX_EVIDENCE_TEXT
    assert max(read) == MAX_EVIDENCE_TEXT
    assert page.warnings == [
        f"entry 1: description of {len(page.records[0].description):,} characters, "
        f"only the first {MAX_EVIDENCE_TEXT:,} read to split its heading"
    ]


def test_a_heading_under_the_cap_is_still_split() -> None:
    title = "A Song With A Rather Long Title " * 10
    page = parse_page(_html_page([title.strip() + "Ayaka", "Dinner Songtuki."]), sp.URL)
    assert len(title) < MAX_SPLIT_CORE
    assert page.records[0].artist == "Ayaka" and not page.warnings


def test_many_related_links_are_kept_once_each_in_order() -> None:
    hrefs = [f"/en-us/article-{i % 20000}" for i in range(40000)] + ["#top", " /en-us/article-7 "]
    links = "".join(f'<li><a href="{h}">x</a></li>' for h in hrefs)
    page_html = _html_page(["crescent moonAyaka"]).replace(
        '<section class="p-section">', f'<aside class="p-related"><ul>{links}</ul></aside><section>'
    )
    page = parse_page(page_html, sp.URL)
    assert page.related_links == [f"/en-us/article-{i}" for i in range(20000)]


# --------------------------------------------------------------------------- release dates


class _Reading:
    """A compiled pattern that adds up how many characters it is asked to read."""

    def __init__(self, pattern: re.Pattern[str], read: list[int]) -> None:
        self.pattern = pattern
        self.read = read

    def search(self, text: str, *args: Any) -> re.Match[str] | None:
        self.read[0] += len(text)
        return self.pattern.search(text, *args)

    def match(self, text: str, *args: Any) -> re.Match[str] | None:
        self.read[0] += len(text)
        return self.pattern.match(text, *args)

    def finditer(self, text: str, *args: Any) -> Iterator[re.Match[str]]:
        self.read[0] += len(text)
        return self.pattern.finditer(text, *args)


def _chars_read_per_date(monkeypatch: pytest.MonkeyPatch, n: int) -> float:
    read = [0]
    for name in ("_phrase_patterns", "_attachment_patterns"):
        real = getattr(release, name)
        monkeypatch.setattr(
            release, name, lambda lang, real=real: tuple(_Reading(p, read) for p in real(lang))
        )
    years = " ".join(str(1900 + i % 120) for i in range(n))
    assert release.extract_release(f"It was released in {years} and more") == "1900"
    monkeypatch.undo()
    return read[0] / n


def test_release_scoring_reads_a_bounded_text_per_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every date had its whole clause searched by each phrase pattern: 4,000 years took 59 s.
    small = _chars_read_per_date(monkeypatch, 200)
    large = _chars_read_per_date(monkeypatch, 1000)
    assert large < 1.5 * small, (small, large)
