"""HTML shapes of the text fixtures (issue 9): markup must not change what the parser reads.

Two kinds of tests live here:

- the renderers' own honesty (these must pass whatever the parser does): every shape carries
  exactly the text page's lines, shares no class name with our template, puts the label's
  title and artist (and nothing else) in the two-child headings, and the shapes differ in
  structure from each other;
- the property the parser must meet: for every text fixture with labels and every shape,
  `parse_page` on the text and on the HTML gives equal records (title, artist, rank, release,
  tie-in texts, award texts, is_new), and the evaluator scores every shape at least as well as
  the text rendering. These fail while the parser's HTML path is bound to our template.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from helpers import FIXTURE_PAGES
from lxml import etree

from parsers import parse_page
from parsers.sites import html_template
from scraper.quality.evaluate import Tally, is_cut_heading, score_page
from scraper.quality.model import build_model
from scraper.quality.render import render_as_html
from scraper.quality.shapes import OWN_SHAPES, SHAPES, render_shape

FIXTURES = FIXTURE_PAGES
TEXT_FIXTURES = sorted(
    p.parent for p in FIXTURES.glob("*/input.txt") if (p.parent / "labels.json").is_file()
)
IDS = [f.name for f in TEXT_FIXTURES]


def _load(folder: Path) -> tuple[str, dict[str, Any], str | None]:
    text = (folder / "input.txt").read_text(encoding="utf-8")
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    meta_path = folder / "meta.json"
    url = (
        json.loads(meta_path.read_text(encoding="utf-8")).get("url")
        if meta_path.is_file()
        else None
    )
    labels.setdefault("url", url)
    return text, labels, url or labels.get("url")


def test_there_are_text_fixtures_with_labels_and_several_own_shapes() -> None:
    assert len(TEXT_FIXTURES) >= 10
    assert len(OWN_SHAPES) >= 4 and "template" not in OWN_SHAPES
    assert set(OWN_SHAPES) | {"template"} == set(SHAPES)


# --------------------------------------------------------------------------- the renderers


def _visible(html: str) -> str:
    """The body's text in document order, a video player's title (an iframe's, a lazy
    `<lite-youtube>`'s) where the player stands."""
    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    assert body is not None
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.tag in ("iframe", "lite-youtube") and el.get("title"):
            out.append(el.get("title") or "")
        if el.text and el.tag not in ("script", "style"):
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)

    walk(body)
    return "".join(out)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text_content(text: str) -> str:
    """The text page's lines as the shapes must carry them: markdown tables without pipes and
    separator rows (a rendering artifact, not information)."""
    lines = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("|"):
            if set(s) <= set("|-: "):
                continue
            s = s.replace("|", "")
        elif s.startswith("- "):
            s = s[2:]  # a list item's bullet
        lines.append(s)
    return _squash("".join(lines))


@pytest.mark.parametrize("shape", OWN_SHAPES)
@pytest.mark.parametrize("folder", TEXT_FIXTURES, ids=IDS)
def test_a_shape_carries_exactly_the_text_pages_lines(folder: Path, shape: str) -> None:
    text, labels, _url = _load(folder)
    html = render_shape(shape, text, labels)
    assert _squash(_visible(html)) == _text_content(text)


def _classes(html: str) -> set[str]:
    root = lxml.html.document_fromstring(html)
    return {c for el in root.iter() for c in (el.get("class") or "").split()}


def test_no_own_shape_shares_a_class_name_with_our_template() -> None:
    template_source = Path(html_template.__file__).read_text(encoding="utf-8")
    template_classes = set(html_template.CLASS_KINDS)
    # every quoted name in the template module (class names, also inside XPath strings)
    quoted = set(re.findall(r"[\"'] ?([A-Za-z][\w-]*) ?[\"']", template_source))
    for folder in TEXT_FIXTURES:
        text, labels, _url = _load(folder)
        template_classes |= _classes(render_as_html(text, labels))
    for folder in TEXT_FIXTURES:
        text, labels, _url = _load(folder)
        for shape in OWN_SHAPES:
            classes = _classes(render_shape(shape, text, labels))
            assert not classes & template_classes, (folder.name, shape)
            assert not classes & quoted, (folder.name, shape, classes & quoted)


def _signature(html: str) -> set[tuple[str, str]]:
    root = lxml.html.document_fromstring(html)
    return {
        (str(el.getparent().tag), str(el.tag))
        for el in root.iter()
        if isinstance(el.tag, str) and el.getparent() is not None
    }


def test_the_shapes_differ_in_structure_from_each_other() -> None:
    folder = FIXTURES / "text-city-pop-revival"
    text, labels, _url = _load(folder)
    sigs = {s: _signature(render_shape(s, text, labels)) for s in SHAPES}
    for a in SHAPES:
        for b in SHAPES:
            if a < b:
                differ = sigs[a] ^ sigs[b]
                assert len(differ) >= 3, (a, b, differ)


@pytest.mark.parametrize("folder", TEXT_FIXTURES, ids=IDS)
def test_two_child_headings_hold_the_labelled_title_and_artist(folder: Path) -> None:
    text, labels, _url = _load(folder)
    entries = [e for e in labels["entries"]]
    spans = lxml.html.document_fromstring(render_shape("spans", text, labels))
    titles = [el.text_content() for el in spans.find_class("a1")]
    artists = [el.text_content() for el in spans.find_class("b7")]
    assert titles == [e["title"] for e in entries]
    assert artists == [e["artist"] for e in entries if e.get("artist")]
    cards = lxml.html.document_fromstring(render_shape("cards", text, labels))
    by = [el.text_content() for el in cards.find_class("song-card__by")]
    assert by == [e["artist"] for e in entries if e.get("artist")]
    divs = lxml.html.document_fromstring(render_shape("divs", text, labels))
    heads = divs.find_class("x-head")
    # (a playlist row cut by the excerpt end is not labelled: one string, no <strong>)
    assert [h.findtext("strong") for h in heads if h.find("strong") is not None] == [
        e["title"] for e in entries
    ]
    assert [h.findtext("em") for h in heads if h.find("em") is not None] == [
        e["artist"] for e in entries if e.get("artist")
    ]


