"""Faults a crawl must survive without losing, inventing or wrongly fetching a page (issue 10).

Every crawl runs for real in a subprocess against the local site over HTTP on 127.0.0.1
(scraper.devtools.localsite); the site's access log says what was really fetched.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import pickle
import select
import signal
import subprocess
import time
from pathlib import Path
from typing import IO

import pytest
from helpers import RAG, REPO, Crawl, crawl_cmd, read_jsonl, run_crawl

from scraper.crawl.httpcache import SUFFIX, decode_entry, encode_entry
from scraper.devtools.compare import songs_bytes
from scraper.devtools.localsite import LocalSite

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
    assert songs_bytes(resumed.jsonl()) == songs_bytes(clean.jsonl())


# -- the HTTP cache: a torn entry is refetched, never a lost page ----------------------------

TORN_PAGE = "/en-us/tearful-love-songs"  # page 1 of 3: its pagination is lost with it


def _cache_entry(cache: Path, url: str) -> Path:
    """The HTTP cache's file of the request for `url`."""
    for path in (cache / "httpcache" / "ragmusic").glob(f"*/*{SUFFIX}"):
        if decode_entry(path.read_bytes())["request"]["url"] == url:
            return path
    raise AssertionError(f"no cache entry for {url}")


def _scrapy_entry(cache: Path, url: str) -> Path:
    """The folder Scrapy's FilesystemCacheStorage keeps the response to `url` in."""
    for meta in (cache / "httpcache" / "ragmusic").glob("*/*/pickled_meta"):
        if pickle.loads(gzip.decompress(meta.read_bytes()))["url"] == url:
            return meta.parent
    raise AssertionError(f"no cache entry for {url}")


def _tear_like_a_kill(entry: Path) -> None:
    """What a kill -9 inside Scrapy's FilesystemCacheStorage.store_response leaves: meta,
    pickled_meta and response_headers (with the ETag) written, response_body opened for
    writing (truncated) but nothing in it yet, the later files never written."""
    (entry / "response_body").write_bytes(b"")
    for name in ("response_data", "request_headers", "request_body"):
        (entry / name).unlink(missing_ok=True)
    assert b"Etag" in gzip.decompress((entry / "response_headers").read_bytes())


def _page_hits(site: LocalSite, path: str, since: int = 0) -> list[tuple[int, bool]]:
    return [(r["status"], r["conditional"]) for r in site.requests[since:] if r["path"] == path]


def test_torn_cache_entry_left_by_scrapys_storage_is_refetched(tmp_path: Path) -> None:
    with LocalSite() as site:
        legacy = "HTTPCACHE_STORAGE=scrapy.extensions.httpcache.FilesystemCacheStorage"
        first = run_crawl(site, tmp_path, "-s", legacy)
        assert first.rc == 0, first.stderr[-3000:]
        _tear_like_a_kill(_scrapy_entry(tmp_path / "cache", RAG + TORN_PAGE))
        mark = len(site.requests)
        second = run_crawl(site, tmp_path)
    assert second.rc == 0, second.stderr[-3000:]
    # fetched in full (no If-None-Match: Scrapy's entries, torn or not, are not trusted; the
    # pages are stored again in this storage's format), records complete
    assert _page_hits(site, TORN_PAGE, mark) == [(200, False)]
    assert not any(r["conditional"] for r in site.requests[mark:])
    assert songs_bytes(second.jsonl()) == songs_bytes(first.jsonl())
    _cache_entry(tmp_path / "cache", RAG + TORN_PAGE)


def test_cache_entry_cut_after_it_was_written_is_detected_and_refetched(
    tmp_path: Path,
) -> None:
    with LocalSite() as site:
        first = run_crawl(site, tmp_path)
        assert first.rc == 0, first.stderr[-3000:]
        entry = _cache_entry(tmp_path / "cache", RAG + TORN_PAGE)
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])  # a lost write
        mark = len(site.requests)
        second = run_crawl(site, tmp_path)
    assert second.rc == 0, second.stderr[-3000:]
    assert _page_hits(site, TORN_PAGE, mark) == [(200, False)]
    # every other article page was still revalidated with a 304
    assert _page_hits(site, TORN_PAGE + "/2", mark) == [(304, True)]
    assert second.summary["http"]["cache"]["torn"] == 1
    assert songs_bytes(second.jsonl()) == songs_bytes(first.jsonl())


