"""Where a crawl's time goes, per stage, from py-spy's collapsed stacks.

    python benchmarks/bench_crawl.py --pages 2000 --profile /tmp/crawl.prof
    python benchmarks/profile_stages.py /tmp/crawl.prof

Each sample is put in the first stage (in the order of STAGES) that one of its frames belongs
to, read from the leaf up, so that a cache write inside a pipeline counts as the cache's.
Samples of the crawl process and of its extraction workers are counted apart; the figures are
shares of each process's samples (py-spy samples idle time too: `idle` is the event loop
waiting). docs/performance.md has the breakdown this printed.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

# (stage, a frame's file or function matches this); the first match from the leaf decides.
STAGES: list[tuple[str, re.Pattern[str]]] = [
    (
        "idle (event loop waiting)",
        re.compile(r"\((selectors|asyncio/base_events)\.py:\d+\)$|select "),
    ),
    ("HTTP cache", re.compile(r"httpcache\.py|gzip\.py|zlib")),
    ("extraction cache", re.compile(r"extractcache\.py")),
    ("JSON Schema validation", re.compile(r"jsonschema|fastjsonschema|<string>")),
    ("ledger", re.compile(r"scraper/run/ledger\.py")),
    (
        "pickling to and from the worker",
        re.compile(
            r"pickle|multiprocessing/(connection|queues)|_ForkingPickler|concurrent/futures/process"
        ),
    ),
    ("extraction (parsers)", re.compile(r"parsers/")),
    ("pipelines", re.compile(r"scraper/crawl/pipelines\.py|itemadapter")),
    (
        "spider and navigation",
        re.compile(r"scraper/spiders/|scraper/crawl/(navigation|extract)\.py"),
    ),
    ("logging", re.compile(r"logging/__init__\.py")),
    ("Scrapy middlewares and engine", re.compile(r"scrapy/|scraper/crawl/middlewares\.py")),
    ("HTTP client (Twisted)", re.compile(r"twisted/")),
]
_PROCESS = re.compile(r'process \d+:"[^"]*";?')  # a command line may hold ";"


def classify(frames: list[str]) -> str:
    for frame in reversed(frames):
        for stage, pattern in STAGES:
            if pattern.search(frame):
                return stage
    return "other"


def read(path: Path) -> dict[str, Counter[str]]:
    """Samples per process kind ('crawl', 'worker') and stage."""
    out: dict[str, Counter[str]] = {"crawl": Counter(), "worker": Counter()}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        kind = "worker" if len(_PROCESS.findall(stack)) > 1 else "crawl"
        code = [f for f in _PROCESS.sub("", stack).split(";") if f]
        out[kind][classify(code) if code else "idle (event loop waiting)"] += int(count)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("profile", type=Path, help="py-spy --format raw output")
    args = ap.parse_args(argv)
    try:
        by_kind = read(args.profile)
    except OSError as exc:
        print(f"profile_stages: {args.profile}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for kind, stages in by_kind.items():
        total = sum(stages.values())
        if not total:
            continue
        print(f"{kind} process ({total} samples)")
        for stage, n in stages.most_common():
            print(f"  {stage:34s} {n / total:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
