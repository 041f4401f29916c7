"""The hand-off to the extraction worker alone: pages sent, a parse-sized reply back, no parse.

    python benchmarks/bench_handoff.py [--pages 2000] [--mode pipe|executor] [--with-text]

`pipe` is the crawl's worker (scraper.crawl.workers.WorkerPool: a socket the reactor reads
itself); `executor` a ProcessPoolExecutor of one spawned process awaited with
asyncio.wrap_future, as the crawl had it before (its manager and queue feeder threads).
`--with-text` sends the decoded text beside the body, as the crawl used to. Each call sends
a fixture page (8 in flight) and gets back four records the size of a real page's. Prints
the crawl side's CPU per call (all its threads: what competes with the reactor), the wall
time per call, and the worker's CPU over its whole life per call. Run the modes alternately:
the machine is noisy; within one mode the figures vary by about 10%.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def reply_of(*args: Any) -> dict[str, Any]:
    """A result the size of an article page's four songs."""
    url = args[-3]
    records = [
        {
            "entry_id": f"{url}#{i}",
            "title": "crescent moon",
            "artist": "Ayaka",
            "description": "x" * 800,
            "tie_ins": [{"text": "au’s “LISMO”", "kind": "commercial"}],
            "article": {"url": url, "lang": "en"},
        }
        for i in range(4)
    ]
    return {"error": None, "records": records, "warnings": [], "pagination": [], "related": []}


def noop(*args: Any) -> None:
    return None


def pages() -> list[bytes]:
    site = REPO / "fixtures" / "site" / "www.ragnet.co.jp" / "en-us"
    return [p.read_bytes() for p in sorted(site.rglob("*.html"))][:12]


Submit = Callable[..., Awaitable[Any]]


def channel(mode: str) -> tuple[Submit, Callable[[], None]]:
    if mode == "pipe":
        from scraper.crawl.workers import WorkerPool

        pool = WorkerPool(1, noop, ())
        return (lambda *a: pool.call(reply_of, *a)), pool.close
    executor = ProcessPoolExecutor(1, mp_context=get_context("spawn"))
    executor.submit(os.getpid).result()
    return (lambda *a: asyncio.wrap_future(executor.submit(reply_of, *a))), executor.shutdown


async def run(args: argparse.Namespace) -> None:
    bodies = pages()
    submit, close = channel(args.mode)
    await submit(b"x", "utf-8", "u", None, 0.0)  # started
    gate = asyncio.Semaphore(8)

    async def one(i: int) -> None:
        body = bodies[i % len(bodies)]
        text = (body.decode("utf-8", "replace"),) if args.with_text else ()
        async with gate:
            await submit(*text, body, "utf-8", f"https://x.test/{i}", None, 0.0)

    cpu, wall = time.process_time(), time.monotonic()
    await asyncio.gather(*(one(i) for i in range(args.pages)))
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    close()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    n = args.pages
    print(
        f"{args.mode}{' +text' if args.with_text else ''}: {n} calls, crawl side CPU"
        f" {1000 * cpu / n:.3f} ms/call, wall {1000 * wall / n:.3f} ms/call, worker"
        f" (whole life) {1000 * (kids.ru_utime + kids.ru_stime) / n:.3f} ms/call"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--mode", choices=("pipe", "executor"), default="pipe")
    ap.add_argument("--with-text", action="store_true")
    args = ap.parse_args()
    from twisted.internet import asyncioreactor

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    asyncioreactor.install(loop)
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred

    def start() -> None:
        done = Deferred.fromFuture(asyncio.ensure_future(run(args)))
        done.addErrback(lambda failure: print(failure.getTraceback(), file=sys.stderr))
        done.addBoth(lambda _: reactor.stop())  # type: ignore[attr-defined]

    reactor.callWhenRunning(start)  # type: ignore[attr-defined]
    reactor.run()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
