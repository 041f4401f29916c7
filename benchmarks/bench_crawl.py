"""Crawl throughput over loopback: the real spider against a spider that only downloads.

    python benchmarks/bench_crawl.py [--pages 5000]

Builds a synthetic copy of the site (the fixture articles repeated under new slugs, an index
page listing them), serves it from a separate process (scraper.devtools.localsite), then runs, with the
same settings and fresh caches:

  1. the real crawl (`scraper.cli.crawl`, spider ragmusic: parse, pipelines, ledger, JSONL);
  2. the download-only spider over the same URLs.

Prints pages per second of each, `crawl/download-only: N.NN` (their ratio; goal >= 0.85), and
the crawl's resident memory at 1,000 / 2,500 / 5,000 pages and its peak (goal < 250 MB, flat).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
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


def run(cmd: list[str], watch_ledger: Path | None = None) -> dict[str, Any]:
    """Run a crawl subprocess; return its Scrapy stats and RSS samples at page counts."""
    proc = subprocess.Popen(
        cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    samples: dict[int, float] = {}
    peak = 0.0
    while proc.poll() is None:
        mb = rss_mb(proc.pid)
        if mb:
            peak = max(peak, mb)
            if watch_ledger is not None:
                ledgers = list(watch_ledger.glob(".*.work/ledger.jsonl"))
                if ledgers:
                    try:
                        done = ledgers[0].read_bytes().count(b"\n")
                    except OSError:
                        done = 0
                    for mark in (1000, 2500, 5000):
                        if done >= mark and mark not in samples:
                            samples[mark] = mb
        time.sleep(0.1)
    out, err = proc.communicate()
    stats = {k: float(v) for k, v in _STATS.findall(err)}
    return {
        "rc": proc.returncode,
        "stats": stats,
        "peak_mb": peak,
        "rss": samples,
        "out": out,
        "err": err,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument(
        "--profile",
        metavar="FILE",
        help="sample the crawl (its worker processes too) with py-spy into FILE, collapsed"
        " stacks; benchmarks/profile_stages.py reads them (docs/performance.md)",
    )
    args = ap.parse_args(argv)
    spy_bin = Path(sys.executable).with_name("py-spy")
    if args.profile and not spy_bin.exists():
        print(
            f"bench_crawl: --profile needs py-spy beside {sys.executable} (pip install py-spy)",
            file=sys.stderr,
        )
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    server: subprocess.Popen[str] | None = None
    try:
        urls = build_site(tmp / "site", args.pages)
        (tmp / "urls.txt").write_text("\n".join(urls) + "\n")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "scraper.devtools.localsite", "--root", str(tmp / "site"), "--port", str(port)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        time.sleep(0.8)
        base = [
            sys.executable, "-m", "scraper.cli.crawl", "--local", f"http://127.0.0.1:{port}",
            "--log-level", "INFO", "--json",
        ]  # fmt: skip
        spy = [
            str(spy_bin),
            "record",
            "--subprocesses",
            "--format",
            "raw",
            "--rate",
            "200",
        ]
        profiler = [*spy, "-o", args.profile, "--"] if args.profile else []
        crawl = run(
            [
                *profiler,
                *base,
                "--output",
                str(tmp / "out"),
                "--cache-dir",
                str(tmp / "cache-crawl"),
            ],
            watch_ledger=tmp / "out" / "ragmusic",
        )
        if crawl["rc"] != 0:
            print(crawl["err"][-3000:], file=sys.stderr)
            print(f"crawl failed (exit {crawl['rc']})", file=sys.stderr)
            return 1
        out = crawl["out"]  # under --profile, py-spy's own lines come before and after
        summary, _ = json.JSONDecoder().raw_decode(out[out.find("{") :])
        dl = run(
            [
                *base,
                "--spider",
                "download_only",
                "-a",
                f"urls_file={tmp / 'urls.txt'}",
                "--output",
                str(tmp / "out-dl"),
                "--cache-dir",
                str(tmp / "cache-dl"),
                "--min-entries",
                "0",
                "--min-title-coverage",
                "0",
                "--min-artist-coverage",
                "0",
            ]  # fmt: skip
        )
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
