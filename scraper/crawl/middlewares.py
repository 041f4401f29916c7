"""Downloader middlewares: robots.txt for every waiting request, retries with exponential
backoff, and skipping pages a resumed run has."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.dupefilters import RFPDupeFilter
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater

from scraper.crawl.navigation import classify_link, is_offsite
from scraper.run.manager import RunManager
from scraper.run.mode import keeps_run_state

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser
    from scrapy.settings import BaseSettings
    from scrapy.utils.request import RequestFingerprinterProtocol
    from typing_extensions import Self

logger = logging.getLogger(__name__)

DELAY_META = "songlists_retry_delay"


class PageSkipped(IgnoreRequest):
    """A page that cannot be had, with the error kind it is counted under in the summary."""

    kind = "skipped"


class RedirectLoop(PageSkipped):
    kind = "redirect_loop"


class OffsiteRedirect(PageSkipped):
    kind = "redirect_offsite"


class TooManyRedirects(PageSkipped):
    kind = "too_many_redirects"


class CheckedRedirectMiddleware(RedirectMiddleware):
    """Scrapy's RedirectMiddleware, with the redirects that lose a page made errors.

    Scrapy follows a redirect by scheduling a new request: a redirect to the page itself, or
    back to a page of the chain (A -> B -> A), is then dropped by the duplicate filter, and a
    redirect off the two sites by the offsite middleware, both without a word: the page was
    neither fetched nor counted. Here such a redirect fails the page's request with
    `RedirectLoop` / `OffsiteRedirect` (and Scrapy's "max redirections" with
    `TooManyRedirects`), which the spider records as the page's error. Redirects seen in this
    run are remembered (`redirects`: URL -> target), so a loop through requests that each went
    their own way (A linked, B linked, A -> B, B -> A) is found as well.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.redirects: dict[str, str] = {}

    def _redirect(self, redirected: Request, request: Request, reason: object) -> Request:
        if "songlists_key" not in request.meta:
            return super()._redirect(redirected, request, reason)
        source, target = request.url, redirected.url.split("#", 1)[0]
        chain = [*request.meta.get("redirect_urls", []), source]
        self.redirects[source] = target
        seen, hop = set(chain), target
        while hop not in seen and hop in self.redirects:
            seen.add(hop)
            hop = self.redirects[hop]
        if hop in seen:  # the walk came back to a URL it had seen: a cycle
            self.crawler.stats.inc_value("songlists/redirect_loops")
            raise RedirectLoop(f"redirect loop: {' -> '.join([*chain, target])}")
        if is_offsite(target):
            self.crawler.stats.inc_value("songlists/redirects_offsite")
            raise OffsiteRedirect(f"redirect off the sites: {source} -> {target}")
        try:
            return super()._redirect(redirected, request, reason)
        except PageSkipped:
            raise
        except IgnoreRequest as exc:  # "max redirections reached"
            raise TooManyRedirects(f"{exc}: {' -> '.join([*chain, target])}") from None


class RobotsMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, with every request that waited for robots.txt checked.

    Scrapy keeps one Deferred per site while robots.txt is fetched, and each waiting request
    awaits it through `Deferred.asFuture`, whose callback returns None: the first waiter gets
    the parser, every later one gets None, which means "no robots.txt, allow everything". A
    normal run has one or two waiters; a resumed run (Ctrl-C, then the same --jobdir) starts
    with a dozen requests from its queue waiting at once, and fetched pages robots.txt forbids.
    Here a waiter reads the parser the middleware stored for the site once the wait is over.
    A robots.txt that cannot be fetched is one warning, not a traceback per site.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            scheme = urlparse_cached(request).scheme
            robots = Request(
                f"{scheme}://{netloc}/robots.txt",
                priority=self.DOWNLOAD_PRIORITY,
                meta={"dont_obey_robotstxt": True},
                callback=NO_CALLBACK,
            )
            try:
                response = await self.crawler.engine.download_async(robots)  # type: ignore[union-attr,unused-ignore]
                await self._parse_robots(response, netloc, request)
            except Exception as exc:  # noqa: BLE001 - Scrapy's rule: no robots.txt, no limits
                if not isinstance(exc, IgnoreRequest):
                    logger.warning(
                        "robots.txt of %s could not be fetched (%s: %s)",
                        netloc,
                        type(exc).__name__,
                        str(exc)[:200],
                    )
                self._robots_error(exc, netloc)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            await maybe_deferred_to_future(parser)
            parser = self._parsers[netloc]  # what the fetch stored, for every waiter
        return None if isinstance(parser, Deferred) else parser


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware (429/5xx/timeouts) plus a wait before each retry.

    The wait is `base * 2**(attempt-1)` seconds with ±20% jitter, capped at
    `SONGLISTS_RETRY_BACKOFF_MAX`; a `Retry-After` header (429/503) is honoured when longer.
    The wait happens in `process_request` of the retried request, so other requests go on.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("SONGLISTS_RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("SONGLISTS_RETRY_BACKOFF_MAX", 60.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        o = cls(crawler.settings)
        o.crawler = crawler
        return o

    def _retry(self, request: Request, reason: str | Exception | type[Exception]) -> Request | None:
        new = super()._retry(request, reason)
        if new is not None:
            attempt = int(new.meta.get("retry_times", 1))
            delay = min(self.cap, self.base * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
            retry_after = new.meta.pop("_songlists_retry_after", None)
            if retry_after is not None:
                delay = max(delay, min(float(retry_after), self.cap))
            new.meta[DELAY_META] = delay
        return new

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if response.status in (429, 503) and b"Retry-After" in response.headers:
            value = (response.headers.get(b"Retry-After") or b"").decode("latin-1").strip()
            seconds: float | None = None
            if value.isdigit():
                seconds = float(value)
            else:
                try:
                    when = parsedate_to_datetime(value)
                    date = parsedate_to_datetime(
                        (response.headers.get(b"Date") or b"").decode("latin-1")
                    )
                    seconds = max(0.0, (when - date).total_seconds())
                except (TypeError, ValueError):
                    seconds = None
            if seconds is not None:
                request.meta["_songlists_retry_after"] = seconds
        return super().process_response(request, response)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        delay = request.meta.pop(DELAY_META, None)
        if delay:
            from twisted.internet import reactor  # the installed one, never at import time

            self.crawler.stats.inc_value("songlists/retry_backoff_s", round(delay, 3))
            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return None


class ResumeSkipMiddleware:
    """Drop requests for pages the run already has (its ledger), and a second request for a
    page already in flight. Matters after a resume, when Scrapy's restored queue and the
    frontier rebuilt from the ledger may name the same page."""

    def __init__(self, crawler: Crawler) -> None:
        if not keeps_run_state(crawler.settings):
            raise NotConfigured("no run state (scrapy parse/shell/check)")
        self.crawler = crawler
        self.in_flight: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        key = request.meta.get("songlists_key")
        if key is None:
            return None
        run = RunManager.for_crawler(self.crawler)
        if request.meta.get("redirect_urls"):
            # a redirect to a page the run already has (seen after a resume)
            target = classify_link(request.url)
            if target is not None and target.url != key and run.is_done(target.url):
                self.crawler.stats.inc_value("songlists/resume_skipped")
                raise IgnoreRequest(f"already have {target.url}")
        if request.meta.get("songlists_claimed"):
            return None
        if run.is_done(key) or key in self.in_flight:
            self.crawler.stats.inc_value("songlists/resume_skipped")
            raise IgnoreRequest(f"already have {key}")
        self.in_flight.add(key)
        request.meta["songlists_claimed"] = True
        return None


class RunDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate filter, in memory only, even with JOBDIR.

    Scrapy's `requests.seen` also lists requests that were in flight when a job stopped; a
    resumed job would then never fetch them. The run ledger knows which pages are really done,
    so the frontier is rebuilt from it and this filter only removes duplicates within a process
    (ResumeSkipMiddleware drops what the ledger already has)."""

    def __init__(
        self,
        path: str | None = None,
        debug: bool = False,
        *,
        fingerprinter: RequestFingerprinterProtocol | None = None,
    ) -> None:
        super().__init__(None, debug, fingerprinter=fingerprinter)


class CallbackFailureMiddleware:
    """A spider middleware: a callback that raises would lose its page from the run (no outcome
    in the ledger, a run reported healthy and complete without it). The spider's
    `callback_failed(response, exception)` gives the page's failed outcome instead; the error
    is logged with its traceback and counted (`songlists/callback_errors`). Spiders without
    that method get Scrapy's own handling."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_spider_exception(
        self, response: Response, exception: Exception, spider: Spider | None = None
    ) -> Iterable[Any] | None:
        handler = getattr(self.crawler.spider, "callback_failed", None)
        if handler is None:
            return None
        logger.error(
            "the callback of %s raised %s: %s",
            response.url, type(exception).__name__, exception, exc_info=exception,
        )  # fmt: skip
        self.crawler.stats.inc_value("songlists/callback_errors")
        outcome: Iterable[Any] = handler(response, exception)
        return outcome
