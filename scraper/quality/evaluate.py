"""`songlists eval`: score the parser against a labelled corpus.

The scoring is the one the shared dev corpus documents (corpus/README.md): records are matched
to labelled entries by heading, only complete entries are scored, tie-ins and awards by
precision and recall with a one-to-one match, and records matching no label are "extra".
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from parsers import parse_page
from parsers.errors import InputError
from parsers.sites.urls import lang_of_url
from parsers.textutil.normalise import straighten_quotes
from scraper.quality.renderings import RENDERINGS, render_text
from scraper.quality.shapes import SHAPES, render_shape


def norm(text: str | None) -> str:
    """NFKC, whitespace collapsed, curly quotes straightened, case folded."""
    if text is None:
        return ""
    return " ".join(straighten_quotes(unicodedata.normalize("NFKC", text)).split()).casefold()


def squash(text: str) -> str:
    text = norm(text).replace("new!", "")
    return re.sub(r"\s+", "", text)


def heading_keys(label: dict[str, Any]) -> set[str]:
    """The labelled heading, squashed, with and without the rank decorations around it."""
    heading = label["heading"]
    keys = {squash(heading)}
    if heading.lstrip().startswith("|"):
        cells = [c.strip() for c in heading.strip().strip("|").split("|")]
        if len(cells) >= 2:
            keys.add(squash(cells[1]))
    rank = label.get("rank")
    if rank is not None:
        h = re.sub(rf"^{rank}east", "", heading.strip())
        h = re.sub(rf"{rank}(rank/position|rank/posit\w*|ran\w*|位)$", "", h)
        keys.add(squash(h))
    return keys


@dataclass
class Tally:
    entries: int = 0
    found: int = 0
    split: int = 0
    release: int = 0
    tie_tp: int = 0
    tie_pred: int = 0
    tie_gold: int = 0
    award_tp: int = 0
    award_pred: int = 0
    award_gold: int = 0
    extra: int = 0
    pages: int = 0
    errors: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # one line per page skipped
    groups: dict[str, Tally] = field(default_factory=dict)  # `evaluate(by=...)`

    _COUNTS = (
        "entries found split release tie_tp tie_pred tie_gold award_tp award_pred award_gold "
        "extra pages errors"
    ).split()

    def miss(self, kind: str, text: str) -> None:
        self.misses.setdefault(kind, []).append(text)

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def add(self, other: Tally) -> None:
        """Add another tally's counts, misses and problems to this one (not its groups)."""
        for name in self._COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, items in other.misses.items():
            self.misses.setdefault(kind, []).extend(items)
        self.problems.extend(other.problems)

    def ratios(self) -> dict[str, float]:
        def r(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "found": r(self.found, self.entries),
            "split": r(self.split, self.entries),
            "release": r(self.release, self.entries),
            "tie_in_precision": r(self.tie_tp, self.tie_pred),
            "tie_in_recall": r(self.tie_tp, self.tie_gold),
            "award_precision": r(self.award_tp, self.award_pred),
            "award_recall": r(self.award_tp, self.award_gold),
        }

    def summary_line(self) -> str:
        x = self.ratios()

        def pct(v: float) -> str:
            return f"{100 * v:.1f}%"

        return (
            f"entries {self.entries} found {pct(x['found'])} split {pct(x['split'])} "
            f"release {pct(x['release'])} "
            f"tie-in P/R {pct(x['tie_in_precision'])}/{pct(x['tie_in_recall'])} "
            f"award P/R {pct(x['award_precision'])}/{pct(x['award_recall'])} extra {self.extra}"
        )


def _tie_text(t: dict[str, Any]) -> str:
    return norm(" ".join(str(v) for v in t.values() if isinstance(v, str)))


def _label_found(label: str, hay: str) -> bool:
    quoted = re.findall(r"[“\"«„『‘]([^”\"»“』’]+)[”\"»“』’]", label)
    needle = norm(quoted[0]) if quoted else norm(label)
    if needle and needle in hay:
        return True
    words = [w for w in re.findall(r"\w+", norm(label))]
    if not words:
        return False
    hay_words = set(re.findall(r"\w+", hay))
    return sum(w in hay_words for w in words) / len(words) >= 0.6


