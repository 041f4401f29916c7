"""Crawl throughput over loopback: the real spider against a spider that only downloads.

    python benchmarks/bench_crawl.py [--pages 5000]

Builds a synthetic copy of the site (the fixture articles repeated under new slugs, an index
page listing them), serves it from a separate process (scraper.devtools.localsite), then runs, with the
same settings and fresh caches:

  1. the real crawl (`scraper.cli.crawl`, spider ragmusic: parse, pipelines, ledger, JSONL);
  2. the download-only spider over the same URLs.

Prints pages per second of each, `crawl/download-only: N.NN` (their ratio; goal >= 0.85), and
the crawl's resident memory at 1,000 / 2,500 / 5,000 pages and its peak (goal < 250 MB, flat).

Then the CPU (user + sys) of each run's process tree per page: the crawl's main process and its
extraction workers apart, the local site's server and this bench beside them (they share the
cores). Over the crawl's steady window (10% to 90% of its pages, read from its ledger: no
start-up, no shutdown) it prints the CPU per page and how many of the cores were busy, and the
bound this puts on the crawl: with C cores it cannot go faster than C / (CPU per page of the
crawl's tree, the server and the bench) pages/s, so the ratio cannot exceed that over
download-only's pages/s (nor 1). Under --profile py-spy's own CPU is in the crawl's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "fixtures" / "site" / "www.ragnet.co.jp"
TEMPLATES = {
    "karaoke-songs-for-40s": 2,
    "moving-anime-songs": 2,
    "ranking-popular-heartbreak-songs": 3,
    "tearful-love-songs": 3,
}
_RELATED = re.compile(r"<aside class=\"p-related\">.*?</aside>", re.S)
_STATS = re.compile(r"'(elapsed_time_seconds|downloader/response_count|memusage/max)': ([0-9.]+)")
_TICK = os.sysconf("SC_CLK_TCK")  # /proc/PID/stat's unit of CPU time
SPY = Path(sys.executable).with_name("py-spy")


def build_site(root: Path, pages: int) -> list[str]:
    """Write a site of about `pages` article pages; return the URLs to download."""
    host = root / "www.ragnet.co.jp"
    (host / "en-us").mkdir(parents=True)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /search\n")
    texts = {
        (slug, p): _RELATED.sub(
            "", (SITE / "en-us" / (f"{slug}.html" if p == 1 else f"{slug}/{p}.html")).read_text()
        )
        for slug, n in TEMPLATES.items()
        for p in range(1, n + 1)
    }
    urls: list[str] = []
    firsts: list[str] = []
    i = 0
    while len(urls) < pages:
        tslug, n = list(TEMPLATES.items())[i % len(TEMPLATES)]
        slug = f"bench{i:05d}-{tslug}"
        (host / "en-us" / slug).mkdir()
        for p in range(1, n + 1):
            html = texts[(tslug, p)].replace(f"/en-us/{tslug}", f"/en-us/{slug}")
            path = host / "en-us" / (f"{slug}.html" if p == 1 else f"{slug}/{p}.html")
            path.write_text(html)
            urls.append(f"https://www.ragnet.co.jp/en-us/{slug}" + (f"/{p}" if p > 1 else ""))
        firsts.append(slug)
        i += 1
    links = "\n".join(f'<li><a href="/en-us/{s}">{s}</a></li>' for s in firsts)
    (host / "en-us" / "index.html").write_text(
        f"<!DOCTYPE html><html lang=en><body><main><ul>{links}</ul></main></body></html>"
    )
    return ["https://www.ragnet.co.jp/en-us/", *urls]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def proc_times(pid: int) -> tuple[int, float, float]:
    """(ppid, own CPU seconds of all its threads, CPU seconds of its reaped children) of `pid`,
    user + sys, from /proc/PID/stat; a zombie's still holds them until it is reaped."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    f = stat[stat.rindex(")") + 2 :].split()  # f[0] is field 3 (state); the name may hold ")"
    return int(f[1]), (int(f[11]) + int(f[12])) / _TICK, (int(f[13]) + int(f[14])) / _TICK


