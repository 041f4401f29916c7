"""Fuzzing parse_page with pages built from the fixtures (issue 10).

Each example takes a fixture page (a text rendering or the HTML, its site chrome's style sheets
left out to keep examples small) and damages it a few times: cut anywhere, random Unicode
inserted (lone surrogates too, possible only through the str API), lines duplicated, tags
stripped, a region wrapped in deeply nested tags, random bytes in the encoded page. Whatever
comes out, parse_page either refuses the content with `InputError` or returns records that
encode as strict UTF-8 and follow the JSON schema.

Bounded in time: derandomised (the same examples on every run), a fixed number of examples, no
deadline per example. `SONGLISTS_FUZZ_EXAMPLES=2000` runs more of them, and
`SONGLISTS_FUZZ_RANDOM=1` draws new ones, to hunt for bugs by hand.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import jsonschema
from helpers import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import parse_page
from parsers.errors import InputError
from parsers.model import Page
from parsers.schema import load_schema

URL = "https://www.ragnet.co.jp/en-us/fuzzed-songs/2"

_STYLE_RE = re.compile(r"<style\b[^>]*>.*?</style>", re.S | re.I)


def _pages() -> list[str]:
    out = []
    for path in sorted((REPO / "fixtures" / "pages").glob("*/input.*")):
        text = path.read_text(encoding="utf-8")
        out.append(_STYLE_RE.sub("", text) if path.suffix == ".html" else text)
    assert out, "no fixture pages"
    return out


PAGES = _pages()
VALIDATOR = jsonschema.Draft202012Validator(load_schema())

_EXAMPLES = int(os.environ.get("SONGLISTS_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=_EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("SONGLISTS_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Any code point, lone surrogates included (st.characters() leaves those out by default).
_ANY_CHAR = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),
    st.sampled_from("<>&\"'\n\r\t\x00\u2028\ufeff\u3000/\\“”『』~〜|#"),
)


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(PAGES))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["cut", "insert", "duplicate", "strip", "nest", "swap"]))
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 3000)))
        if op == "cut":
            text = text[:i] if draw(st.booleans()) else text[i:]
        elif op == "insert":
            text = text[:i] + draw(st.text(_ANY_CHAR, min_size=1, max_size=40)) + text[i:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] * draw(st.integers(1, 5)) + text[j:]
        elif op == "strip":
            text = text[:i] + re.sub(r"<[^>]*>", "", text[i:j]) + text[j:]
        elif op == "nest":
            tag = draw(st.sampled_from(["div", "p", "span", "section", "h3", "a", "li"]))
            depth = draw(st.integers(1, 400))
            text = text[:i] + f"<{tag}>" * depth + text[i:j] + f"</{tag}>" * depth + text[j:]
        else:  # swap two stretches: entries, headings and paragraphs out of order
            k = draw(st.integers(j, n))
            text = text[:i] + text[j:k] + text[i:j] + text[k:]
    return text


@st.composite
def _mutated_bytes(draw: st.DrawFn) -> bytes:
    data = draw(_mutated()).encode("utf-8", "surrogatepass")
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(data)))
        noise = draw(st.binary(min_size=1, max_size=24))
        data = data[:i] + noise + data[i + draw(st.integers(0, len(noise))) :]
    if draw(st.booleans()):
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b""])) + data
    return data


def _check(content: str | bytes) -> Page | None:
    try:
        page = parse_page(content, URL)
    except InputError as exc:
        assert str(exc), "an InputError says what is wrong"
        return None
    for record in page.record_dicts():
        line = json.dumps(record, ensure_ascii=False)
        line.encode("utf-8")  # strict: a lone surrogate in any string raises here
        errors = sorted(VALIDATOR.iter_errors(json.loads(line)), key=str)
        assert not errors, f"record {record.get('position')}: {errors[0].message}"
    for text in [*page.warnings, *page.next_pages, *page.related_links]:
        text.encode("utf-8")
    return page


@FUZZ
@given(_mutated())
def test_fuzzed_str_pages_parse_or_are_refused(content: str) -> None:
    _check(content)


@FUZZ
@given(_mutated_bytes())
def test_fuzzed_byte_pages_parse_or_are_refused(content: bytes) -> None:
    _check(content)


def test_untouched_fixture_pages_all_parse() -> None:
    # the fuzzer's starting points are real pages: each yields records
    for text in PAGES:
        page = _check(text)
        assert page is not None and page.records


def test_a_lone_surrogate_in_a_heading_still_gives_valid_records() -> None:
    text = next(p for p in PAGES if "Ayaka" in p and not p.lstrip().startswith("<"))
    page = _check(text.replace("Ayaka", "Aya\ud800ka", 1))
    assert page is not None and page.records


def _records(content: Any) -> list[dict[str, Any]]:
    page = _check(content)
    return page.record_dicts() if page else []


def test_bytes_and_str_of_the_same_page_agree() -> None:
    for text in PAGES[:6]:
        assert _records(text.encode("utf-8")) == _records(text)
