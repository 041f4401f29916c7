"""Parse cost per entry as a page grows: ms/entry at 10, 100, 1,000 and 5,000 entries.

The pages come from `benchmarks/scale_pages.py` (the fixture entries, each with an artist of its
own) in three renderings: `text` (the corpus style), `plain` (the site's HTML template with
run-together headings) and `markup` (the template with title and artist spans). Each size is
parsed until at least --min-seconds of CPU time have gone by; the figure is CPU time (the
process's own, so that other jobs on a shared machine do not count) divided by the entries
parsed. The last line says how flat the cost is: the largest per-entry figure over the smallest,
across all sizes, for the worst of the three renderings (the goal: within 2×).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_pages  # noqa: E402

from parsers import parse_page  # noqa: E402


def ms_per_entry(body: str, n: int, min_seconds: float) -> float:
    gc.collect()
    parsed = 0
    start = time.process_time()
    while True:
        page = parse_page(body, scale_pages.URL)
        if len(page.records) != n:
            raise SystemExit(f"bench_scale: {len(page.records)} records parsed, {n} on the page")
        parsed += n
        spent = time.process_time() - start
        if spent >= min_seconds:
            return spent / parsed * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="10,100,1000,5000", help="entries per page, comma-separated")
    ap.add_argument("--kinds", default=",".join(scale_pages.KINDS))
    ap.add_argument("--min-seconds", type=float, default=1.0, help="CPU seconds per figure")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = args.kinds.split(",")
    for kind in kinds:  # warm the caches (word lists, tagger, regexes) before timing
        parse_page(scale_pages.page(kind, 10), scale_pages.URL)
    print("parse cost per entry (CPU ms/entry), pages of N entries from benchmarks/scale_pages.py")
    print(f"{'entries':8}" + "".join(f"{n:>9,}" for n in sizes) + f"{'max/min':>10}")
    worst = 0.0
    for kind in kinds:
        figures = [ms_per_entry(scale_pages.page(kind, n), n, args.min_seconds) for n in sizes]
        spread = max(figures) / min(figures)
        worst = max(worst, spread)
        cells = "".join(f"{f:9.2f}" for f in figures)
        print(f"{kind:8}{cells}{spread:9.2f}×", flush=True)
    print(f"scale/parse-cost-spread: {worst:.2f}× ({sizes[0]:,} to {sizes[-1]:,} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