def test_a_304_for_a_cached_body_that_does_not_parse_is_a_refetch(tmp_path: Path) -> None:
    with LocalSite() as site:
        first = run_crawl(site, tmp_path)
        assert first.rc == 0, first.stderr[-3000:]
        # a well-formed entry (digest and all) whose body is empty: the server's 304 says
        # "unchanged", but what the cache holds cannot be parsed
        entry = _cache_entry(tmp_path / "cache", RAG + TORN_PAGE)
        stored = decode_entry(entry.read_bytes())
        entry.write_bytes(encode_entry({**stored, "body": b""}, compress=True))
        mark = len(site.requests)
        second = run_crawl(site, tmp_path)
    assert second.rc == 0, second.stderr[-3000:]
    assert _page_hits(site, TORN_PAGE, mark) == [(304, True), (200, False)]
    assert songs_bytes(second.jsonl()) == songs_bytes(first.jsonl())
    assert second.summary["errors"] == first.summary["errors"]


# -- redirects that lose a page are page errors ---------------------------------------------


def test_redirect_loops_and_off_site_redirects_are_counted_errors(tmp_path: Path) -> None:
    """fixtures/site/_behaviours.json: looping-songs-a <-> looping-songs-b (both asked for, so
    each redirect meets a page already requested), self-redirect-songs -> itself, and
    moved-abroad-songs -> offsite.example. Each is a page error of its kind; the run with one
    good article among them is unhealthy by its error rate."""
    loops = ["looping-songs-a", "looping-songs-b", "self-redirect-songs"]
    urls = [*loops, "moved-abroad-songs", "moving-anime-songs"]
    with LocalSite() as site:
        args = [a for u in urls for a in ("--url", f"{RAG}/en-us/{u}")]
        c = run_crawl(site, tmp_path, *args)
    assert c.rc == 2, c.stderr[-3000:]
    s = c.summary
    assert s["errors"] == {"redirect_loop": 3, "redirect_offsite": 1}
    failed = {p["url"].rsplit("/", 1)[1]: p["error"] for p in s["failed_pages"]}
    assert failed == {
        **{u: "redirect_loop" for u in loops},
        "moved-abroad-songs": "redirect_offsite",
    }
    assert s["pages"]["articles"] == 6  # the good article's two pages and the four failures
    assert any("error rate" in p for p in s["health_problems"])
    # the off-site target is never requested; the good article is complete
    assert not [r for r in site.requests if r["host"] == "offsite.example"]
    fetched = {r["path"] for r in site.requests if r["status"] == 200}
    assert {"/en-us/moving-anime-songs", "/en-us/moving-anime-songs/2"} <= fetched
    assert {r["article"]["url"] for r in read_jsonl(c.jsonl())} <= {
        f"{RAG}/en-us/moving-anime-songs",
        f"{RAG}/en-us/moving-anime-songs/2",
    }


# -- a disk that fills up during the crawl -------------------------------------------------


def test_a_disk_that_fills_up_stops_the_crawl_with_one_line_and_exit_5(tmp_path: Path) -> None:
    out = tmp_path / "small"
    out.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=40k", "tmpfs", str(out)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root and mount)")
    try:
        with LocalSite() as site:
            proc = subprocess.run(
                [*crawl_cmd(site, out, tmp_path / "cache"), "--no-cache"],
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=120,
            )
        assert proc.returncode == 5, proc.stderr[-3000:]
        assert "Traceback" not in proc.stderr
        stops = [ln for ln in proc.stderr.splitlines() if "No space left on device" in ln]
        assert stops and "stopping the crawl" in stops[0]
        summary = json.loads(proc.stdout)
        assert not summary["complete"] and summary["finish_reason"] == "write_error"
        # nothing published, no temporary file or half state left
        left = sorted(p.name for p in (out / "ragmusic").iterdir())
        assert left == [".lock"], left
    finally:
        subprocess.run(["umount", str(out)], capture_output=True)


# -- download failures: documented kinds ----------------------------------------------------


def _crawl_with_map(site: LocalSite, tmp: Path, host_map: dict[str, str], *urls: str) -> Crawl:
    out = tmp / "out"
    cmd = crawl_cmd(site, out, tmp / "cache", *[a for u in urls for a in ("--url", u)])
    i = cmd.index("-s")
    cmd[i + 1] = f"SONGLISTS_HOST_MAP={json.dumps(host_map)}"
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    return Crawl(proc, out)


