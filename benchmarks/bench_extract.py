"""Extraction speed: full parse_page per page against bare lxml.html.fromstring per page.

Both run in one process over the same pages (the HTML fixtures and the site copy, repeated to a
few hundred pages), interleaved round by round, so machine noise hits both alike. The ratio is
what counts; seconds are printed for context only.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from pathlib import Path

import lxml.html

from parsers import parse_page

REPO = Path(__file__).resolve().parent.parent


def load_pages() -> list[bytes]:
    # the article pages (those with hand labels beside them), not the error-case pages
    site = [
        p
        for p in REPO.glob("fixtures/site/www.*/**/*.html")
        if p.with_name(p.stem + ".labels.json").is_file()
    ]
    files = sorted(REPO.glob("fixtures/pages/*/input.html")) + sorted(site)
    return [f.read_bytes() for f in files]


def time_per_page(fn, pages: list[bytes]) -> float:  # type: ignore[no-untyped-def]
    gc.collect()
    start = time.perf_counter()
    for body in pages:
        fn(body)
    return (time.perf_counter() - start) / len(pages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=300, help="pages per round (default 300)")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    base = load_pages()
    pages = (base * (args.pages // len(base) + 1))[: args.pages]
    size = sum(map(len, pages)) / len(pages)
    for body in base:  # warm caches (wordfreq lists, regexes, dateparser) before timing
        parse_page(body)
    extract, bare = [], []
    for _ in range(args.rounds):
        bare.append(time_per_page(lxml.html.fromstring, pages))
        extract.append(time_per_page(parse_page, pages))
    e, b = statistics.median(extract), statistics.median(bare)
    print(f"pages: {len(pages)} per round x {args.rounds} rounds, mean size {size / 1024:.1f} KB")
    print(f"lxml.html.fromstring: {b * 1000:.3f} ms/page")
    print(f"parse_page (full extraction): {e * 1000:.3f} ms/page")
    print(f"extract/lxml-parse: {e / b:.2f}×")


if __name__ == "__main__":
    main()