def tree_cpu(pid: int) -> tuple[float, dict[int, float]]:
    """CPU seconds so far of `pid`'s process tree, and of each live child's subtree: each live
    process's own time plus its reaped children's (a reaped process's time is in its parent's),
    from one scan of /proc."""
    procs: dict[int, tuple[int, float]] = {}  # pid -> (ppid, own + reaped children's CPU)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid, own, reaped = proc_times(int(entry))
            except (OSError, ValueError, IndexError):
                continue
            procs[int(entry)] = (ppid, own + reaped)
    kids: dict[int, list[int]] = {}
    for child, (ppid, _) in procs.items():
        kids.setdefault(ppid, []).append(child)

    def subtree(p: int) -> float:
        return procs.get(p, (0, 0.0))[1] + sum(subtree(k) for k in kids.get(p, []))

    children = {k: subtree(k) for k in kids.get(pid, [])}
    return procs.get(pid, (0, 0.0))[1] + sum(children.values()), children


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Cpu:
    """CPU seconds (user + sys) a run's process tree used, start-up and shutdown included.

    `tree` is the RUSAGE_CHILDREN delta around the run: the run's process plus every descendant
    a parent waited for. The crawl shuts its pool down with wait=True, so its workers are
    reaped and their time is in there; `own` and `children` split it, read from the run's
    process's /proc stat while it is a zombie (waited for with WNOWAIT, before Popen reaps it).
    `unreaped` is what its children were last seen to have used beyond what its reaped
    children's time holds: 0 when the workers were reaped, else a lower bound of their CPU
    that RUSAGE_CHILDREN misses (a child that outlives its parent is reaped by init).

    Why RUSAGE_CHILDREN rather than summing /proc stats of the tree while it runs: polling sees
    each process only until its last poll (up to half a second of a worker's time lost at the
    end, and all of a short-lived process's), while the kernel adds a reaped process's whole
    time, its own reaped children's included, to its parent's exactly. /proc is kept for what
    the kernel cannot give after the fact: the split, the steady window and the check above.
    """

    tree: float = 0.0
    own: float = 0.0
    children: float = 0.0
    unreaped: float = 0.0

    @property
    def total(self) -> float:
        return self.tree + self.unreaped


@dataclass
class Snapshot:
    """A moment of a crawl: pages in its ledger, CPU seconds used so far by its process tree
    (own + reaped children + live children) and by what shares its cores (server, bench)."""

    at: float
    pages: int
    tree: float
    side: float