def _match_facts(gold: list[str], pred: list[dict[str, Any]]) -> int:
    """One-to-one matches between labelled strings and predicted facts (greedy, in order)."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and _label_found(g, _tie_text(p)):
                used.add(j)
                tp += 1
                break
    return tp


def record_matches(rec: dict[str, Any], label: dict[str, Any]) -> bool:
    title, artist = rec.get("title") or "", rec.get("artist") or ""
    keys = heading_keys(label)
    if squash(title + artist) in keys or squash(artist + title) in keys:
        return True
    return norm(title) == norm(label.get("title")) and norm(artist) == norm(label.get("artist"))


def acceptable_releases(label: dict[str, Any]) -> list[str | None]:
    """The label's `release` first, then its `release_alt` readings (LABELS.md)."""
    alts = label.get("release_alt") or []
    if isinstance(alts, str):
        alts = [alts]
    return [label.get("release"), *(a for a in alts if a != label.get("release"))]


def release_ok(got: str | None, label: dict[str, Any]) -> bool:
    """A record's release is right when it equals `release` or any of `release_alt`."""
    return got in acceptable_releases(label)


def _cut_key(text: str) -> str:
    return re.sub(r"^(\d{1,4})east", r"\1", squash(text).replace("play_arrow", ""))


def is_cut_heading(heading_raw: str, last_line: str) -> bool:
    """A record's heading lies within the page's last line: a heading cut by the excerpt end
    (or the song cell of a cut playlist row), which is not scored."""
    raw = _cut_key(heading_raw)
    return bool(raw) and raw in _cut_key(last_line)


def score_page(
    labels: dict[str, Any], records: list[dict[str, Any]], last_line: str, tally: Tally
) -> None:
    """Score a page's records against its labels: each complete entry, then the extra records
    (those matching no label, a heading cut by the excerpt end aside)."""
    entries = labels.get("entries", [])
    matched = _match_records(entries, records)
    for label, idx in zip(entries, matched, strict=True):
        if label.get("complete"):
            where = f"{labels.get('file')}: {label['heading']!r}"
            _score_entry(label, None if idx is None else records[idx], where, tally)
    taken = {i for i in matched if i is not None}
    for i, rec in enumerate(records):
        if i in taken or is_cut_heading(rec.get("heading_raw") or "", last_line):
            continue
        tally.extra += 1
        tally.miss("extra", f"{labels.get('file')}: {rec.get('heading_raw')!r}")


def _match_records(
    entries: list[dict[str, Any]], records: list[dict[str, Any]]
) -> list[int | None]:
    """Each label's record index: the first record not yet taken that matches it, or None."""
    taken: set[int] = set()
    out: list[int | None] = []
    for label in entries:
        idx = next(
            (i for i, r in enumerate(records) if i not in taken and record_matches(r, label)),
            None,
        )
        if idx is not None:
            taken.add(idx)
        out.append(idx)
    return out


def _score_entry(
    label: dict[str, Any], rec: dict[str, Any] | None, where: str, tally: Tally
) -> None:
    """A complete entry against its record (None: not found): split, release, tie-ins, awards."""
    gold_ties = label.get("tie_ins") or []
    gold_awards = label.get("awards") or []
    tally.entries += 1
    tally.tie_gold += len(gold_ties)
    tally.award_gold += len(gold_awards)
    if rec is None:
        tally.miss("found", where)
        return
    tally.found += 1
    if norm(rec.get("title")) == norm(label.get("title")) and norm(rec.get("artist")) == norm(
        label.get("artist")
    ):
        tally.split += 1
    else:
        tally.miss(
            "split",
            f"{where} -> {rec.get('title')!r} | {rec.get('artist')!r} "
            f"[{rec.get('split', {}).get('method')}] want {label.get('title')!r} | {label.get('artist')!r}",
        )
    if release_ok(rec.get("release"), label):
        tally.release += 1
    else:
        want = " or ".join(str(r) for r in acceptable_releases(label))
        tally.miss("release", f"{where} -> {rec.get('release')} want {want}")
    pred_ties = rec.get("tie_ins") or []
    tally.tie_tp += _score_facts("tie-in", gold_ties, pred_ties, where, tally)
    tally.tie_pred += len(pred_ties)
    pred_awards = rec.get("awards") or []
    tally.award_tp += _score_facts("award", gold_awards, pred_awards, where, tally)
    tally.award_pred += len(pred_awards)


