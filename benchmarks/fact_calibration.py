"""Is a fact's confidence worth filtering on? Accuracy of facts by confidence band.

    .venv/bin/python benchmarks/fact_calibration.py ../shared/corpus [--lang en|ja|all]

Every labelled, complete entry a record matches (as `songlists eval` matches them) gives its
facts: a non-null `release` is right when it equals the label (or a `release_alt`); a tie-in or
award is right when a labelled one is found in it (the eval's 60%-of-words rule). Each fact is
put in a band by its confidence (`release_confidence`, `tie_ins[].confidence`,
`awards[].confidence`) and the share right is printed per band.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from parsers.page import parse_page
from parsers.sites.urls import lang_of_url
from scraper.crawl import gazetteer
from scraper.quality.evaluate import (
    _label_found,
    _labelled_pages,
    _tie_text,
    record_matches,
    release_ok,
)

BANDS = ((0.8, 1.01, "≥ 0.8"), (0.5, 0.8, "0.5–0.8"), (0.0, 0.5, "< 0.5"))


def facts_of(corpus: Path, lang: str) -> dict[str, list[tuple[float, bool]]]:
    names = gazetteer.load()
    out: dict[str, list[tuple[float, bool]]] = {"release": [], "tie_in": [], "award": []}
    for label_path, page_path in _labelled_pages(corpus):
        labels = json.loads(label_path.read_text(encoding="utf-8"))
        url = labels.get("url")
        if lang != "all" and (lang_of_url(url) or "en") != lang:
            continue
        page_path = page_path or corpus / "pages" / labels["file"]
        records = parse_page(page_path.read_bytes(), url=url, gazetteer=names).record_dicts()
        for label in labels["entries"]:
            if not label.get("complete", True):
                continue
            rec = next((r for r in records if record_matches(r, label)), None)
            if rec is None:
                continue
            if rec["release"] is not None:
                out["release"].append(
                    (rec["release_confidence"], release_ok(rec["release"], label))
                )
            for kind, field in (("tie_in", "tie_ins"), ("award", "awards")):
                for fact in rec[field]:
                    hay = _tie_text(fact)
                    right = any(_label_found(g, hay) for g in label.get(field) or [])
                    out[kind].append((fact["confidence"], right))
    return out


def table(facts: dict[str, list[tuple[float, bool]]]) -> list[str]:
    lines = ["| fact | " + " | ".join(b[2] for b in BANDS) + " |", "| --- |" + " --- |" * 3]
    for kind, items in facts.items():
        cells = []
        for lo, hi, _ in BANDS:
            band = [ok for c, ok in items if lo <= c < hi]
            cells.append(f"{sum(band) / len(band):.1%} of {len(band)}" if band else "–")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--lang", default="en")
    args = ap.parse_args(argv)
    print("\n".join(table(facts_of(args.corpus, args.lang))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