def test_streamed_oversize_bodies_and_connection_failures_have_documented_kinds(
    tmp_path: Path,
) -> None:
    """A 50 MB body sent chunked (no Content-Length) is `too_large` like one refused for its
    length; a server that hangs up is `connection_lost`; a refused connection
    `connection_refused`; an unknown host `dns`. No traceback for robots.txt either."""
    article = f"{RAG}/en-us/karaoke-songs-for-40s"
    with LocalSite() as site:
        here = site.host_map()
        c = _crawl_with_map(
            site, tmp_path, here, f"{RAG}/en-us/streamed-huge-songs", f"{RAG}/en-us/hang-up-songs"
        )
        refused = {**here, "www.ragnet.co.jp": "http://127.0.0.1:1"}
        d = _crawl_with_map(site, tmp_path / "refused", refused, article)
        unknown = {**here, "www.ragnet.co.jp": "http://no-such-host.invalid"}
        e = _crawl_with_map(site, tmp_path / "dns", unknown, article)
    assert c.summary["errors"] == {"too_large": 1, "connection_lost": 1}, c.stderr[-3000:]
    assert d.summary["errors"] == {"connection_refused": 1}, d.stderr[-3000:]
    assert e.summary["errors"] == {"dns": 1}, e.stderr[-3000:]
    for crawl in (c, d, e):
        assert "Traceback" not in crawl.stderr
        assert crawl.rc == 2  # nothing but errors: unhealthy
    documented = (REPO / "docs" / "crawling.md").read_text(encoding="utf-8")
    for kind in ("too_large", "connection_lost", "connection_refused", "dns", "download_error"):
        assert f"`{kind}`" in documented


# -- one job directory, one run -------------------------------------------------------------


def test_a_job_directory_serves_one_run_and_one_output(tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    with LocalSite(delay=0.3) as slow:
        first = subprocess.Popen(
            crawl_cmd(slow, tmp_path / "out1", tmp_path / "cache", "--jobdir", str(jobdir)),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        ledger = jobdir / "songlists" / "ledger.jsonl"
        deadline = time.monotonic() + 60
        while not (ledger.exists() and ledger.read_bytes().count(b"\n") >= 2):
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.02)
        # the same job directory, another output, while the first run is going
        mark = len(slow.requests)
        second = run_crawl(slow, tmp_path / "two", "--jobdir", str(jobdir))
        assert second.rc == 3, second.stderr[-2000:]
        assert len(second.stderr.strip().splitlines()) == 1 and "locked" in second.stderr
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=60)
        assert first.returncode == 4
        # paused: its run belongs to out1; another output is refused, before any fetch
        mark = len(slow.requests)
        third = run_crawl(slow, tmp_path / "three", "--jobdir", str(jobdir))
        assert third.rc == 1, third.stderr[-2000:]
        assert third.stderr.count("\n") == 1 and "holds an unfinished run" in third.stderr
        assert slow.requests[mark:] == []
    # a temporary file a kill left during the final write is removed at the next start
    out = tmp_path / "out1" / "ragmusic"
    stale = out / ".20260101T000000Z.jsonl.tmp-999999999"
    stale.write_text('{"half": ', encoding="utf-8")
    with LocalSite() as site:
        resumed = subprocess.run(
            crawl_cmd(site, tmp_path / "out1", tmp_path / "cache", "--jobdir", str(jobdir)),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert not stale.exists()
    assert not [p.name for p in out.iterdir() if ".tmp" in p.name]


# -- child processes die with the crawl ----------------------------------------------------


def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _reaches_eof(pipes: list[IO[bytes]], within: float) -> bool:
    """Read the pipes until every one is at its end (True) or `within` seconds pass."""
    deadline, open_ = time.monotonic() + within, list(pipes)
    while open_:
        left = deadline - time.monotonic()
        if left <= 0:
            for pipe in open_:
                pipe.close()
            return False
        ready, _, _ = select.select(open_, [], [], left)
        for pipe in ready:
            if not os.read(pipe.fileno(), 65536):
                open_.remove(pipe)
    return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_kill_9_of_the_crawl_ends_its_children_and_frees_its_stdout(tmp_path: Path) -> None:
    """`songlists crawl ... | cat`: after a kill -9 of the crawl the pipe must reach its end at
    once (the parse worker and the resource tracker held it for minutes), and the children
    must be gone."""
    with LocalSite(delay=0.3) as slow:
        cmd = crawl_cmd(slow, tmp_path / "out", tmp_path / "cache", "--jobdir", str(tmp_path / "j"))
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        ledger = tmp_path / "j" / "songlists" / "ledger.jsonl"
        deadline = time.monotonic() + 60
        while not (ledger.exists() and b'"split"' in ledger.read_bytes()):  # a page parsed
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        kids = _children(proc.pid)
        assert kids, "the crawl has a parse worker and a resource tracker"
        proc.kill()
        assert proc.stdout is not None and proc.stderr is not None
        assert _reaches_eof([proc.stdout, proc.stderr], within=10.0), "a child holds the pipe"
        proc.wait()
        deadline = time.monotonic() + 10
        while [k for k in kids if _alive(k)] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [k for k in kids if _alive(k)]


def _extraction_workers(pid: int) -> list[int]:
    """The crawl's extraction worker processes (multiprocessing's spawned children; not its
    resource tracker)."""
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    workers = []
    for child in found.split():
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue  # gone already
        if b"spawn_main" in cmdline:
            workers.append(int(child))
    return workers


def _crawl_killing_workers(tmp_path: Path, *, seconds: float, once: bool) -> Crawl:
    """A crawl of a slow copy of the site whose extraction worker is SIGKILLed: the first one
    seen (`once`), or every one seen for `seconds` after the first."""
    with LocalSite(delay=0.2) as slow:
        cmd = crawl_cmd(slow, tmp_path / "out", tmp_path / "cache")
        proc = subprocess.Popen(
            cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        first: float | None = None
        while proc.poll() is None and (first is None or time.monotonic() - first < seconds):
            for worker in _extraction_workers(proc.pid):
                if first is None:
                    time.sleep(1.0)  # some pages parsed already
                    first = time.monotonic()
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker, signal.SIGKILL)
            if once and first is not None:
                break
            time.sleep(0.02)
        stdout, stderr = proc.communicate(timeout=120)
    assert first is not None, "the crawl ended before its worker could be killed"
    return Crawl(
        subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr), tmp_path / "out"
    )


