"""Where a crawl's time goes, per stage, from py-spy's collapsed stacks.

    python benchmarks/bench_crawl.py --pages 2000 --profile /tmp/crawl.prof
    python benchmarks/profile_stages.py /tmp/crawl.prof

Samples of the crawl process and of its extraction workers are counted apart, and within each
process the main thread apart from the others. A non-main thread's stack starts (after py-spy's
`process N:"cmd"` frames) with `Thread._bootstrap (threading.py:N)`; the crawl process's other
threads are Twisted's thread pool (and, in profiles of crawls before the socket-fed worker,
ProcessPoolExecutor's manager thread and the multiprocessing queue's feeder thread), the
worker's is its watchdog (scraper.crawl.workers). The hand-off to and from the worker
(scraper/crawl/workers.py's framing and socket reads) counts as pickling.

The main thread's samples are put in the first stage (in the order of STAGES) that one of their
frames belongs to, read from the leaf up, so that a cache write inside a pipeline counts as the
cache's; the figures are shares of the main thread's samples. The crawl process's main thread
is the reactor: it is the one that limits the crawl. The other threads get one line: their
samples per thread, as shares of the whole process's samples, and how many of them were
blocked in a wait (select, Condition.wait, sleep). py-spy skips the samples it sees as idle
(no --idle), but its idle test is a heuristic: `idle` below is the event loop in select all
the same. docs/performance.md has the breakdown this printed.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
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
            r"|scraper/crawl/workers\.py"
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
# (thread, the first frame below threading.py's own matches this); else "other".
THREADS: list[tuple[str, re.Pattern[str]]] = [
    ("executor manager", re.compile(r"concurrent/futures/process\.py")),
    ("queue feeder", re.compile(r"multiprocessing/queues\.py")),
    ("Twisted thread pool", re.compile(r"twisted/")),
    ("watchdog", re.compile(r"scraper/crawl/workers\.py")),
]
MAIN = "main"
_PROCESS = re.compile(r'process \d+:"[^"]*";?')  # a command line may hold ";"
# Python 3.11+ frames carry the qualified name (Thread._bootstrap), older ones the bare name.
_BOOTSTRAP = re.compile(r"^(Thread\.)?_bootstrap \(threading\.py:\d+\)$")
# A leaf frame that is a blocking wait: selectors' select, Condition.wait, multiprocessing's
# connection.wait, and the watchdog's sleep (time.sleep is C, so its frame is the leaf).
_WAITING = re.compile(r"^([\w<>]+\.)*(select|wait) \(|^_watchdog \(")
_LABELS = {
    "crawl": "main thread (the reactor: the one that limits the crawl)",
    "worker": "main thread (parsing)",
}


@dataclass
class ProcessSamples:
    """One kind of process's samples: its main thread's per stage, its other threads'."""

    main: Counter[str] = field(default_factory=Counter)  # stage -> samples
    threads: Counter[str] = field(default_factory=Counter)  # thread -> samples
    waiting: Counter[str] = field(default_factory=Counter)  # thread -> samples in a wait

    def total(self) -> int:
        return sum(self.main.values()) + sum(self.threads.values())


def classify(frames: list[str]) -> str:
    for frame in reversed(frames):
        for stage, pattern in STAGES:
            if pattern.search(frame):
                return stage
    return "other"


def thread_of(frames: list[str]) -> str:
    """`MAIN`, or which other thread a stack (code frames, root first) is of."""
    if not frames or not _BOOTSTRAP.match(frames[0]):
        return MAIN
    for frame in frames[1:]:
        if "(threading.py:" in frame:
            continue
        return next((name for name, pattern in THREADS if pattern.search(frame)), "other")
    return "other"


def read(path: Path) -> dict[str, ProcessSamples]:
    """Samples per process kind ('crawl', 'worker'): per stage (main thread), per thread."""
    out = {"crawl": ProcessSamples(), "worker": ProcessSamples()}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = out["worker" if len(_PROCESS.findall(stack)) > 1 else "crawl"]
        code = [f for f in _PROCESS.sub("", stack).split(";") if f]
        thread = thread_of(code)
        if thread == MAIN:
            samples.main[classify(code) if code else "idle (event loop waiting)"] += int(count)
            continue
        samples.threads[thread] += int(count)
        if _WAITING.search(code[-1]):
            samples.waiting[thread] += int(count)
    return out


def report(kind: str, samples: ProcessSamples) -> list[str]:
    """The lines printed for one kind of process (none if it has no samples)."""
    total = samples.total()
    if not total:
        return []
    main = sum(samples.main.values())
    lines = [f"{kind} process ({total} samples)"]
    lines.append(f"  {_LABELS.get(kind, 'main thread')}: {main} samples ({main / total:.1%})")
    lines += [f"    {stage:34s} {n / main:6.1%}" for stage, n in samples.main.most_common()]
    others = total - main
    if others:
        each = ", ".join(f"{t} {n / total:.1%}" for t, n in samples.threads.most_common())
        waiting = sum(samples.waiting.values()) / others
        lines.append(
            f"  other threads: {others} samples ({others / total:.1%} of the process's): {each};"
            f" {waiting:.0%} of them blocked in a wait (select, Condition.wait, sleep)"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("profile", type=Path, help="py-spy --format raw output")
    args = ap.parse_args(argv)
    try:
        by_kind = read(args.profile)
    except OSError as exc:
        print(f"profile_stages: {args.profile}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for kind, samples in by_kind.items():
        for line in report(kind, samples):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
