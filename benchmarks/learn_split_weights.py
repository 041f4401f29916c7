"""Learn the split scorers' weights from a labelled corpus, cross-validated by article family.

    python benchmarks/learn_split_weights.py ../shared/corpus [--folds 10] [--lang all]

Each labelled heading the parser splits from one string (not from markup) is captured with the
evidence its page gave it; every candidate boundary gets the scorers' unweighted values as its
features. A softmax over a heading's candidates is fitted by gradient descent (standard library
only), with the article families split into folds, so that no family is both learned from and
scored. The figure printed is the share of held-out headings whose best candidate is the
labelled title and artist, for the learned weights and for the weights in `SCORERS`, on the same
captured headings. Nothing here is asserted: it says whether the hand-set weights would lose to
weights the labels choose.
"""

from __future__ import annotations

import argparse
import json
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import parsers.split as split_module
from parsers import parse_page
from parsers.model import Split
from parsers.split.candidates import candidates
from parsers.split.evidence import SCORERS, Evidence, splittable_token
from scraper.quality.evaluate import article_family, norm, squash

NAMES = tuple(SCORERS)


@dataclass
class Heading:
    family: str
    features: list[list[float]]  # per candidate: scorer values, then a no-artist indicator
    gold: int  # index of the labelled candidate


def capture(corpus: Path, lang: str) -> list[Heading]:
    """Every labelled, complete heading the parser splits from one string, with its evidence."""
    out: list[Heading] = []
    seen: dict[str, Evidence] = {}
    real = split_module.split_core

    def spy(core: str, evidence: Evidence) -> Split:
        seen[core] = evidence  # the last pass's evidence is the one that decided
        return real(core, evidence)

    split_module.split_core = spy  # type: ignore[assignment]
    try:
        for path in sorted((corpus / "labels").glob("*.json")):
            labels = json.loads(path.read_text(encoding="utf-8"))
            url = labels.get("url")
            if lang != "all" and _lang(url) != lang:
                continue
            seen.clear()
            text = (corpus / "pages" / labels["file"]).read_text(encoding="utf-8")
            parse_page(text, url=url)
            for entry in labels["entries"]:
                heading = _heading(entry, seen, article_family(url))
                if heading is not None:
                    out.append(heading)
    finally:
        split_module.split_core = real  # type: ignore[assignment]
    return out


def _lang(url: str | None) -> str:
    from parsers.sites.urls import lang_of_url

    return lang_of_url(url) if url else "en"


def _heading(entry: dict[str, Any], seen: dict[str, Evidence], family: str) -> Heading | None:
    if not entry.get("complete"):
        return None
    title, artist = norm(entry["title"]), norm(entry["artist"])
    want = squash((entry["title"] or "") + (entry["artist"] or ""))
    for core, ev in seen.items():
        if squash(core) != want:
            continue
        lang = ev.lang if ev.lang in ("en", "fr", "de") else "en"
        cands = candidates(core, lambda token, lang=lang: splittable_token(token, lang))
        gold = [
            i for i, c in enumerate(cands) if norm(c.title) == title and norm(c.artist) == artist
        ]
        if not gold:
            return None  # the labelled split is no candidate: no weights can reach it
        feats = [
            [fn(c, core, ev) for fn, _ in SCORERS.values()] + [1.0 if c.no_artist else 0.0]
            for c in cands
        ]
        return Heading(family, feats, gold[0])
    return None


def accuracy(data: Sequence[Heading], w: Sequence[float]) -> float:
    if not data:
        return 0.0
    hits = 0
    for h in data:
        scores = [sum(wi * fi for wi, fi in zip(w, f, strict=True)) for f in h.features]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        hits += best == h.gold
    return hits / len(data)


def fit(data: Sequence[Heading], start: Sequence[float], epochs: int = 150) -> list[float]:
    """Softmax over each heading's candidates, L2 towards the hand weights, plain gradient."""
    w = list(start)
    rate, l2 = 0.05, 0.01
    for _ in range(epochs):
        grad = [l2 * (wi - si) for wi, si in zip(w, start, strict=True)]
        for h in data:
            scores = [sum(wi * fi for wi, fi in zip(w, f, strict=True)) for f in h.features]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            z = sum(exps)
            for f, e in zip(h.features, exps, strict=True):
                p = e / z
                for k, fk in enumerate(f):
                    grad[k] += p * fk / len(data)
            for k, fk in enumerate(h.features[h.gold]):
                grad[k] -= fk / len(data)
        w = [wi - rate * g for wi, g in zip(w, grad, strict=True)]
    return w


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--lang", default="all")
    args = ap.parse_args(argv)
    data = capture(args.corpus, args.lang)
    hand = [w for _, w in SCORERS.values()] + [0.0]
    fold_of = {h.family: zlib.crc32(h.family.encode()) % args.folds for h in data}
    families = len(fold_of)
    print(f"{len(data)} headings split from one string, {families} article families")
    learned_hits = hand_hits = 0
    for k in range(args.folds):
        train = [h for h in data if fold_of[h.family] != k]
        test = [h for h in data if fold_of[h.family] == k]
        w = fit(train, hand)
        learned_hits += round(accuracy(test, w) * len(test))
        hand_hits += round(accuracy(test, hand) * len(test))
    n = len(data)
    print(f"hand weights (SCORERS):  {100 * hand_hits / n:.1f}% of held-out headings")
    print(f"learned, {args.folds}-fold by family: {100 * learned_hits / n:.1f}%")
    w = fit(data, hand)
    print(
        "weights learned on all: "
        + ", ".join(
            f"{name} {wi:.2f}" for name, wi in zip((*NAMES, "no_artist bias"), w, strict=True)
        )
    )


if __name__ == "__main__":
    main()