def test_a_killed_extraction_worker_is_replaced_and_no_page_is_lost(
    site: LocalSite, tmp_path: Path
) -> None:
    (tmp_path / "clean").mkdir()
    clean = run_crawl(site, tmp_path / "clean")
    assert clean.rc == 0, clean.stderr[-3000:]
    (tmp_path / "killed").mkdir()
    killed = _crawl_killing_workers(tmp_path / "killed", seconds=0, once=True)
    assert killed.rc == 0, killed.stderr[-3000:]
    assert "songlists/extraction/worker_died" in killed.stderr
    assert "spider_exceptions" not in killed.stderr  # (it was: spider_exceptions/BrokenProcessPool)
    assert songs_bytes(killed.jsonl()) == songs_bytes(clean.jsonl())
    assert killed.summary["pages"] == clean.summary["pages"]


def test_pages_the_worker_keeps_dying_on_are_recorded_as_failed_not_lost(
    site: LocalSite, tmp_path: Path
) -> None:
    (tmp_path / "clean").mkdir()
    clean = run_crawl(site, tmp_path / "clean")
    (tmp_path / "killed").mkdir()
    killed = _crawl_killing_workers(tmp_path / "killed", seconds=4.0, once=False)
    assert killed.rc in (0, 2), killed.stderr[-3000:]  # healthy or not, a finished run
    s = killed.summary
    assert s["complete"]
    assert s["pages"]["total"] == clean.summary["pages"]["total"]  # every page has an outcome
    died = [p["url"] for p in s["failed_pages"] if p["error"] == "parse_error"]
    assert died, "no page was in the worker while it was being killed"
    assert "the extraction worker died on this page 3 times" in killed.stderr
    # every other page's songs are there, as in the uninterrupted run
    clean_songs = [r for r in read_jsonl(clean.jsonl()) if r["article"]["url"] not in died]
    ours = read_jsonl(killed.jsonl())
    assert {r["entry_id"] for r in ours} == {r["entry_id"] for r in clean_songs}


_RAISING_CALLBACK = """
import scraper.spiders.ragmusic as spider
chosen = spider.records_order
def records_order(records, fallback):
    if any("tearful-love-songs/2" in str(r.get("article")) for r in records):
        raise KeyError("injected")
    return chosen(records, fallback)
spider.records_order = records_order
"""


def test_a_callback_that_raises_records_its_page_as_failed(site: LocalSite, tmp_path: Path) -> None:
    # a bug in the spider, injected into the crawl process only (a sitecustomize module)
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(_RAISING_CALLBACK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(inject), str(REPO)])}
    cmd = crawl_cmd(site, tmp_path / "out", tmp_path / "cache")
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env, timeout=120)
    c = Crawl(proc, tmp_path / "out")
    assert c.rc in (0, 2), c.stderr[-3000:]
    page = f"{RAG}/en-us/tearful-love-songs/2"
    assert {"url": page, "error": "callback_error", "status": 200} in c.summary["failed_pages"]
    assert f"the callback of {page} raised KeyError: 'injected'" in c.stderr
    assert "Traceback" in c.stderr  # logged with where it happened
    assert not any(page == r["article"]["url"] for r in read_jsonl(c.jsonl()))


def test_a_parse_past_the_timeout_is_a_recorded_parse_error(
    site: LocalSite, tmp_path: Path
) -> None:
    # 1 ms: no article page of the site parses that fast, so every one of them times out
    c = run_crawl(site, tmp_path, "-s", "SONGLISTS_PARSE_TIMEOUT=0.001")
    assert c.rc == 2, c.stderr[-3000:]  # no entries: unhealthy, but a finished run
    s = c.summary
    assert s["complete"] and s["entries"] == 0
    failed = {p["url"]: p["error"] for p in s["failed_pages"]}
    assert failed[f"{RAG}/en-us/tearful-love-songs"] == "parse_error"
    assert "ParseTimeout: the parse took more than 0.001 s" in c.stderr
