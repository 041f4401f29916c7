"""scrapy-redis's scheduler and queue, adapted to Scrapy 2.19 and to crash-safe leases.

Subclasses, not a fork: everything not named here is scrapy-redis 0.9.1's own code
(`scrapy_redis.scheduler.Scheduler`, `scrapy_redis.queue.PriorityQueue`,
`scrapy_redis.dupefilter.RFPDupeFilter`, its request serialisation and Redis settings).

What the adapter changes, and why:

- `Scheduler.from_crawler` no longer goes through scrapy-redis's `from_settings`, which calls
  `DUPEFILTER_CLASS.from_settings()` when the filter class has no `from_spider`: Scrapy's own
  filters lost `from_settings` in Scrapy 2.14, so that path crashes (AttributeError). The Redis
  frontier always uses a Redis filter (`SCHEDULER_DUPEFILTER_CLASS`, default scrapy-redis's
  RFPDupeFilter) under the run's key; a per-process filter could not dedupe across workers.
- Keys come from the run (`scraper.distributed.frontier`), not from `%(spider)s` settings, so
  that each run has its own queue and filter and finished runs can be cleaned up.
- Stats are counted without the `spider=` argument Scrapy 2.19 deprecates.
- `LeasedPriorityQueue.pop()` moves the request into this worker's leases in Redis in the same
  atomic step, and a request queued again (retry, redirect) drops its lease in the same
  transaction: a worker killed at any point loses nothing (see frontier.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.utils.misc import load_object
from scrapy.utils.request import request_from_dict
from scrapy_redis import defaults
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler as RedisScheduler

from scraper.distributed.frontier import Frontier

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)

LEASE_META = "songlists_lease"

try:
    from redis.exceptions import ConnectionError as _RedisConnectionError
    from redis.exceptions import TimeoutError as _RedisTimeoutError

    _REDIS_DOWN: tuple[type[Exception], ...] = (_RedisConnectionError, _RedisTimeoutError)
except ImportError:  # pragma: no cover - the distributed extra is not installed
    _REDIS_DOWN = (ConnectionError,)


def frontier_of(crawler: Crawler) -> Frontier:
    from scraper.run.manager import RunManager

    run = RunManager.for_crawler(crawler)
    frontier: Frontier | None = getattr(run, "frontier", None)
    if frontier is None:
        raise RuntimeError(
            "the Redis scheduler needs the distributed run: set REDIS_URL (or `songlists crawl"
            " --redis URL`) so that scraper.distributed.DistributedAddon configures it"
        )
    return frontier


def encode_request(queue: Any, request: Request) -> bytes:
    """A request as scrapy-redis queues store it (its `_encode_request`), by public API only:
    Scrapy's request dict, through the queue's serializer."""
    data: bytes = queue.serializer.dumps(request.to_dict(spider=queue.spider))
    return data


def decode_request(queue: Any, data: bytes) -> Request:
    """The request `encode_request` stored (scrapy-redis' `_decode_request`)."""
    return request_from_dict(queue.serializer.loads(data), spider=queue.spider)


class LeasedPriorityQueue(PriorityQueue):  # type: ignore[misc]  # untyped library
    """scrapy-redis's priority queue (same sorted set, same scores); pops take a lease."""

    def __init__(self, server: Any, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        assert spider.crawler is not None
        self.frontier = frontier_of(spider.crawler)

    def push(self, request: Request, release: str | None = None) -> None:
        self.frontier.push(encode_request(self, request), -request.priority, release=release)

    def pop(self, timeout: int = 0) -> Request | None:
        popped = self.frontier.pop()
        if popped is None:
            return None
        field, data = popped
        request = decode_request(self, data)
        request.meta[LEASE_META] = field
        self.frontier.note_lease(request.meta.get("songlists_key"), field)
        return request


class Scheduler(RedisScheduler):  # type: ignore[misc]  # untyped library
    """scrapy-redis's scheduler on the run's keys, with leases (see the module docstring)."""

    crawler: Crawler
    frontier: Frontier
    df: RFPDupeFilter | None
    _unsent: list[Request]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        frontier = frontier_of(crawler)
        serializer = settings.get("SCHEDULER_SERIALIZER")
        if isinstance(serializer, str):
            import importlib

            serializer = importlib.import_module(serializer)
        instance = cls(
            server=frontier.server,
            persist=True,  # the run decides when its keys go (frontier.idle)
            flush_on_start=False,
            queue_key=frontier.requests_key,
            queue_cls=settings.get(
                "SCHEDULER_QUEUE_CLASS", "scraper.distributed.scheduler.LeasedPriorityQueue"
            ),
            dupefilter_key=frontier.dupefilter_key,
            dupefilter_cls=settings.get(
                "SCHEDULER_DUPEFILTER_CLASS", defaults.SCHEDULER_DUPEFILTER_CLASS
            ),
            idle_before_close=0,
            serializer=serializer,
        )
        instance.crawler = crawler
        instance.frontier = frontier
        instance._unsent = []
        instance.stats = crawler.stats
        return instance

    def open(self, spider: Spider) -> None:
        if self.df is None:
            df_cls = load_object(self.dupefilter_cls)
            if not (isinstance(df_cls, type) and issubclass(df_cls, RFPDupeFilter)):
                raise ValueError(
                    f"SCHEDULER_DUPEFILTER_CLASS must be a Redis filter (a subclass of"
                    f" scrapy_redis.dupefilter.RFPDupeFilter), not {self.dupefilter_cls}"
                )
            debug = self.crawler.settings.getbool("DUPEFILTER_DEBUG")
            self.df = df_cls(self.server, key=self.dupefilter_key, debug=debug)
        super().open(spider)

    def enqueue_request(self, request: Request) -> bool:
        """Queue in Redis; while Redis does not answer, keep the request here and queue it
        when it answers again (no traceback per request)."""
        if self._unsent:
            self._unsent.append(request)
            return True
        try:
            return self._enqueue(request)
        except _REDIS_DOWN:
            self._unsent.append(request)
            return True

    def _enqueue(self, request: Request) -> bool:
        # A request this worker had leased (a retry, a redirect, the sister-domain copy of a
        # missing article) gives its lease back when it is queued again or filtered out.
        lease = request.meta.pop(LEASE_META, None)
        assert self.df is not None  # set in open()
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            if lease:
                self.frontier.release(lease)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        if isinstance(self.queue, LeasedPriorityQueue):
            self.queue.push(request, release=lease)
        else:
            self.queue.push(request)
            if lease:
                self.frontier.release(lease)
        return True

    def next_request(self) -> Request | None:
        try:
            self._send_unsent()
            request: Request | None = self.queue.pop(0)
        except _REDIS_DOWN:  # the run's extension waits for Redis and stops after the TTL
            return None
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        try:
            return bool(self._unsent) or bool(super().has_pending_requests())
        except _REDIS_DOWN:
            return bool(self._unsent)

    def _send_unsent(self) -> None:
        while self._unsent:
            request = self._unsent[0]
            self._enqueue(request)
            self._unsent.pop(0)

    def close(self, reason: str) -> Any:
        if self._unsent:
            logger.error(
                "%d requests could not be queued in Redis (unreachable) and are not in the run",
                len(self._unsent),
            )
        try:
            return super().close(reason)
        except _REDIS_DOWN:
            return None
