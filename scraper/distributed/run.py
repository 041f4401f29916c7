"""A worker of a distributed run: its part of the output, its heartbeat, when it may stop.

Each worker process writes its own part under the output directory:

    output/<spider>/parts/<run-id>/<worker>.ledger.jsonl   pages as they finish (crash-safe)
    output/<spider>/parts/<run-id>/<worker>.jsonl          its records, when it stops cleanly
    output/<spider>/parts/<run-id>/<worker>.summary.json   its summary and Scrapy stats

`songlists merge` (scraper.distributed.merge) turns the parts of a finished run into the run's
JSONL and summary, exactly as a single-process run writes them. Ledgers, not part JSONL, are
what is merged: a worker killed with SIGKILL leaves only its ledger, and that is enough.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.utils.asyncio import create_looping_call

from scraper.crawl.items import PageItem, page_written
from scraper.distributed.frontier import PREFIX, Frontier
from scraper.errors import RunFinished, RunStateLost
from scraper.run.files import atomic_write_text
from scraper.run.health import HealthThresholds
from scraper.run.manager import RunBase, RunManager
from scraper.run.outputs import run_paths

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from typing_extensions import Self

logger = logging.getLogger(__name__)


def parts_dir(output_dir: Path | str, spider: str, run_id: str) -> Path:
    return Path(output_dir) / spider / "parts" / run_id


def numeric_stats(stats: dict[str, Any]) -> dict[str, float]:
    return {
        k: v for k, v in stats.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
    }


class DistributedRun(RunBase):
    """The run of one worker (instead of RunManager when REDIS_URL is set): its part of the
    run, under `parts/<run-id>/`, named after the worker."""

    def __init__(self, crawler: Crawler) -> None:
        from scrapy_redis.connection import get_redis_from_settings

        settings = crawler.settings
        assert crawler.spidercls is not None
        spider_name: str = crawler.spidercls.name
        out_dir = Path(settings.get("SONGLISTS_OUTPUT_DIR", "output")) / spider_name
        server = get_redis_from_settings(settings)
        server.ping()
        self.frontier = Frontier(
            server,
            spider_name,
            settings.get("SONGLISTS_RUN_ID") or None,
            ttl=settings.getfloat("SONGLISTS_REDIS_WORKER_TTL", 30.0),
        )
        self.worker_id = self.frontier.worker_id
        super().__init__(
            spider_name=spider_name,
            out_dir=out_dir,
            run_id=self.frontier.run_id,
            work_dir=parts_dir(out_dir.parent, spider_name, self.frontier.run_id),
            ledger_name=f"{self.worker_id}.ledger.jsonl",
            thresholds=HealthThresholds.from_settings(settings),
            crawler=crawler,
        )
        logger.info(
            "distributed run %s: worker %s, part %s", self.run_id, self.worker_id, self.ledger.path
        )

    @classmethod
    def open(cls, crawler: Crawler) -> RunBase:
        return cls(crawler)

    def finish(self, reason: str, stats: dict[str, Any]) -> dict[str, Any]:
        """Write this worker's part (its records and summary); the run's files come from merge."""
        complete = reason == "finished"
        paths = run_paths(self.work_dir, self.worker_id)
        requeued = 0
        try:
            requeued = self.frontier.leave()
        except Exception as exc:  # noqa: BLE001 - Redis gone: the part is still written
            logger.error("could not leave the run in Redis: %s", exc)
        summary = self._summarise(paths, complete, stats)
        summary["finish_reason"] = reason
        summary["complete"] = complete
        # A part is not judged on its own (a worker may have had little to do): merge judges.
        summary["healthy"] = complete
        summary["health_problems"] = [] if complete else [f"worker not finished: {reason}"]
        summary["distributed"] = {
            "worker": self.worker_id,
            "ledger": str(self.ledger.path),
            "run_finished": self.frontier.finished_run,
            "requeued_on_exit": requeued,
        }
        summary["files"]["merge"] = f"songlists merge {self.run_id} --output {self.out_dir.parent}"
        summary["stats"] = numeric_stats(stats)
        self.ledger.sync()
        self.ledger.close()
        atomic_write_text(
            paths["summary"], json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
        )
        self.result = summary
        self.verdict = "healthy" if complete else "unfinished"
        return summary


class DistributedRunExtension:
    """Creates the worker's run, keeps its heartbeat, and decides when the worker may stop."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        try:
            self.run = DistributedRun.for_crawler(crawler)
        except RunFinished as exc:
            raise RuntimeError(str(exc)) from exc
        settings = crawler.settings
        self.poll = settings.getfloat("SONGLISTS_REDIS_POLL_INTERVAL", 0.5)
        self.waiting = False
        self.redis_down_since = 0.0
        self.stopping = False
        self.loop: Any = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def frontier(self) -> Frontier:
        assert isinstance(self.run, DistributedRun)
        return self.run.frontier

    def spider_opened(self, spider: Spider) -> None:
        self.loop = create_looping_call(self._tick)
        self.loop.start(min(self.poll, self.frontier.ttl_ms / 3000), now=True)

    def _stop(self, reason: str, message: str) -> None:
        """Close the worker, not finished, with one line saying why (exit status 4)."""
        if self.stopping:
            return
        self.stopping = True
        logger.error("%s; this worker stops, the run is not finished", message)
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason=reason))

    def _redis_down(self, exc: Exception) -> bool:
        """Note that Redis did not answer; True once it has not for the worker TTL."""
        now = time.monotonic()
        if not self.redis_down_since:
            self.redis_down_since = now
            logger.warning("Redis unreachable (%s); waiting for it", str(exc)[:200])
        return now - self.redis_down_since > self.frontier.ttl_ms / 1000

    def _tick(self) -> None:
        try:
            self.frontier.heartbeat()
        except RunStateLost as exc:
            self._stop("run_state_lost", str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - Redis gone: wait for the TTL, then stop
            if self._redis_down(exc):
                self._stop(
                    "redis_unavailable",
                    f"Redis unreachable for over {self.frontier.ttl_ms / 1000:g} s",
                )
            return
        if self.redis_down_since:
            logger.warning("Redis answers again")
        self.redis_down_since = 0.0
        if self.waiting:
            # Let the engine look at the queue again (it otherwise does so every 5 s).
            engine = self.crawler.engine
            slot = getattr(engine, "_slot", None)
            if slot is not None and getattr(slot, "nextcall", None) is not None:
                slot.nextcall.schedule()

    def spider_idle(self, spider: Spider) -> None:
        if self.stopping:
            return
        try:
            outcome = self.frontier.idle()
        except RunStateLost as exc:
            self.stopping = True
            logger.error("%s; this worker stops, the run is not finished", exc)
            raise CloseSpider("run_state_lost") from exc
        except Exception as exc:  # noqa: BLE001 - Redis unreachable: wait a while, then give up
            if self._redis_down(exc):
                self.stopping = True
                logger.error(
                    "Redis unreachable for over %g s; this worker stops, the run is not finished",
                    self.frontier.ttl_ms / 1000,
                )
                raise CloseSpider("redis_unavailable") from exc
            self.waiting = True
            raise DontCloseSpider("redis_unavailable") from exc
        self.redis_down_since = 0.0
        if outcome in ("done", "finished"):
            if outcome == "done":
                logger.info("run %s: frontier drained, run finished", self.run.run_id)
            self.waiting = False
            return
        if not self.waiting:
            logger.info("worker idle, waiting for the run (%s)", outcome)
        self.waiting = True
        raise DontCloseSpider(outcome)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()


class LeaseReleasePipeline:
    """Once a page is in this worker's part (LedgerPipeline's `page_written`), its lease goes.

    A pipeline by position only (after LedgerPipeline): the songs pass through unchanged."""

    def __init__(self, crawler: Crawler) -> None:
        self.run = RunManager.for_crawler(crawler)
        crawler.signals.connect(self.page_written, signal=page_written)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        return item

    def page_written(self, page: PageItem) -> None:
        frontier: Frontier | None = getattr(self.run, "frontier", None)
        if frontier is not None:
            try:
                frontier.release_key(page.key)
            except Exception as exc:  # noqa: BLE001 - Redis down: the page is in the ledger;
                # a lease left behind only makes a page fetched twice (merge keeps one)
                logger.debug("lease of %s not released: %s", page.key, exc)


def run_is_finished(settings: BaseSettings, spider: str) -> bool:
    """True when SONGLISTS_RUN_ID names a run that already finished (a late worker's check)."""
    from scrapy_redis.connection import get_redis_from_settings

    run_id = settings.get("SONGLISTS_RUN_ID")
    if not run_id:
        return False
    server = get_redis_from_settings(settings)
    status = server.hget(f"{PREFIX}:{spider}:{run_id}:state", "status")
    return status in (b"finished", "finished")


def redis_problem(settings: BaseSettings) -> str | None:
    """Why the worker cannot start on the Redis of REDIS_URL (one line), or None."""
    from redis.exceptions import RedisError
    from scrapy_redis.connection import get_redis_from_settings

    try:
        get_redis_from_settings(settings).ping()
    except (RedisError, OSError, ValueError) as exc:
        return f"--redis {settings.get('REDIS_URL')}: cannot reach Redis ({str(exc)[:200]})"
    return None
