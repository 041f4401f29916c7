"""Distributed crawl throughput: 1 vs 2 worker processes sharing one Redis frontier, over loopback.

    python benchmarks/bench_redis.py [--pages 1000] [--both]

Builds the synthetic site of benchmarks/bench_crawl.py, serves it from a separate process
(scraper.devtools.localsite), starts a throwaway redis-server (no persistence) on a free loopback port,
then crawls the site twice with `songlists crawl --redis` (fresh caches, local politeness
settings): once with one worker, once with two workers started together, each run merged with
`songlists merge`. Throughput is pages of the merged run per second of wall time, from starting
the workers to the last one's exit (process start-up included, the same for both). Prints
`redis 2 workers/1 worker: N.NN` (their ratio, measured in one run). A worker is a crawler
process plus its parse process (SONGLISTS_PARSE_WORKERS=1), so on a 2-core machine one worker
already fills both cores and a second one cannot add throughput; `--both` also measures with
parsing inside the crawler process, where each worker needs one core. Skips, exit 0, when
redis-server is not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from bench_crawl import build_site, free_port  # noqa: E402

from scraper.devtools.redis_server import RedisServer  # noqa: E402


def run_workers(
    n: int, base: list[str], out: Path, redis_url: str, run_id: str
) -> tuple[float, dict[str, Any]]:
    cmd = [*base, "--output", str(out), "--redis", redis_url, "--run-id", run_id]
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [*cmd, "--cache-dir", str(out / f"cache-{i}")],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(n)
    ]
    errors = [p.communicate()[1] for p in procs]
    wall = time.monotonic() - started
    for p, err in zip(procs, errors, strict=True):
        if p.returncode != 0:
            raise RuntimeError(f"worker exit {p.returncode}: {err[-2000:]}")
    merged = subprocess.run(
        [sys.executable, "-m", "scraper.cli.merge", run_id, "--output", str(out), "--json"],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    if merged.returncode != 0:
        raise RuntimeError(f"merge exit {merged.returncode}: {merged.stderr[-2000:]}")
    summary: dict[str, Any] = json.loads(merged.stdout)
    return wall, summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument(
        "--both",
        action="store_true",
        help="also measure with parsing in the crawler process (SONGLISTS_PARSE_WORKERS=0)",
    )
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    if shutil.which("redis-server") is None:
        print("redis 2 workers/1 worker: skipped (redis-server not installed)")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="bench-redis-"))
    server: subprocess.Popen[str] | None = None
    try:
        build_site(tmp / "site", args.pages)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "scraper.devtools.localsite", "--root", str(tmp / "site"), "--port", str(port)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        time.sleep(0.8)
        base = [
            sys.executable, "-m", "scraper.cli.crawl", "--local", f"http://127.0.0.1:{port}",
            "--log-level", "WARNING", "--json",
        ]  # fmt: skip
        cores = os.cpu_count() or 1
        configs = [
            ("", []),  # the default: each worker is a crawler process + 1 parse process
            (", parsing in the crawler process", ["-s", "SONGLISTS_PARSE_WORKERS=0"]),
        ]
        with RedisServer() as redis:
            for label, extra in configs if args.both else configs[:1]:
                rates: dict[int, float] = {}
                for n in (1, 2):
                    run_id = f"bench-{len(label)}-{n}"
                    wall, summary = run_workers(
                        n, [*base, *extra], tmp / f"out-{run_id}", redis.url, run_id
                    )
                    pages = summary["pages"]["total"]
                    info = summary["distributed"]
                    rates[n] = pages / wall
                    split = ", ".join(str(v) for v in info["pages_by_worker"].values())
                    print(
                        f"redis{label}, {n} worker{'s' if n > 1 else ''}: {pages} pages"
                        f" ({split}), {summary['entries']} entries, {wall:.1f}s,"
                        f" {rates[n]:.1f} pages/s, fetched twice {info['pages_fetched_twice']}"
                    )
                print(
                    f"redis 2 workers/1 worker{label}: {rates[2] / rates[1]:.2f}"
                    f" ({cores} cores on this machine)",
                    flush=True,
                )
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