def _score_facts(
    kind: str, gold: list[str], pred: list[dict[str, Any]], where: str, tally: Tally
) -> int:
    """The facts matched one-to-one; a miss of `kind` unless every gold and predicted one is."""
    tp = _match_facts(gold, pred)
    if tp < len(gold) or tp < len(pred):
        tally.miss(kind, f"{where} -> {[p.get('text') for p in pred]} want {gold}")
    return tp


EDITIONS = ("en", "ja", "ko", "fr", "de")
GROUPINGS = ("family", "kind")


def evaluate(
    corpus: Path,
    lang: str = "en",
    gazetteer: Iterable[str] = (),
    *,
    as_html: bool | str | None = False,
    as_text: str | None = None,
    by: str | None = None,
) -> Tally:
    """Score every labelled page of `corpus` (pages/ + labels/, or fixture folders).

    `as_html` first renders text pages as HTML: True (or "template") in our template, or the
    name of one of the shapes in `scraper.quality.shapes.SHAPES`. `as_text` instead re-renders
    them as text: the name of one of `scraper.quality.renderings.RENDERINGS` (the two cannot be
    combined: a ValueError, as for an unknown name). `by` ("family" or "kind")
    also fills `tally.groups` with one tally per article family or page kind. A labels file
    that cannot be read or a page that cannot be parsed is skipped and counted in
    `tally.errors`, with one line naming it in `tally.problems`.
    """
    render = _renderer(_shape_name(as_html), as_text)
    if lang != "all" and lang not in EDITIONS:
        raise ValueError(f"unknown edition {lang!r} (one of {', '.join(EDITIONS)}, all)")
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r} (one of {', '.join(GROUPINGS)})")
    tally = Tally()
    names = list(gazetteer)
    for label_path, page_path in _labelled_pages(corpus):
        labels = _load_labels(label_path, tally)
        if labels is None:
            continue
        url = labels.get("url")
        if lang != "all" and (lang_of_url(url) or "en") != lang:
            continue
        if page_path is None:
            page_path = corpus / "pages" / labels["file"]
        page_tally = Tally()
        text = _score_file(page_path, url, labels, page_tally, names, render)
        tally.add(page_tally)
        if by is not None:
            key = article_family(url) if by == "family" else page_kind(text or "", labels)
            tally.groups.setdefault(key, Tally()).add(page_tally)
    return tally


def _labelled_pages(corpus: Path) -> list[tuple[Path, Path | None]]:
    """(labels file, page) pairs; the page is None when the labels' `file` names it."""
    labels_dir = corpus / "labels"
    if labels_dir.is_dir():
        return [(p, None) for p in sorted(labels_dir.glob("*.json"))]
    # fixture layout: <corpus>/<name>/{input.*, labels.json}
    out: list[tuple[Path, Path | None]] = []
    for label_path in sorted(corpus.glob("*/labels.json")):
        inputs = sorted(label_path.parent.glob("input.*"))
        if inputs:
            out.append((label_path, inputs[0]))
    return out


def count_labelled_pages(corpus: Path) -> int:
    return len(_labelled_pages(corpus))


def _load_labels(path: Path, tally: Tally) -> dict[str, Any] | None:
    """The labels file, or None (counted as an error, with one line naming the file)."""
    try:
        labels = json.loads(path.read_text(encoding="utf-8"))
        problem = _labels_problem(labels, fixture=path.name == "labels.json")
    except OSError as exc:
        problem = f"cannot read: {exc.strerror or exc}"
    except UnicodeDecodeError:
        problem = "not UTF-8"
    except ValueError as exc:
        problem = f"not valid JSON ({exc})"
    if problem is None:
        return labels  # type: ignore[no-any-return]
    tally.pages += 1
    tally.errors += 1
    tally.problem(f"{path}: malformed labels file, page skipped: {problem}")
    return None


def _labels_problem(labels: Any, *, fixture: bool) -> str | None:
    if not isinstance(labels, dict):
        return "not a JSON object"
    if not fixture and not isinstance(labels.get("file"), str):
        return 'no "file" naming the page'
    if labels.get("url") is not None and not isinstance(labels.get("url"), str):
        return '"url" is not a string'
    entries = labels.get("entries")
    if not isinstance(entries, list):
        return 'no "entries" list'
    for n, e in enumerate(entries, 1):
        if not isinstance(e, dict) or not isinstance(e.get("heading"), str):
            return f'entry {n} has no "heading" string'
        for key in ("tie_ins", "awards"):
            if e.get(key) is not None and not isinstance(e.get(key), list):
                return f'entry {n}: "{key}" is not a list'
    return None


