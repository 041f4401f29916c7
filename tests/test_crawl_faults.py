"""Faults a crawl must survive without losing, inventing or wrongly fetching a page (issue 10).

Every crawl runs for real in a subprocess against the local site over HTTP on 127.0.0.1
(scraper.localsite); the site's access log says what was really fetched.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

from test_crawl_e2e import REPO, crawl_cmd, read_jsonl, run_crawl

from scraper.localsite import LocalSite

FORBIDDEN = "/en-us/members-only-karaoke-list"  # robots.txt: Disallow


def _access_log(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_robots_txt_is_obeyed_after_an_early_ctrl_c_and_resume(tmp_path: Path) -> None:
    """Ctrl-C right after robots.txt, while the first listings are in flight: the resumed run
    starts with a dozen queued requests all waiting for robots.txt at once. Scrapy's own
    middleware handed the parser to the first waiter only and let the others through."""
    jobdir = tmp_path / "job"
    log1, log2 = tmp_path / "access1.jsonl", tmp_path / "access2.jsonl"
    with LocalSite(delay=0.5, log_path=log1) as slow:
        cmd = crawl_cmd(slow, tmp_path / "out", tmp_path / "cache", "--jobdir", str(jobdir))
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while not slow.requests:  # robots.txt answered; the sitemap and index are in flight
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.005)
        time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 4, out[-2000:]
    with LocalSite(log_path=log2) as site:
        resumed = run_crawl(site, tmp_path, "--jobdir", str(jobdir))
    assert resumed.rc == 0, resumed.stderr[-3000:]
    # the situation that exposed the bug: many requests restored from the paused queue
    restored = [ln for ln in resumed.stderr.splitlines() if "Resuming crawl (" in ln]
    assert restored and int(restored[0].split("(")[1].split()[0]) >= 3, restored
    fetched = [str(r["path"]) for r in _access_log(log1) + _access_log(log2)]
    assert "/robots.txt" in fetched
    assert FORBIDDEN not in fetched
    records = read_jsonl(resumed.jsonl())
    assert not [r for r in records if FORBIDDEN in r["entry_id"]]
    assert resumed.summary["errors"]["robots_forbidden"] == 1
    with LocalSite() as site:
        clean = run_crawl(site, tmp_path / "clean")
    assert clean.rc == 0, clean.stderr[-3000:]
    assert resumed.jsonl().read_bytes() == clean.jsonl().read_bytes()
