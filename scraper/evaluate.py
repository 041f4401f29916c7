"""`songlists eval`: score the parser against a labelled corpus.

The scoring is the one the shared dev corpus documents (corpus/README.md): records are matched
to labelled entries by heading, only complete entries are scored, tie-ins and awards by
precision and recall with a one-to-one match, and records matching no label are "extra".
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parsers import parse_page
from parsers.page import InputError
from parsers.sites.urls import lang_of_url
from scraper.render_html import render_as_html

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def norm(text: str | None) -> str:
    """NFKC, whitespace collapsed, curly quotes straightened, case folded."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split()).casefold()


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

    def miss(self, kind: str, text: str) -> None:
        self.misses.setdefault(kind, []).append(text)

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


def score_page(
    labels: dict[str, Any], records: list[dict[str, Any]], last_line: str, tally: Tally
) -> None:
    entries = labels.get("entries", [])
    matched_records: set[int] = set()
    for label in entries:
        idx = next(
            (
                i
                for i, r in enumerate(records)
                if i not in matched_records and record_matches(r, label)
            ),
            None,
        )
        if idx is not None:
            matched_records.add(idx)
        if not label.get("complete"):
            continue
        tally.entries += 1
        where = f"{labels.get('file')}: {label['heading']!r}"
        gold_ties = label.get("tie_ins") or []
        gold_awards = label.get("awards") or []
        tally.tie_gold += len(gold_ties)
        tally.award_gold += len(gold_awards)
        if idx is None:
            tally.miss("found", where)
            continue
        rec = records[idx]
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
        tp = _match_facts(gold_ties, pred_ties)
        tally.tie_tp += tp
        tally.tie_pred += len(pred_ties)
        if tp < len(gold_ties) or tp < len(pred_ties):
            tally.miss(
                "tie-in",
                f"{where} -> {[t.get('text') for t in pred_ties]} want {gold_ties}",
            )
        pred_awards = rec.get("awards") or []
        atp = _match_facts(gold_awards, pred_awards)
        tally.award_tp += atp
        tally.award_pred += len(pred_awards)
        if atp < len(gold_awards) or atp < len(pred_awards):
            tally.miss(
                "award", f"{where} -> {[a.get('text') for a in pred_awards]} want {gold_awards}"
            )
    for i, rec in enumerate(records):
        if i in matched_records:
            continue
        if squash(rec.get("heading_raw", "")) and squash(last_line).startswith(
            squash(rec.get("heading_raw", ""))
        ):
            continue  # a heading cut by the excerpt end
        tally.extra += 1
        tally.miss("extra", f"{labels.get('file')}: {rec.get('heading_raw')!r}")


def evaluate(
    corpus: Path, lang: str = "en", gazetteer: Iterable[str] = (), *, as_html: bool = False
) -> Tally:
    """Score every labelled page of `corpus`; `as_html` first renders text pages as HTML."""
    labels_dir = corpus / "labels"
    pages_dir = corpus / "pages"
    if not labels_dir.is_dir():
        # fixture layout: <corpus>/<name>/{input.*, labels.json}
        return _evaluate_fixture_dirs(corpus, lang, gazetteer, as_html)
    tally = Tally()
    for label_path in sorted(labels_dir.glob("*.json")):
        labels = json.loads(label_path.read_text(encoding="utf-8"))
        url = labels.get("url")
        if lang != "all" and (lang_of_url(url) or "en") != lang:
            continue
        page_path = pages_dir / labels["file"]
        _score_file(page_path, url, labels, tally, gazetteer, as_html)
    return tally


def _evaluate_fixture_dirs(
    root: Path, lang: str, gazetteer: Iterable[str], as_html: bool = False
) -> Tally:
    tally = Tally()
    for label_path in sorted(root.glob("*/labels.json")):
        labels = json.loads(label_path.read_text(encoding="utf-8"))
        url = labels.get("url")
        if lang != "all" and (lang_of_url(url) or "en") != lang:
            continue
        inputs = sorted(label_path.parent.glob("input.*"))
        if inputs:
            _score_file(inputs[0], url, labels, tally, gazetteer, as_html)
    return tally


def _score_file(
    page_path: Path,
    url: str | None,
    labels: dict[str, Any],
    tally: Tally,
    gazetteer: Iterable[str],
    as_html: bool = False,
) -> None:
    tally.pages += 1
    try:
        content = page_path.read_bytes()
        text = content.decode("utf-8", "replace")
        if as_html and page_path.suffix == ".txt":
            content = render_as_html(text, labels).encode("utf-8")
        page = parse_page(content, url=url, gazetteer=gazetteer)
    except (OSError, InputError) as exc:
        tally.errors += 1
        tally.miss("error", f"{page_path.name}: {exc}")
        return
    lines = [ln for ln in text.splitlines() if ln.strip()]
    score_page(labels, page.record_dicts(), lines[-1] if lines else "", tally)
