"""Whatever the input, the parser returns records or a clear InputError: never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURE_PAGES
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import parse_page
from parsers.errors import InputError

FIXTURES = FIXTURE_PAGES
INPUTS = sorted(FIXTURES.glob("*/input.*"))


def _parse(content: str | bytes) -> None:
    try:
        page = parse_page(content)
    except InputError:
        return
    for r in page.records:
        assert r.title
        assert r.release is None or len(r.release) in (4, 7)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_random_text_never_raises(text: str) -> None:
    _parse(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    _parse(data)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(INPUTS), st.floats(min_value=0.0, max_value=1.0))
def test_truncated_fixture_never_raises(path: Path, cut: float) -> None:
    data = path.read_bytes()
    _parse(data[: int(len(data) * cut)])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x00\x01binary", "binary"),
        (b"\xff\xfe\xfa", "UTF-8"),
    ],
)
def test_bad_input_is_a_clear_error(content: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_page(content)