class LedgerLines:
    """Lines (finished pages) of the crawl's ledger so far, reading only what was appended."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path: Path | None = None
        self.offset = 0
        self.count = 0

    def __call__(self) -> int:
        if self.path is None:
            found = list(self.folder.glob(".*.work/ledger.jsonl"))
            if not found:
                return 0
            self.path = found[0]
        try:
            with self.path.open("rb") as f:
                f.seek(self.offset)
                chunk = f.read()
        except OSError:  # moved into place at the end of the run
            return self.count
        self.offset += len(chunk)
        self.count += chunk.count(b"\n")
        return self.count


class Watcher:
    """Polls a run until it exits (left a zombie): its RSS, its children's CPU as last seen,
    and, with a ledger, snapshots at 10% and 90% of `expect` pages (the steady window)."""

    def __init__(self, pid: int, server: int, ledger: Path | None, expect: int) -> None:
        self.pid, self.server = pid, server
        self.ledger = LedgerLines(ledger) if ledger is not None else None
        self.marks = [max(1, expect // 10), max(2, expect * 9 // 10)]
        self.rss: dict[int, float] = {}
        self.peak = 0.0
        self.seen: dict[int, float] = {}  # child pid -> its CPU seconds when last seen
        self.window: list[Snapshot] = []

    def snapshot(self, pages: int) -> Snapshot:
        tree, children = tree_cpu(self.pid)
        self.seen.update(children)
        side = proc_times(self.server)[1] + time.process_time()
        return Snapshot(time.monotonic(), pages, tree, side)

    def poll(self, tick: int) -> None:
        mb = rss_mb(self.pid)
        done = self.ledger() if self.ledger is not None and mb else 0
        if mb:
            self.peak = max(self.peak, mb)
            for mark in (1000, 2500, 5000):
                if done >= mark and mark not in self.rss:
                    self.rss[mark] = mb
        if (
            self.ledger is not None
            and len(self.window) < 2
            and done >= self.marks[len(self.window)]
        ):
            self.window.append(self.snapshot(done))
        elif tick % 5 == 0:  # a /proc scan costs ~2 ms of this process's CPU: twice a second
            self.seen.update(tree_cpu(self.pid)[1])

    def until_exit(self) -> Cpu:
        tick = 0
        while os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
            self.poll(tick)
            tick += 1
            time.sleep(0.1)
        _, own, reaped = proc_times(self.pid)
        return Cpu(own=own, children=reaped, unreaped=max(0.0, sum(self.seen.values()) - reaped))


def run(cmd: list[str], server: int, ledger: Path | None = None, expect: int = 0) -> dict[str, Any]:
    """Run a crawl subprocess; return its Scrapy stats, RSS samples at page counts, the CPU its
    process tree used and the CPU the local site's server (pid `server`) and this process
    used meanwhile (they compete for the same cores), and the steady window's snapshots."""
    before = (children_cpu_seconds(), proc_times(server)[1], time.process_time())
    wall = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    watcher = Watcher(proc.pid, server, ledger, expect)
    cpu = watcher.until_exit()
    wall = time.monotonic() - wall
    out, err = proc.communicate()  # reaps it: its tree's time moves into RUSAGE_CHILDREN
    cpu.tree = children_cpu_seconds() - before[0]
    return {
        "rc": proc.returncode,
        "stats": {k: float(v) for k, v in _STATS.findall(err)},
        "peak_mb": watcher.peak,
        "rss": watcher.rss,
        "cpu": cpu,
        "window": watcher.window,
        "wall": wall,
        "server_cpu": proc_times(server)[1] - before[1],
        "bench_cpu": time.process_time() - before[2],
        "out": out,
        "err": err,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument(
        "--profile",
        metavar="FILE",
        help="sample the crawl (its worker processes too) with py-spy into FILE, collapsed"
        " stacks; benchmarks/profile_stages.py reads them (docs/performance.md)",
    )
    return ap.parse_args(argv)


def crawl_commands(tmp: Path, port: int, profile: str | None) -> tuple[list[str], list[str]]:
    """The real crawl's command (under py-spy with --profile) and the download-only one."""
    base = [
        sys.executable, "-m", "scraper.cli.crawl", "--local", f"http://127.0.0.1:{port}",
        "--log-level", "INFO", "--json",
    ]  # fmt: skip
    spy = [str(SPY), "record", "--subprocesses", "--format", "raw", "--rate", "200"]
    profiler = [*spy, "-o", profile, "--"] if profile else []
    crawl = [
        *profiler,
        *base,
        "--output",
        str(tmp / "out"),
        "--cache-dir",
        str(tmp / "cache-crawl"),
    ]
    dl = [
        *base, "--spider", "download_only", "-a", f"urls_file={tmp / 'urls.txt'}",
        "--output", str(tmp / "out-dl"), "--cache-dir", str(tmp / "cache-dl"),
        "--min-entries", "0", "--min-title-coverage", "0", "--min-artist-coverage", "0",
    ]  # fmt: skip
    return crawl, dl


def _ms(seconds: float, pages: float) -> str:
    return f"{1000 * seconds / pages:.2f} ms/page"


def steady(crawl: dict[str, Any]) -> tuple[float, float, float, str]:
    """The crawl's CPU seconds per page (its tree; the server and this bench), its pages/s and
    where they were measured: between the 10% and 90% snapshots (no start-up, no shutdown),
    else over the whole run."""
    w: list[Snapshot] = crawl["window"]
    if len(w) == 2 and w[1].pages > w[0].pages and w[1].at > w[0].at:
        n = w[1].pages - w[0].pages
        where = f"pages {w[0].pages} to {w[1].pages}"
        return (
            (w[1].tree - w[0].tree) / n,
            (w[1].side - w[0].side) / n,
            n / (w[1].at - w[0].at),
            where,
        )
    pages = crawl["stats"].get("downloader/response_count", 0.0) or 1.0
    side = crawl["server_cpu"] + crawl["bench_cpu"]
    pps = pages / crawl["stats"]["elapsed_time_seconds"]
    return crawl["cpu"].total / pages, side / pages, pps, "whole run, start-up included"


def print_cpu(crawl: dict[str, Any], dl: dict[str, Any], profiled: bool) -> None:
    """CPU per page of each run (whole run, so start-up included), and what shares the cores."""
    c_pages = crawl["stats"].get("downloader/response_count", 0.0) or 1.0
    d_pages = dl["stats"].get("downloader/response_count", 0.0) or 1.0
    c_cpu, d_cpu = crawl["cpu"], dl["cpu"]
    top, under = (
        ("py-spy", "the crawl and its workers") if profiled else ("main process", "workers")
    )
    lost = (
        f"; unreaped children: at least {_ms(c_cpu.unreaped, c_pages)} more"
        if c_cpu.unreaped
        else ""
    )
    print(
        f"crawl CPU: {_ms(c_cpu.total, c_pages)} (user+sys of its process tree over the whole"
        f" run; {top} {_ms(c_cpu.own, c_pages)}, {under} {_ms(c_cpu.children, c_pages)}{lost})"
    )
    print(
        f"download-only CPU: {_ms(d_cpu.total, d_pages)} (main process {_ms(d_cpu.own, d_pages)})"
    )
    print(
        f"busy over their wall times: crawl's {top} {c_cpu.own / crawl['wall']:.0%} of a core,"
        f" {under} {c_cpu.children / crawl['wall']:.0%};"
        f" download-only's {d_cpu.total / dl['wall']:.0%}"
    )
    print(
        f"on the same cores: local site server {_ms(crawl['server_cpu'], c_pages)} in the crawl"
        f" ({_ms(dl['server_cpu'], d_pages)} in download-only), this bench's polling"
        f" {_ms(crawl['bench_cpu'], c_pages)} ({_ms(dl['bench_cpu'], d_pages)})"
    )


def print_bound(crawl: dict[str, Any], dl: dict[str, Any], profiled: bool) -> None:
    """The speed this machine's cores allow the crawl, and so the ratio: with C cores the crawl
    cannot do more than C / (CPU per page of its tree + of the server and bench beside it)."""
    tree, side, pps, where = steady(crawl)
    d_pps = dl["stats"].get("downloader/response_count", 0.0) / dl["stats"]["elapsed_time_seconds"]
    cores = os.cpu_count() or 1
    cap = cores / (tree + side)
    print(
        f"crawl steady ({where}): {pps:.1f} pages/s, CPU {_ms(tree, 1)} (tree)"
        f" + {_ms(side, 1)} (server + bench) = {(tree + side) * pps:.2f} of {cores} cores busy"
        + (" (py-spy's CPU included)" if profiled else "")
    )
    print(
        f"CPU bound with {cores} cores: crawl <= {cap:.0f} pages/s; ratio <= {min(1.0, cap / d_pps):.2f}"
        f" (that / download-only's {d_pps:.1f} pages/s, at most 1)"
    )


def print_results(crawl: dict[str, Any], dl: dict[str, Any], summary: dict[str, Any]) -> None:
    c_pages = crawl["stats"].get("downloader/response_count", 0.0)
    d_pages = dl["stats"].get("downloader/response_count", 0.0)
    c_pps = c_pages / crawl["stats"]["elapsed_time_seconds"]
    d_pps = d_pages / dl["stats"]["elapsed_time_seconds"]
    print(f"crawl: {int(c_pages)} responses, {summary['entries']} entries, {c_pps:.1f} pages/s")
    print(f"download-only: {int(d_pages)} responses, {d_pps:.1f} pages/s")
    print(f"crawl/download-only: {c_pps / d_pps:.2f}")
    rss = ", ".join(f"{k} pages {v:.0f} MB" for k, v in sorted(crawl["rss"].items()))
    print(
        f"crawl RSS: {rss or 'n/a'}; peak {crawl['peak_mb']:.0f} MB (download-only peak {dl['peak_mb']:.0f} MB)"
    )


def bench(tmp: Path, args: argparse.Namespace) -> int:
    urls = build_site(tmp / "site", args.pages)
    (tmp / "urls.txt").write_text("\n".join(urls) + "\n")
    port = free_port()
    # The site is served by its own process (a ThreadingHTTPServer), not by this one: its CPU
    # is read from its /proc stat around each run, since it is reaped only at the end.
    server = subprocess.Popen(
        [sys.executable, "-m", "scraper.devtools.localsite", "--root", str(tmp / "site"), "--port", str(port)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        time.sleep(0.8)
        crawl_cmd, dl_cmd = crawl_commands(tmp, port, args.profile)
        crawl = run(crawl_cmd, server.pid, tmp / "out" / "ragmusic", expect=len(urls))
        if crawl["rc"] != 0:
            print(crawl["err"][-3000:], file=sys.stderr)
            print(f"crawl failed (exit {crawl['rc']})", file=sys.stderr)
            return 1
        out = crawl["out"]  # under --profile, py-spy's own lines come before and after
        summary, _ = json.JSONDecoder().raw_decode(out[out.find("{") :])
        dl = run(dl_cmd, server.pid)
        print_results(crawl, dl, summary)
        print_cpu(crawl, dl, profiled=bool(args.profile))
        print_bound(crawl, dl, profiled=bool(args.profile))
        return 0
    finally:
        server.terminate()
        server.wait()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.profile and not SPY.exists():
        print(
            f"bench_crawl: --profile needs py-spy beside {sys.executable} (pip install py-spy)",
            file=sys.stderr,
        )
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    try:
        return bench(tmp, args)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