def _shape_name(as_html: bool | str | None) -> str | None:
    if as_html is True:
        return "template"
    if not as_html:
        return None
    if as_html not in SHAPES:
        raise ValueError(f"unknown HTML shape {as_html!r} (one of {', '.join(SHAPES)})")
    return as_html


Renderer = Callable[[str, dict[str, Any]], str]


def _renderer(shape: str | None, as_text: str | None) -> Renderer | None:
    """What a text page is rendered with before it is parsed: an HTML shape, a text rendering
    (`scraper.quality.renderings`) or nothing; a ValueError when both or an unknown name."""
    if as_text is None:
        return None if shape is None else partial(render_shape, shape)
    if shape is not None:
        raise ValueError("as_html and as_text cannot be combined: give one rendering")
    if as_text not in RENDERINGS:
        raise ValueError(f"unknown text rendering {as_text!r} (one of {', '.join(RENDERINGS)})")
    return partial(render_text, as_text)


def _score_file(
    page_path: Path,
    url: str | None,
    labels: dict[str, Any],
    tally: Tally,
    gazetteer: Iterable[str],
    render: Renderer | None = None,
) -> str | None:
    """Score one page into `tally` (a text page rendered with `render` first, when given);
    returns its text (None when it could not be read)."""
    tally.pages += 1
    text: str | None = None
    try:
        if page_path.is_dir():
            raise InputError("is a directory")
        content = page_path.read_bytes()
        text = content.decode("utf-8", "replace")
        if render is not None and page_path.suffix == ".txt":
            content = render(text, labels).encode("utf-8")
        page = parse_page(content, url=url, gazetteer=gazetteer)
    except FileNotFoundError:
        reason = "no such file"
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc}"
    except InputError as exc:
        reason = str(exc)
    else:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        score_page(labels, page.record_dicts(), lines[-1] if lines else "", tally)
        return text
    tally.errors += 1
    tally.miss("error", f"{page_path.name}: {reason}")
    tally.problem(f"{page_path}: unreadable page, not scored: {reason}")
    return text


# --------------------------------------------------------------------------- breakdowns

_EDITION_PREFIX_RE = re.compile(r"^[a-z]{2}-[a-z]{2}$")


def article_family(url: str | None) -> str:
    """The article's slug: `/en-us/cry-love-songs/5` and `/cry-love-songs` -> cry-love-songs."""
    if not url:
        return "(no url)"
    path = re.sub(r"^[a-z]+://[^/]+", "", url).split("?")[0].split("#")[0]
    parts = [p for p in path.split("/") if p]
    if parts and _EDITION_PREFIX_RE.match(parts[0]):
        parts = parts[1:]
    return parts[0] if parts else "(home)"


_ANIME_RE = re.compile(r"anime|アニメ|アニソン|애니", re.I)
_ALBUM_RE = re.compile(r"album|アルバム|앨범", re.I)


def page_kind(text: str, labels: dict[str, Any]) -> str:
    """The page's kind, from its text and labels.

    playlist: a playlist view (a `show_chart` table header, `1east`/bare-number rows or
    markdown table rows); ranking: the labels carry ranks and it is no playlist; album / anime:
    an album-feature or anime page (the article slug or the site header's category names it);
    compact / blank: an ordinary article page rendered without / with blank lines between
    its paragraphs.
    """
    entries = [e for e in labels.get("entries", []) if isinstance(e, dict)]
    headings = [str(e.get("heading", "")) for e in entries]
    ranked = [e for e in entries if e.get("rank") is not None]
    if "show_chart" in text or any(h.lstrip().startswith("|") for h in headings):
        return "playlist"
    if ranked and all(
        re.match(rf"\s*{int(e['rank'])}(?:east)?(?!\d)", str(e.get("heading", ""))) for e in ranked
    ):
        return "playlist"
    if ranked:
        return "ranking"
    lines = text.replace("\r\n", "\n").split("\n")
    header = " ".join(lines[:2]) if lines and lines[0].startswith("RAG Music") else ""
    slug = article_family(labels.get("url"))
    if _ALBUM_RE.search(slug) or _ALBUM_RE.search(header):
        return "album"
    if _ANIME_RE.search(slug) or _ANIME_RE.search(header):
        return "anime"
    body = [ln for ln in lines if ln.strip()]
    blanks = sum(1 for ln in lines if not ln.strip())
    return "blank" if blanks * 2 >= len(body) else "compact"
