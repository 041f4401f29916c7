"""kill -9 a crawl at random moments, resume each, and compare with the uninterrupted run.

    python benchmarks/crash_resume.py [--kills 20] [--pages 200] [--seed 1] [--delay 0.02]

Serves a site on 127.0.0.1 (the bundled `fixtures/site/`, or with `--pages N` the synthetic
site of benchmarks/bench_crawl.py), crawls it once without interruption, then, for each kill:
starts the same crawl with a fresh job, output and cache directory, sends SIGKILL at a random
moment of its run (uniform over the first 60% of the uninterrupted run's duration, so that
most kills land inside the run on a busy machine too), reruns the same command until it
finishes, and compares the final JSONL with the uninterrupted run's, byte for byte.
Prints one line per kill and `crash-resume: N/N identical`; exits 1 when one differs.
`tests/integration/test_crash_resume.py` runs 5 kills on the bundled site in `make test`.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scraper.devtools.compare import songs_bytes  # noqa: E402
from scraper.devtools.localsite import FIXTURE_SITE, LocalSite  # noqa: E402

# kills fall in this share of the uninterrupted run (a faster rerun could end before a later one)
KILL_WITHIN = 0.6


def crawl_cmd(site: LocalSite, work: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "scraper.cli.crawl", "--local", site.base_url,
        "--output", str(work / "out"), "--cache-dir", str(work / "cache"),
        "--jobdir", str(work / "job"), "--json", "--log-level", "WARNING", *extra,
    ]  # fmt: skip


def finish(cmd: list[str], attempts: int = 5) -> dict[str, Any]:
    """Run the crawl until it finishes (a resume after a kill may itself be the last run)."""
    for _ in range(attempts):
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600)
        if proc.returncode in (0, 2):
            summary: dict[str, Any] = json.loads(proc.stdout)
            return summary
        if proc.returncode != 4:
            raise RuntimeError(f"crawl exit {proc.returncode}: {proc.stderr[-2000:]}")
    raise RuntimeError(f"no finished run after {attempts} attempts")


def trial(site: LocalSite, work: Path, at: float) -> tuple[bytes, str]:
    """One crawl killed `at` seconds after its start, then resumed to the end."""
    cmd = crawl_cmd(site, work)
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + at
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        ledger = work / "job" / "songlists" / "ledger.jsonl"
        done = ledger.read_bytes().count(b"\n") if ledger.exists() else 0
        how = f"killed at {at:5.2f}s ({done} pages in the ledger)"
    else:
        how = f"finished before {at:5.2f}s"
    summary = finish(cmd)
    return songs_bytes(Path(summary["files"]["jsonl"])), how


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--pages", type=int, default=0, help="synthetic site of N pages (0: bundled)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--delay", type=float, default=0.02, help="seconds before each response")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="crash-resume-"))
    try:
        root = FIXTURE_SITE
        if args.pages:
            from benchmarks.bench_crawl import build_site

            root = tmp / "site"
            build_site(root, args.pages)
        with LocalSite(root, delay=args.delay) as site:
            started = time.monotonic()
            reference = finish(crawl_cmd(site, tmp / "reference"))
            took = time.monotonic() - started
            want = songs_bytes(Path(reference["files"]["jsonl"]))
            print(
                f"uninterrupted: {reference['entries']} records, {reference['pages']['total']}"
                f" pages, {took:.1f}s",
                flush=True,
            )
            same = 0
            for i in range(args.kills):
                got, how = trial(site, tmp / f"kill-{i:02d}", rng.uniform(0.0, KILL_WITHIN * took))
                ok = got == want
                same += ok
                print(f"kill {i + 1:2d}: {how}: {'identical' if ok else 'DIFFERENT'}", flush=True)
        print(f"crash-resume: {same}/{args.kills} identical to the uninterrupted run")
        return 0 if same == args.kills else 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
