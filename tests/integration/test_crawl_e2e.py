"""End-to-end crawl tests: the real spider and settings, over real HTTP on 127.0.0.1.

The local site server (scraper.devtools.localsite) runs in this process; every crawl runs in a
subprocess (`python -m scraper.cli.crawl` or `scrapy crawl`), because Twisted's reactor cannot be
restarted in one process. The host map setting sends the real hostnames to the local server, so
the spider, robots.txt, offsite, retry, redirect and cache middlewares all run as in production.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import (
    EN_PAGES,
    OFFSITE,
    RAG,
    REPO,
    crawl_cmd,
    expected_records,
    fetched,
    read_jsonl,
    run_crawl,
)
from jsonschema import Draft202012Validator

from parsers.schema import load_schema
from scraper.crawl import gazetteer
from scraper.devtools.compare import songs_bytes
from scraper.devtools.localsite import LocalSite


def test_full_crawl_fetches_every_page_once_and_writes_expected_jsonl(
    site: LocalSite, tmp_path: Path
) -> None:
    c = run_crawl(site, tmp_path)
    assert c.rc == 0, c.stderr[-3000:]
    s = c.summary
    assert s["healthy"] and s["complete"]

    # every article page fetched once (page 2 of the ranking 500s once, then succeeds)
    got = fetched(site)
    retried = {"/en-us/ranking-popular-heartbreak-songs/2", "/en-us/tearful-love-songs/2"}
    for path in EN_PAGES:
        want = 2 if path in retried else 1
        assert got[f"www.ragnet.co.jp{path}"] == want, path
    statuses = [r["status"] for r in site.requests if r["path"].endswith("heartbreak-songs/2")]
    assert statuses == [500, 200]
    # 429 Too Many Requests is retried too, after the Retry-After the site asked for
    throttled = [r for r in site.requests if r["path"] == "/en-us/tearful-love-songs/2"]
    assert [r["status"] for r in throttled] == [429, 200]
    assert throttled[1]["time"] - throttled[0]["time"] >= 1.0
    # robots.txt Disallow honoured; the off-site link, the playlist view and the sister
    # domain's copy of a shared article are never requested
    assert not [k for k in got if "members-only" in k]
    assert not [k for k in got if k.startswith(OFFSITE)]
    assert not [k for k in got if "disp=playlist" in k]
    assert not [k for k in got if k.startswith("www.studiorag.com/en-us/karaoke")]
    assert "www.ragnet.co.jp/en-us/moving-anime-songs?disp=more" not in got
    # the project's User-Agent on every request
    assert all(r["user_agent"].startswith("songlists/") for r in site.requests)

    # the records: exactly the parser's output of the expected pages, once each, in order
    records = read_jsonl(c.jsonl())
    assert records == expected_records(EN_PAGES)
    assert len({(r["article"]["canonical_url"], r["position"]) for r in records}) == len(records)
    validator = Draft202012Validator(load_schema())
    assert all(validator.is_valid(r) for r in records)
    assert {r["article"]["lang"] for r in records} == {"en"}

    # a healthy run grows the gazetteer with the artists its sure splits proved
    learned = gazetteer.load(tmp_path / "out" / "gazetteer.txt")
    sure = {gazetteer.learnable_artist(r) for r in records} - {None}
    assert learned and set(learned) == sure
    assert "Aimyon" in learned  # from a split-markup page

    # the awkward pages are handled and counted
    assert s["errors"] == {"http_404": 1, "malformed": 1, "robots_forbidden": 1, "too_large": 1}
    assert s["http"]["retries"] == 2
    assert s["http"]["retry_reasons"] == {
        "500 Internal Server Error": 1,
        "429 Unknown Status": 1,
    }
    assert s["http"]["redirects"] == 1
    assert s["http"]["robots_forbidden"] == 1
    assert s["http"]["offsite_links_skipped"] >= 2
    assert s["entries"] == len(records)
    assert s["pages"]["article_count"] == 5  # the malformed page is an article too
    assert sum(s["split_methods"].values()) == len(records)
    assert s["coverage"]["title"] == 1.0
    assert 0 < s["error_rate"] <= 0.2

    # files: the run's JSONL, its summary, latest.* links; no temporary files left
    assert (c.out / "latest.jsonl").resolve() == c.jsonl().resolve()
    assert json.loads((c.out / "latest.summary.json").read_text())["run_id"] == s["run_id"]
    leftovers = [p.name for p in c.out.iterdir() if ".tmp" in p.name or p.name.endswith(".work")]
    assert leftovers == []


def test_second_run_revalidates_and_reextracts_only_what_changed(
    site_copy: LocalSite, tmp_path: Path
) -> None:
    first = run_crawl(site_copy, tmp_path)
    assert first.rc == 0, first.stderr[-3000:]
    mark = len(site_copy.requests)

    second = run_crawl(site_copy, tmp_path)
    assert second.rc == 0, second.stderr[-3000:]
    again = site_copy.requests[mark:]
    article_hits = [r for r in again if r["path"] in EN_PAGES]
    assert len(article_hits) == len(EN_PAGES)
    # nothing refetched in full: every page that had validators came back 304
    assert {r["status"] for r in article_hits} == {304}
    assert all(r["conditional"] for r in article_hits)
    assert second.summary["pages"]["extracted"] == 0
    # (the malformed page, one of EN_PAGES now, is reused too)
    assert second.summary["pages"]["extraction_reused"] == len(EN_PAGES)
    assert songs_bytes(second.jsonl()) == songs_bytes(first.jsonl())
    assert second.summary["run_id"] != first.summary["run_id"]

    # a page changes on the site: only it is refetched and re-extracted
    page = site_copy.root / "www.ragnet.co.jp/en-us/tearful-love-songs/2.html"
    html = page.read_text(encoding="utf-8")
    assert html.count("p-song__body") >= 2
    changed = html.replace(
        'class="p-song__body">', 'class="p-song__body"><p>Updated note for the test.</p>', 1
    )
    page.write_text(changed, encoding="utf-8")
    mark = len(site_copy.requests)
    third = run_crawl(site_copy, tmp_path)
    assert third.rc == 0, third.stderr[-3000:]
    full = [r["path"] for r in site_copy.requests[mark:] if r["status"] == 200]
    assert "/en-us/tearful-love-songs/2" in full
    assert not set(full) & (set(EN_PAGES) - {"/en-us/tearful-love-songs/2"})
    assert third.summary["pages"]["extracted"] == 1
    new = read_jsonl(third.jsonl())
    assert new == expected_records(EN_PAGES, root=site_copy.root)
    assert new != read_jsonl(first.jsonl())
    assert sum("Updated note for the test." in r["description"] for r in new) == 1
    # ...and the run's JSONL is still complete
    assert len(new) == len(read_jsonl(first.jsonl()))

    # --full forgets the caches: every page downloaded and parsed again
    mark = len(site_copy.requests)
    full_run = run_crawl(site_copy, tmp_path, "--full")
    assert full_run.rc == 0, full_run.stderr[-3000:]
    assert not any(r["conditional"] for r in site_copy.requests[mark:])
    # (the malformed page is counted under errors.malformed, not as extracted)
    assert full_run.summary["pages"]["extracted"] == len(EN_PAGES) - 1
    assert songs_bytes(full_run.jsonl()) == songs_bytes(third.jsonl())


def test_reused_extraction_follows_the_links_this_run_follows(
    site_copy: LocalSite, tmp_path: Path
) -> None:
    """The extraction cache holds a page's hrefs, not the links an earlier run chose from them:
    after a single-article run (related links not followed), a full crawl over the same cache
    still follows the related links of the pages it reuses."""
    # moving-anime-songs is left reachable only as a related article of tearful-love-songs
    for listing in ("index.html", "category/anime.html"):
        page = site_copy.root / "www.ragnet.co.jp/en-us" / listing
        html = page.read_text(encoding="utf-8")
        cut = re.sub(r'href="/en-us/moving-anime-songs[^"]*"', 'href="/en-us/"', html)
        assert cut != html
        page.write_text(cut, encoding="utf-8")
    single = run_crawl(site_copy, tmp_path, "--url", f"{RAG}/en-us/tearful-love-songs")
    assert single.rc == 0, single.stderr[-3000:]
    after = run_crawl(site_copy, tmp_path)
    assert after.rc == 0, after.stderr[-3000:]
    assert after.summary["pages"]["extraction_reused"] == 3  # tearful-love-songs' pages
    (tmp_path / "fresh").mkdir()
    fresh = run_crawl(site_copy, tmp_path / "fresh")
    assert fresh.rc == 0, fresh.stderr[-3000:]
    assert fresh.summary["pages"]["extraction_reused"] == 0
    urls = {r["article"]["url"] for r in read_jsonl(fresh.jsonl())}
    assert f"{RAG}/en-us/moving-anime-songs" in urls
    assert songs_bytes(after.jsonl()) == songs_bytes(fresh.jsonl())


def test_kill_9_then_resume_gives_the_uninterrupted_result(tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    with LocalSite(delay=0.25) as slow:
        cmd = crawl_cmd(slow, tmp_path / "out", tmp_path / "cache", "--jobdir", str(jobdir))
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ledger = jobdir / "songlists" / "ledger.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if ledger.exists() and ledger.read_bytes().count(b"\n") >= 6:
                break
            assert proc.poll() is None, "the crawl ended before it could be killed"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        done_before = {json.loads(line)["key"] for line in ledger.read_text().splitlines() if line}
        assert 6 <= len(done_before) < 20  # killed mid-crawl
        assert not list((tmp_path / "out" / "ragmusic").glob("*.jsonl"))
        mark = len(slow.requests)

    with LocalSite() as site:
        resumed = run_crawl(site, tmp_path, "--jobdir", str(jobdir))
    assert resumed.rc == 0, resumed.stderr[-3000:]
    s = resumed.summary
    assert s["resumes"] == 1 and s["pages_from_earlier_attempts"] == len(done_before)
    assert read_jsonl(resumed.jsonl()) == expected_records(EN_PAGES)
    # pages finished before the kill are not fetched again
    again = {f"https://{r['host']}{r['path']}" for r in site.requests}
    assert not (again & {k for k in done_before if "/en-us/" in k and "category" not in k})
    assert mark > 0
    state = json.loads((jobdir / "songlists" / "state.json").read_text())
    assert state["status"] == "finished"


def test_layout_drift_makes_the_run_fail(site: LocalSite, tmp_path: Path) -> None:
    c = run_crawl(site, tmp_path, "--url", f"{RAG}/en-us/layout-drift-songs")
    assert c.rc == 2, c.stderr[-3000:]
    s = c.summary
    assert not s["healthy"] and s["complete"]
    assert any("entries" in p or "coverage" in p for p in s["health_problems"])
    assert site.requests and all(
        "layout-drift" in r["path"] or r["path"] == "/robots.txt" for r in site.requests
    )
    # an unhealthy run does not replace latest.jsonl
    assert not (c.out / "latest.jsonl").exists()


def test_single_article_ja_edition_and_lang_label(site: LocalSite, tmp_path: Path) -> None:
    c = run_crawl(
        site, tmp_path, "--lang", "ja", "--url", f"{RAG}/ranking-popular-heartbreak-songs"
    )
    assert c.rc == 0, c.stderr[-3000:]
    records = read_jsonl(c.jsonl())
    assert records == expected_records(
        ["/ranking-popular-heartbreak-songs", "/ranking-popular-heartbreak-songs/2",
         "/ranking-popular-heartbreak-songs/3"]
    )  # fmt: skip
    assert {r["article"]["lang"] for r in records} == {"ja"}
    # a single-article run stays on its article (related links are not followed)
    assert {r["path"] for r in site.requests} == {
        "/robots.txt", "/ranking-popular-heartbreak-songs", "/ranking-popular-heartbreak-songs/2",
        "/ranking-popular-heartbreak-songs/3",
    }  # fmt: skip


def test_article_missing_on_preferred_domain_comes_from_the_sister_site(
    site_copy: LocalSite, tmp_path: Path
) -> None:
    for p in (site_copy.root / "www.ragnet.co.jp/en-us").glob("karaoke-songs-for-40s*"):
        if p.is_dir():
            shutil.rmtree(p)
        else:
            p.unlink()
    c = run_crawl(site_copy, tmp_path, "--url", f"{RAG}/en-us/karaoke-songs-for-40s")
    assert c.rc == 0, c.stderr[-3000:]
    records = read_jsonl(c.jsonl())
    assert records == expected_records(
        ["/en-us/karaoke-songs-for-40s", "/en-us/karaoke-songs-for-40s/2"],
        root=site_copy.root,
        host="www.studiorag.com",
    )
    assert {r["article"]["site"] for r in records} == {"www.studiorag.com"}


def test_lock_stops_a_second_run(site: LocalSite, tmp_path: Path) -> None:
    lock_path = tmp_path / "out" / "ragmusic" / ".lock"
    # hold the lock from another process, as a running crawl would
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time; from pathlib import Path; from scraper.run import lock;"
         f"lock.acquire(Path({str(lock_path)!r})); print('held', flush=True); time.sleep(60)"],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        c = run_crawl(site, tmp_path)
        assert c.rc == 3
        assert "locked" in c.stderr
        assert site.requests == []
    finally:
        holder.kill()
        holder.wait()
    # the holder died (killed, not cleanly): the lock is free again, nothing stale is left
    free = subprocess.run(
        [sys.executable, "-c",
         f"from pathlib import Path; from scraper.run import lock; lock.acquire(Path({str(lock_path)!r}))"],
        cwd=REPO,
    )  # fmt: skip
    assert free.returncode == 0


def test_scrapy_crawl_command_works_and_reports_health(site: LocalSite, tmp_path: Path) -> None:
    host_map = json.dumps(site.host_map())
    base = [
        sys.executable, "-m", "scrapy", "crawl", "ragmusic",
        "-s", f"SONGLISTS_HOST_MAP={host_map}", "-s", f"SONGLISTS_OUTPUT_DIR={tmp_path / 'out'}",
        "-s", "HTTPCACHE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "DOWNLOAD_SLOTS={}",
        "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip
    ok = subprocess.run(
        [*base, "-a", f"start_urls={RAG}/en-us/moving-anime-songs"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr[-3000:]
    latest = tmp_path / "out" / "ragmusic" / "latest.jsonl"
    assert read_jsonl(latest) == expected_records(
        ["/en-us/moving-anime-songs", "/en-us/moving-anime-songs/2"]
    )
    drift = subprocess.run(
        [*base, "-a", f"start_urls={RAG}/en-us/layout-drift-songs"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert drift.returncode == 2, drift.stderr[-3000:]


def test_ctrl_c_pauses_and_the_same_command_resumes(tmp_path: Path) -> None:
    jobdir = tmp_path / "job"
    with LocalSite(delay=0.25) as slow:
        cmd = crawl_cmd(slow, tmp_path / "out", tmp_path / "cache", "--jobdir", str(jobdir))
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        ledger = jobdir / "songlists" / "ledger.jsonl"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if ledger.exists() and ledger.read_bytes().count(b"\n") >= 6:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 4  # interrupted: no JSONL published, job paused
    assert json.loads(out)["complete"] is False
    assert json.loads((jobdir / "songlists" / "state.json").read_text())["status"] == "paused"
    assert not list((tmp_path / "out" / "ragmusic").glob("*.jsonl"))
    with LocalSite() as site:
        resumed = run_crawl(site, tmp_path, "--jobdir", str(jobdir))
    assert resumed.rc == 0, resumed.stderr[-3000:]
    assert read_jsonl(resumed.jsonl()) == expected_records(EN_PAGES)
    assert resumed.summary["duplicates_dropped"] == 0
