"""Distributed mode: several crawler processes share one frontier in Redis (scrapy-redis).

    songlists crawl --redis redis://HOST:6379/0 [--run-id ID]   # one worker; start as many as you like
    songlists merge [ID]                                         # the run's JSONL + summary from the parts

or with plain Scrapy: `scrapy crawl ragmusic -s REDIS_URL=redis://HOST:6379/0`.

Off unless `REDIS_URL` is set: the single-process crawl imports nothing from Redis. When it is
set, `DistributedAddon` (listed in settings.ADDONS) swaps in:

- the scheduler: scrapy-redis's `Scheduler` + `PriorityQueue` + `RFPDupeFilter`, through the
  small adapters in `scraper.distributed.scheduler` (Scrapy 2.19 compatibility, per-run keys,
  crash-safe leases);
- the run: `scraper.distributed.run.DistributedRun` (each worker writes its own part; the
  worker waits while others still work, then stops) instead of `scraper.run.manager.RunManager`;
- `LeaseReleasePipeline` after the ledger: a page in a part releases its request's lease.

Settings: `REDIS_URL` (and scrapy-redis's `REDIS_PARAMS`), `SONGLISTS_RUN_ID` (workers with the
same id share a run; default: join the run in progress or start one),
`SONGLISTS_REDIS_WORKER_TTL` (seconds without a heartbeat before a worker counts as dead and
its requests go back to the queue; 30), `SONGLISTS_REDIS_POLL_INTERVAL` (0.5).
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

SCHEDULER = "scraper.distributed.scheduler.Scheduler"
QUEUE = "scraper.distributed.scheduler.LeasedPriorityQueue"
DUPEFILTER = "scrapy_redis.dupefilter.RFPDupeFilter"
RUN_EXTENSION = "scraper.distributed.run.DistributedRunExtension"
RELEASE_PIPELINE = "scraper.distributed.run.LeaseReleasePipeline"


def distributed_settings(settings: BaseSettings) -> dict[str, Any]:
    """The settings distributed mode changes, given the crawl's settings."""
    extensions = settings.getdict("EXTENSIONS")
    extensions.update({"scraper.run.manager.RunExtension": None, RUN_EXTENSION: 0})
    pipelines = settings.getdict("ITEM_PIPELINES")
    pipelines[RELEASE_PIPELINE] = 950  # after scraper.crawl.pipelines.LedgerPipeline (900)
    return {
        "SCHEDULER": SCHEDULER,
        "SCHEDULER_QUEUE_CLASS": QUEUE,
        "SCHEDULER_DUPEFILTER_CLASS": DUPEFILTER,
        # scrapy-redis's own filter here too, so that its stock scheduler, if someone uses it,
        # does not call the from_settings() Scrapy's filters no longer have.
        "DUPEFILTER_CLASS": DUPEFILTER,
        "SCHEDULER_PERSIST": True,
        "EXTENSIONS": extensions,
        "ITEM_PIPELINES": pipelines,
    }


class DistributedAddon:
    """Scrapy add-on: distributed mode when REDIS_URL is set, nothing otherwise."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("REDIS_URL"):
            return
        if settings.get("JOBDIR"):
            raise ValueError(
                "JOBDIR and REDIS_URL do not mix: the run's state is in Redis (and each"
                " worker's ledger under output/<spider>/parts/<run-id>/)"
            )
        for name, value in distributed_settings(settings).items():
            # The project's own settings.py sets some of these; a command-line -s still wins.
            current = settings.getpriority(name) or 0
            if current > SETTINGS_PRIORITIES["project"] and name not in (
                "EXTENSIONS",
                "ITEM_PIPELINES",
            ):
                continue
            settings.set(name, value, priority=max(current, SETTINGS_PRIORITIES["project"]))