def test_the_model_makes_every_labelled_heading_an_entry_and_takes_no_fact_from_labels() -> None:
    folder = FIXTURES / "text-city-pop-revival"
    text, labels, _url = _load(folder)
    model = build_model(text, labels)
    assert [n.heading.raw for n in model.entries() if n.heading] == [
        e["heading"] for e in labels["entries"]
    ]
    # facts are the parser's to find: a label's release or tie-in never reaches the HTML
    poisoned = json.loads(json.dumps(labels))
    for e in poisoned["entries"]:
        e["release"], e["tie_ins"], e["awards"] = "1901-01", ["Poisoned Tie-in"], ["Poison Award"]
    for shape in SHAPES:
        assert render_shape(shape, text, poisoned) == render_shape(shape, text, labels), shape


def test_an_unknown_shape_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown HTML shape 'fancy'"):
        render_shape("fancy", "x", {"entries": []})


# --------------------------------------------------------------------------- the property


def _key(rec: dict[str, Any]) -> tuple[Any, ...]:
    return (
        rec.get("title"),
        rec.get("artist"),
        rec.get("rank"),
        rec.get("release"),
        tuple(t.get("text") for t in rec.get("tie_ins") or []),
        tuple(a.get("text") for a in rec.get("awards") or []),
        rec.get("is_new"),
    )


def _keys(content: str, url: str | None, text: str) -> list[tuple[Any, ...]]:
    """The records' keys, without a record for a line cut by the excerpt end.

    The page's last line, when cut, may be a cut heading or a cut sentence; the corpus scores
    neither (corpus/README.md), and a shape renders it as the text of the entry it ends.
    """
    lines = [ln for ln in text.splitlines() if ln.strip()]
    last = lines[-1] if lines else ""
    out = []
    for rec in parse_page(content, url=url).record_dicts():
        if is_cut_heading(rec.get("heading_raw") or "", last):
            continue
        out.append(_key(rec))
    return out


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("folder", TEXT_FIXTURES, ids=IDS)
def test_text_and_html_shape_give_equal_records(folder: Path, shape: str) -> None:
    text, labels, url = _load(folder)
    from_text = _keys(text, url, text)
    html = render_shape(shape, text, labels)
    from_html = _keys(html, url, text)
    assert from_text, f"{folder.name}: the text page itself gives no records"
    # Markup can only add evidence: where the HTML's two heading children give the labelled
    # title and artist and the text's own split missed them, the HTML is the better record.
    labelled = {(e.get("title"), e.get("artist")) for e in labels["entries"]}
    from_text = [
        h
        if len(t) == len(h) and t[2:] == h[2:] and t[:2] not in labelled and h[:2] in labelled
        else t
        for t, h in zip(from_text, from_html + [()] * len(from_text), strict=False)
    ]
    if from_html != from_text:
        n = next(
            (i for i, (a, b) in enumerate(zip(from_text, from_html, strict=False)) if a != b),
            min(len(from_text), len(from_html)),
        )
        want = from_text[n] if n < len(from_text) else None
        got = from_html[n] if n < len(from_html) else None
        pytest.fail(
            f"{folder.name} as {shape}: {len(from_html)} records from HTML, {len(from_text)} "
            f"from text; first difference at #{n + 1}: text {want} / html {got}"
        )


_RATIOS = (
    "found",
    "split",
    "release",
    "tie_in_precision",
    "tie_in_recall",
    "award_precision",
    "award_recall",
)


def _score(records: list[dict[str, Any]], labels: dict[str, Any], text: str) -> Tally:
    tally = Tally()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    score_page(labels, records, lines[-1] if lines else "", tally)
    return tally


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("folder", TEXT_FIXTURES, ids=IDS)
def test_every_shape_scores_as_well_as_the_text_rendering(folder: Path, shape: str) -> None:
    text, labels, url = _load(folder)
    base = _score(parse_page(text, url=url).record_dicts(), labels, text)
    html = render_shape(shape, text, labels)
    got = _score(parse_page(html, url=url).record_dicts(), labels, text)
    assert base.entries == got.entries and base.entries > 0
    worse = {
        k: (f"{100 * got.ratios()[k]:.1f}%", f"{100 * base.ratios()[k]:.1f}%")
        for k in _RATIOS
        if got.ratios()[k] + 1e-9 < base.ratios()[k]
    }
    if got.extra > base.extra:
        worse["extra"] = (str(got.extra), str(base.extra))
    assert not worse, f"{folder.name} as {shape} (html, text): {worse}; misses: " + "; ".join(
        f"{k}: {v[:2]}" for k, v in got.misses.items()
    )


def test_the_template_takes_the_title_after_the_site_headers_tagline() -> None:
    text = (
        "RAG MusicSinger\nWonderful singer/idol\nsearch\n\nIdol breakup songs\n\nIntro line.\n\n"
        "Idol breakup songs (1–10)\n\nWhite LoveSPEED\n\nReleased in October 1997.\n"
    )
    labels = {
        "url": "https://www.ragnet.co.jp/en-us/x",
        "entries": [{"heading": "White LoveSPEED"}],
    }
    root = lxml.html.document_fromstring(render_as_html(text, labels))
    assert root.findtext(".//h1") == "Idol breakup songs"
    assert "Wonderful singer/idol" not in root.text_content()
