"""Distributed mode on real engines: redis-server on loopback, crawler processes over HTTP.

A real `redis-server` (no persistence) is started on a free loopback port for this module and
stopped after; no fakeredis. The crawls run the real spider against fixtures/site served by
scraper.devtools.localsite, as in tests/integration/test_crawl_e2e.py, each worker in its own process.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

redis = pytest.importorskip("redis")
pytest.importorskip("scrapy_redis")

from helpers import EN_PAGES, OFFSITE, REPO, expected_records, read_jsonl  # noqa: E402
from scrapy import Request  # noqa: E402
from scrapy.crawler import Crawler  # noqa: E402
from scrapy.exceptions import ScrapyDeprecationWarning  # noqa: E402
from scrapy.settings import Settings  # noqa: E402
from scrapy.statscollectors import MemoryStatsCollector  # noqa: E402

from scraper.devtools.compare import songs_bytes  # noqa: E402
from scraper.devtools.localsite import LocalSite  # noqa: E402
from scraper.devtools.redis_server import RedisServer  # noqa: E402
from scraper.distributed import DistributedAddon  # noqa: E402
from scraper.distributed.frontier import Frontier  # noqa: E402
from scraper.distributed.merge import merge_run, read_ledger  # noqa: E402
from scraper.distributed.run import DistributedRun  # noqa: E402
from scraper.errors import RunFinished  # noqa: E402

RAG = "https://www.ragnet.co.jp"

needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="redis-server not installed (apt-get install redis-server; .ci/run does it)",
)
pytestmark = needs_redis_server


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


@pytest.fixture
def client(redis_server: RedisServer) -> Iterator[Any]:
    c = redis.Redis.from_url(redis_server.url)
    c.flushdb()
    yield c
    c.flushdb()
    c.close()


# -- the frontier's rules, against the real server ----------------------------------------------


def test_pop_leases_and_requeue_releases_atomically(client: Any) -> None:
    f = Frontier(client, "spider", "r1", ttl=5)
    f.push(b"req-a", -10)
    f.push(b"req-b", 0)
    field, data = f.pop() or ("", b"")
    assert data == b"req-a"  # highest priority first (scrapy-redis scores: -priority)
    assert f.leases()[field] == b"req-a"
    f.push(b"req-a2", -10, release=field)  # a retry: queued again, lease dropped, one step
    assert field not in f.leases()
    assert client.zcard(f.requests_key) == 2
    assert f.pop() is not None and f.pop() is not None and f.pop() is None


def test_dead_worker_leases_go_back_to_the_queue(client: Any) -> None:
    dead = Frontier(client, "spider", "r1", ttl=0.3, worker_id="dead")
    live = Frontier(client, "spider", "r1", ttl=5, worker_id="live")
    dead.push(b"page-1", 0)
    assert dead.pop() is not None
    assert live.idle() == "busy"  # the other worker holds a lease: wait
    time.sleep(0.5)  # no heartbeat: the worker is dead
    assert live.idle() == "reclaimed"
    assert live.workers() == {"live"}
    field, data = live.pop() or ("", b"")
    assert data == b"page-1"
    live.release(field)
    assert live.idle() == "done"
    assert live.state()["status"] == "finished"


def test_a_joining_worker_counts_as_busy_until_it_first_goes_idle(client: Any) -> None:
    a = Frontier(client, "spider", ttl=5)
    b = Frontier(client, "spider", ttl=5)  # no run id: joins the current run
    assert a.run_id == b.run_id
    assert a.idle() == "busy"  # b has not yet queued its start requests
    assert b.idle() == "done"
    assert a.idle() == "finished"
    with pytest.raises(RunFinished):
        Frontier(client, "spider", a.run_id)
    c = Frontier(client, "spider", ttl=5)  # a new worker without a run id starts a new run
    assert c.run_id != a.run_id
    assert not client.exists(a.requests_key) and not client.exists(a.dupefilter_key)


def test_run_ids_are_safe_names_and_a_finished_run_needs_no_worker(
    client: Any, redis_server: RedisServer, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="bad run id"):
        Frontier(client, "ragmusic", "../etc")
    f = Frontier(client, "ragmusic", "over", ttl=5)
    assert f.idle() == "done"
    late = subprocess.run(
        [sys.executable, "-m", "scraper.cli.crawl", "--redis", redis_server.url, "--run-id", "over",
         "--output", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert late.returncode == 0 and "already finished" in late.stderr
    assert not (tmp_path / "ragmusic" / "parts").exists()
    both = subprocess.run(
        [sys.executable, "-m", "scraper.cli.crawl", "--redis", redis_server.url, "--jobdir",
         str(tmp_path / "job"), "--output", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert both.returncode == 1 and "--jobdir" in both.stderr


def test_interrupted_worker_gives_its_leases_back(client: Any) -> None:
    a = Frontier(client, "spider", "r1", ttl=5)
    a.push(b"x", 0)
    assert a.pop() is not None
    assert a.leave() == 1
    assert client.zcard(a.requests_key) == 1
    assert a.workers() == set()


# -- the scrapy-redis adapters ------------------------------------------------------------------


def test_scheduler_adapter_on_scrapy_2_19(redis_server: RedisServer, tmp_path: Path) -> None:
    from scraper.distributed.scheduler import LEASE_META, Scheduler
    from scraper.spiders.ragmusic import RagMusicSpider

    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    settings.setdict(
        {
            "REDIS_URL": redis_server.url,
            "SONGLISTS_RUN_ID": "adapter",
            "SONGLISTS_OUTPUT_DIR": str(tmp_path),
            # Scrapy's own filter: scrapy-redis's from_settings() path would call
            # RFPDupeFilter.from_settings(), gone since Scrapy 2.14; the adapter never does.
            "DUPEFILTER_CLASS": "scrapy.dupefilters.RFPDupeFilter",
        },
        priority="cmdline",
    )
    DistributedAddon().update_settings(settings)  # as Crawler._apply_settings() does
    assert settings["SCHEDULER"] == "scraper.distributed.scheduler.Scheduler"
    crawler = Crawler(RagMusicSpider, settings)  # no reactor needed for these parts
    crawler.stats = MemoryStatsCollector(crawler)
    DistributedRun.for_crawler(crawler)
    spider = RagMusicSpider.from_crawler(crawler)
    crawler.spider = spider
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScrapyDeprecationWarning)  # no spider= in stats calls
        scheduler = Scheduler.from_crawler(crawler)
        scheduler.open(spider)
        first = Request(f"{RAG}/en-us/a", meta={"songlists_key": f"{RAG}/en-us/a"})
        assert scheduler.enqueue_request(first)
        assert not scheduler.enqueue_request(Request(f"{RAG}/en-us/a"))  # Redis filter
        got = scheduler.next_request()
        assert got is not None and got.url == first.url
        frontier = scheduler.frontier
        lease = got.meta[LEASE_META]
        assert lease in frontier.leases()
        retry = got.replace(dont_filter=True)
        assert scheduler.enqueue_request(retry)  # queued again: its lease is gone
        assert lease not in frontier.leases()
        again = scheduler.next_request()
        assert again is not None and again.url == first.url
        assert frontier.release_key(f"{RAG}/en-us/a") == 1
        assert frontier.leases() == {"start": b""}
        scheduler.close("finished")
    assert crawler.stats.get_value("scheduler/enqueued/redis") == 2


def test_worker_waits_for_an_unreachable_redis_then_stops_unfinished(tmp_path: Path) -> None:
    from scrapy.exceptions import CloseSpider, DontCloseSpider

    from scraper.distributed.run import DistributedRunExtension
    from scraper.spiders.ragmusic import RagMusicSpider

    with RedisServer() as own:
        settings = Settings()
        settings.setmodule("scraper.settings", priority="project")
        settings.setdict(
            {"REDIS_URL": own.url, "SONGLISTS_OUTPUT_DIR": str(tmp_path),
             "SONGLISTS_REDIS_WORKER_TTL": 0.5},
            priority="cmdline",
        )  # fmt: skip
        DistributedAddon().update_settings(settings)
        crawler = Crawler(RagMusicSpider, settings)
        crawler.stats = MemoryStatsCollector(crawler)
        ext = DistributedRunExtension(crawler)
    # the server is gone: the idle worker waits (it may be a restart), then gives up
    with pytest.raises(DontCloseSpider):
        ext.spider_idle(RagMusicSpider())
    time.sleep(0.6)
    with pytest.raises(CloseSpider) as stop:
        ext.spider_idle(RagMusicSpider())
    assert stop.value.reason == "redis_unavailable"


def test_addon_is_inert_without_redis_url() -> None:
    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    before = settings.copy_to_dict()
    DistributedAddon().update_settings(settings)
    assert settings.copy_to_dict() == before
    assert "scrapy_redis" not in settings["SCHEDULER"]
    settings.set("REDIS_URL", "redis://127.0.0.1:1/0", priority="cmdline")
    settings.set("JOBDIR", "/tmp/job", priority="cmdline")
    with pytest.raises(ValueError, match="JOBDIR"):
        DistributedAddon().update_settings(settings)


def test_merge_drops_torn_lines_and_doubles(tmp_path: Path) -> None:
    run = tmp_path / "ragmusic" / "parts" / "r1"
    run.mkdir(parents=True)

    def page(key: str, pos: int) -> dict[str, Any]:
        rec = {"entry_id": f"{key}#{pos}", "position": pos, "title": "t", "artist": "a",
               "article": {"canonical_url": key, "url": key, "lang": "en", "page": 1}}  # fmt: skip
        return {"key": key, "url": key, "kind": "article", "status": 200,
                "sort_key": ["en", key.rsplit("/", 1)[1], 1], "records": [rec]}  # fmt: skip

    a, b = f"{RAG}/en-us/a", f"{RAG}/en-us/b"
    (run / "w1.ledger.jsonl").write_text(json.dumps(page(a, 1)) + "\n" + '{"key": "cut')
    (run / "w2.ledger.jsonl").write_text(
        json.dumps(page(a, 1)) + "\n" + json.dumps(page(b, 1)) + "\n"
    )
    (run / "w2.summary.json").write_text(json.dumps({"distributed": {"run_finished": True}}))
    assert [p["key"] for p in read_ledger(run / "w1.ledger.jsonl")] == [a]
    merged = merge_run(tmp_path, "ragmusic", "r1")
    assert merged.result is not None
    merged_file = Path(merged.result["files"]["jsonl"])
    lines = [json.loads(x) for x in merged_file.read_text(encoding="utf-8").splitlines()]
    assert [r["entry_id"] for r in lines] == [f"{a}#1", f"{b}#1"]
    assert merged.result["distributed"]["pages_fetched_twice"] == 1
    assert merged.result["distributed"]["workers_without_summary"] == ["w1"]
    assert not run.exists()  # parts removed after a merge of a finished run


# -- end to end: several worker processes, one Redis frontier -------------------------------------


def worker_cmd(site: LocalSite, redis_url: str, out: Path, run_id: str, *extra: str) -> list[str]:
    host_map = json.dumps(site.host_map(extra_hosts=(OFFSITE,)))
    return [
        sys.executable, "-m", "scraper.cli.crawl", "--local", site.base_url,
        "-s", f"SONGLISTS_HOST_MAP={host_map}", "--output", str(out), "--no-cache",
        "--redis", redis_url, "--run-id", run_id, "--worker-ttl", "2", "--json",
        # few requests in hand per worker, so that three share a site this small
        "-s", "CONCURRENT_REQUESTS=2", *extra,
    ]  # fmt: skip


def scrapy_worker_cmd(site: LocalSite, redis_url: str, out: Path, run_id: str) -> list[str]:
    """The same worker through plain `scrapy crawl` and settings only."""
    host_map = json.dumps(site.host_map(extra_hosts=(OFFSITE,)))
    sets = {
        "REDIS_URL": redis_url, "SONGLISTS_RUN_ID": run_id, "SONGLISTS_REDIS_WORKER_TTL": "2",
        "SONGLISTS_HOST_MAP": host_map, "SONGLISTS_OUTPUT_DIR": str(out),
        "HTTPCACHE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "DOWNLOAD_DELAY_JITTER": "0",
        "DOWNLOAD_SLOTS": "{}", "AUTOTHROTTLE_START_DELAY": "0", "CONCURRENT_REQUESTS": "2",
        "SONGLISTS_RETRY_BACKOFF_BASE": "0.05", "LOG_LEVEL": "INFO",
    }  # fmt: skip
    cmd = [sys.executable, "-m", "scrapy", "crawl", "ragmusic"]
    for name, value in sets.items():
        cmd += ["-s", f"{name}={value}"]
    return cmd


def merge(out: Path, run_id: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "scraper.cli.merge", run_id, "--output", str(out), "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def finish(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str, str]]:
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        results.append((p.returncode, out, err))
    return results


def test_three_workers_share_one_frontier_and_merge_to_the_single_process_result(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    # the single-process run over the same site, for reference
    with LocalSite() as site:
        host_map = json.dumps(site.host_map(extra_hosts=(OFFSITE,)))
        single = subprocess.run(
            [sys.executable, "-m", "scraper.cli.crawl", "--local", site.base_url, "--json",
             "-s", f"SONGLISTS_HOST_MAP={host_map}", "--output", str(tmp_path / "single"),
             "--no-cache"],
            cwd=REPO, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert single.returncode == 0, single.stderr[-3000:]
    single_summary = json.loads(single.stdout)
    single_records = read_jsonl(Path(single_summary["files"]["jsonl"]))
    assert single_records == expected_records(EN_PAGES)

    out = tmp_path / "out"
    with LocalSite(delay=0.15) as site:
        procs = [
            subprocess.Popen(
                cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for cmd in (
                worker_cmd(site, redis_server.url, out, "three"),
                worker_cmd(site, redis_server.url, out, "three"),
                scrapy_worker_cmd(site, redis_server.url, out, "three"),
            )
        ]
        results = finish(procs)
        requests = list(site.requests)
    for rc, _, err in results:
        assert rc == 0, err[-3000:]
    parts = [json.loads(o) for _, o, _ in results[:2]]
    assert all(p["distributed"]["run_finished"] for p in parts)
    part_ledgers = sorted((out / "ragmusic" / "parts" / "three").glob("*.ledger.jsonl"))
    pages_per_worker = [sum(1 for _ in read_ledger(p)) for p in part_ledgers]
    assert len(pages_per_worker) == 3
    assert sum(1 for n in pages_per_worker if n) >= 2, pages_per_worker  # the work was shared

    # every page fetched once across the three workers (the 500- and 429-once pages: twice)
    fetched = Counter(f"{r['host']}{r['path']}" for r in requests if r["path"] != "/robots.txt")
    single_pages = single_summary["pages"]["total"]
    retried = {"/en-us/ranking-popular-heartbreak-songs/2", "/en-us/tearful-love-songs/2"}
    for path in EN_PAGES:
        want = 2 if path in retried else 1
        assert fetched[f"www.ragnet.co.jp{path}"] == want, path
    assert sorted(k for k, n in fetched.items() if n > 1) == sorted(
        f"www.ragnet.co.jp{p}" for p in retried
    )

    merged = merge(out, "three")
    assert merged["healthy"] and merged["complete"]
    assert merged["distributed"]["pages_fetched_twice"] == 0
    assert merged["pages"]["total"] == single_pages
    records = read_jsonl(Path(merged["files"]["jsonl"]))
    assert records == single_records
    assert songs_bytes(Path(merged["files"]["jsonl"])) == songs_bytes(
        Path(single_summary["files"]["jsonl"])
    )
    for name in ("entries", "errors", "coverage", "split_methods", "error_rate"):
        assert merged[name] == single_summary[name], name
    assert merged["http"]["retries"] == 2 and merged["http"]["robots_forbidden"] == 1
    assert (out / "ragmusic" / "latest.jsonl").resolve() == Path(merged["files"]["jsonl"]).resolve()
    assert not (out / "ragmusic" / "parts" / "three").exists()


def test_sigkill_one_worker_midway_and_a_new_one_finishes_the_run(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    parts = out / "ragmusic" / "parts" / "kill"
    client = redis.Redis.from_url(redis_server.url)
    with LocalSite(delay=0.3) as site:
        victim = subprocess.Popen(
            worker_cmd(site, redis_server.url, out, "kill"),
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        other = subprocess.Popen(
            worker_cmd(site, redis_server.url, out, "kill"),
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        # kill the victim once it has finished pages and holds requests it has not finished
        deadline = time.monotonic() + 60
        held: dict[bytes, bytes] = {}
        while time.monotonic() < deadline:
            assert victim.poll() is None, "the worker ended before it could be killed"
            ledgers = list(parts.glob(f"*-{victim.pid}-*.ledger.jsonl"))
            if ledgers and sum(1 for _ in read_ledger(ledgers[0])) >= 2:
                worker = ledgers[0].name.removesuffix(".ledger.jsonl")
                held = client.hgetall(f"songlists:ragmusic:kill:leases:{worker}")
                if any(k != b"start" for k in held):
                    break
            time.sleep(0.02)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        assert victim.returncode == -signal.SIGKILL
        assert held, "the victim held no requests when killed"
        newcomer = subprocess.Popen(
            worker_cmd(site, redis_server.url, out, "kill"),
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        results = finish([other, newcomer])
    for rc, _, err in results:
        assert rc == 0, err[-3000:]
    merged = merge(out, "kill")
    assert merged["healthy"] and merged["complete"]
    assert read_jsonl(Path(merged["files"]["jsonl"])) == expected_records(EN_PAGES)
    info = merged["distributed"]
    assert len(info["workers"]) == 3
    assert info["workers_without_summary"] == [worker]  # the killed one: its ledger is merged
    assert info["pages_by_worker"][worker] >= 2
    assert merged["duplicates_dropped"] == 0
    client.close()


# -- Redis lost mid-run: never a finished run, never a hung worker (issue 10) -------------------


def _start_worker(site: LocalSite, redis_url: str, out: Path, run_id: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        worker_cmd(site, redis_url, out, run_id),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_pages(ledgers: Path, n: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        lines = sum(p.read_bytes().count(b"\n") for p in ledgers.glob("*.ledger.jsonl"))
        if lines >= n:
            return
        assert proc.poll() is None, proc.communicate()[1][-3000:]
        time.sleep(0.05)
    raise AssertionError("the worker did not get going")


def test_redis_restarted_empty_mid_run_is_not_a_finished_run(tmp_path: Path) -> None:
    """The restarted server has an empty queue and no leases, which looked like a drained
    frontier: the worker declared the run finished and merge published a third of it. The run
    marker (a token in the state hash) is gone too, so the worker knows better."""
    out = tmp_path / "out"
    with RedisServer() as first, LocalSite(delay=0.3) as slow:
        worker = _start_worker(slow, first.url, out, "restart")
        _wait_for_pages(out / "ragmusic" / "parts" / "restart", 3, worker)
        port = first.port
        first.stop()
        with RedisServer(port=port):  # the same address, nothing in it
            stdout, stderr = worker.communicate(timeout=120)
    assert worker.returncode == 4, stderr[-3000:]
    gone = [ln for ln in stderr.splitlines() if "state is gone from Redis" in ln]
    assert gone and "the run is not finished" in gone[0]
    summary = json.loads(stdout)
    assert summary["distributed"]["run_finished"] is False
    assert "Traceback" not in stderr
    refused = subprocess.run(
        [sys.executable, "-m", "scraper.cli.merge", "restart", "--output", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert refused.returncode == 1 and "finish" in refused.stderr


def test_a_worker_that_cannot_reach_redis_for_the_ttl_stops_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with RedisServer() as server, LocalSite(delay=0.3) as slow:
        worker = _start_worker(slow, server.url, out, "down")
        _wait_for_pages(out / "ragmusic" / "parts" / "down", 3, worker)
        server.stop()
        stopped = time.monotonic()
        stdout, stderr = worker.communicate(timeout=120)
        took = time.monotonic() - stopped
    assert worker.returncode == 4, stderr[-3000:]
    assert took < 60  # the worker TTL is 2 s here; it never hangs
    stops = [ln for ln in stderr.splitlines() if "Redis unreachable for over" in ln]
    assert len(stops) == 1 and "the run is not finished" in stops[0]
    assert stderr.count("Traceback") <= 1, stderr[-3000:]
    assert json.loads(stdout)["distributed"]["run_finished"] is False
