"""A Scrapy user's habits work on the project (issue 11): `scrapy crawl -O` writes the songs,
`scrapy parse`, `scrapy shell` and `scrapy check` work and leave no trace."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.devtools.localsite import LocalSite
from scraper.paths import REPO

RAG = "https://www.ragnet.co.jp"
ARTICLE = f"{RAG}/en-us/tearful-love-songs"
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "DOWNLOAD_SLOTS={}", "-s", "AUTOTHROTTLE_START_DELAY=0"]


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    with LocalSite() as s:
        yield s


def scrapy(site: LocalSite, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`scrapy ...` in the project, against the local site, with its output under `out`."""
    settings = [
        "-s", f"SONGLISTS_HOST_MAP={json.dumps(site.host_map())}",
        "-s", f"SONGLISTS_OUTPUT_DIR={out}", "-s", f"HTTPCACHE_DIR={out.parent / 'cache'}",
    ]  # fmt: skip
    cmd, *rest = args
    return subprocess.run(
        [sys.executable, "-m", "scrapy", cmd, *settings, *FAST, *rest],
        cwd=REPO, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def songs(path: Path) -> dict[str, dict[str, object]]:
    """The records of a JSON Lines file by entry id, without their provenance."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        assert rec.pop("run_id") and rec.pop("fetched_at")
        out[rec["entry_id"]] = rec
    return out


def left_behind(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*")) if out.exists() else []


def test_scrapy_crawl_o_writes_the_songs_songlists_crawl_writes(
    site: LocalSite, tmp_path: Path
) -> None:
    feed = tmp_path / "songs.jsonl"
    start = ["-a", f"start_urls={ARTICLE},{RAG}/en-us/moving-anime-songs"]
    proc = scrapy(site, tmp_path / "a" / "out", "crawl", "ragmusic", *start, "-O", str(feed))
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = [json.loads(x) for x in feed.read_text(encoding="utf-8").splitlines()]
    assert lines and all(set(r) >= {"title", "artist", "entry_id", "run_id"} for r in lines)
    assert not [r for r in lines if "records" in r or "kind" in r]  # songs, not page envelopes
    # the same run's own file holds the same songs
    run_file = tmp_path / "a" / "out" / "ragmusic" / "latest.jsonl"
    assert songs(feed) == songs(run_file)
    # and `songlists crawl` of the same pages, another run, writes the same records
    out = tmp_path / "b" / "out"
    crawl = subprocess.run(
        [sys.executable, "-m", "scraper.cli.crawl", "--local", site.base_url,
         "--url", ARTICLE, "--url", f"{RAG}/en-us/moving-anime-songs",
         "-s", f"SONGLISTS_HOST_MAP={json.dumps(site.host_map())}",
         "--output", str(out), "--cache-dir", str(tmp_path / "b" / "cache"), "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    theirs = songs(Path(json.loads(crawl.stdout)["files"]["jsonl"]))
    ours = songs(feed)
    assert set(ours) == set(theirs) and len(ours) > 10
    for entry_id, rec in ours.items():
        for name, value in rec.items():
            assert theirs[entry_id][name] == value, (entry_id, name)
    # every song of the feed names the run whose file holds it, and its fetch time
    summary = json.loads((run_file.with_name("latest.summary.json")).read_text())
    assert {r["run_id"] for r in lines} == {summary["run_id"]}
    # and its data package validates: `frictionless validate` passes on the run
    package = run_file.with_name("latest.datapackage.json")
    assert Path(summary["files"]["datapackage"]).name == f"{summary['run_id']}.datapackage.json"
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(package.resolve()))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == len(lines)


def test_scrapy_parse_prints_the_songs_of_a_page_and_leaves_no_trace(
    site: LocalSite, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    proc = scrapy(site, out, "parse", "--spider", "ragmusic", ARTICLE)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"'entry_id': '{ARTICLE}#1'" in proc.stdout
    assert "# Scraped Items" in proc.stdout and "'run_id': None" in proc.stdout
    assert "Traceback" not in proc.stderr
    # with a callback named, as a Scrapy user would
    named = scrapy(site, out, "parse", "--spider", "ragmusic", "-c", "parse_article", ARTICLE)
    assert named.returncode == 0 and f"'entry_id': '{ARTICLE}#1'" in named.stdout, named.stderr
    assert left_behind(out) == []
    assert left_behind(tmp_path / "cache") == []


def test_scrapy_shell_opens_a_page_without_a_run_even_while_a_run_holds_the_lock(
    site: LocalSite, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    lock_path = out / "ragmusic" / ".lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import time; from pathlib import Path; from scraper.run import lock;"
         f"lock.acquire(Path({str(lock_path)!r})); print('held', flush=True); time.sleep(60)"],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = left_behind(out)
        proc = scrapy(
            site, out, "shell", ARTICLE, "-c", "(response.status, len(response.css('h3')))"
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert proc.stdout.strip().splitlines()[-1] == "(200, 4)"
        assert "RunLocked" not in proc.stderr and "Traceback" not in proc.stderr
        assert left_behind(out) == before == ["ragmusic", str(Path("ragmusic") / ".lock")]
    finally:
        holder.kill()
        holder.wait()


def test_scrapy_check_runs_a_contract_per_page_kind(site: LocalSite, tmp_path: Path) -> None:
    out = tmp_path / "out"
    listed = scrapy(site, out, "check", "-l", "ragmusic")
    callbacks = {line.strip("* ").strip() for line in listed.stdout.splitlines()[1:]}
    assert {"parse", "parse_article", "parse_listing", "parse_sitemap"} <= callbacks
    proc = scrapy(site, out, "check", "ragmusic")
    assert proc.returncode == 0, proc.stderr[-3000:]
    ran = [line for line in proc.stderr.splitlines() if line.startswith("Ran ")]
    assert ran and int(ran[0].split()[1]) >= 8, proc.stderr
    assert proc.stderr.rstrip().endswith("OK")
    assert left_behind(out) == []


def test_a_contract_that_does_not_hold_fails(site: LocalSite, tmp_path: Path) -> None:
    """`scrapy check` against a site where the article is gone: the contracts fail."""
    (tmp_path / "empty-site").mkdir()
    with LocalSite(tmp_path / "empty-site") as empty:
        proc = scrapy(empty, tmp_path / "out", "check", "ragmusic")
    assert proc.returncode != 0
    assert "FAILED" in proc.stderr
