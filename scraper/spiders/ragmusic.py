"""The RAG Music spider: finds the list articles, fetches every page of each, hands them to parsers.

    scrapy crawl ragmusic                              en-us edition, sitemap + index pages
    scrapy crawl ragmusic -a lang=ja                   the Japanese edition (root path)
    scrapy crawl ragmusic -a lang=en,ja                several editions, kept apart
    scrapy crawl ragmusic -a start_urls=URL[,URL...]   given articles (all their pages) or listings
    scrapy crawl ragmusic -a prefer=www.studiorag.com  fetch shared articles from the sister domain

The spider only navigates; extraction is `parsers.parse_page`. Every page becomes one `PageItem`
(records, links, outcome) for the pipelines. Navigation knowledge is in `scraper.crawl.navigation`.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from parsel import Selector
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.project import data_path
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from parsers import parse_page
from parsers.sites.urls import parse_article_url
from scraper.crawl import gazetteer
from scraper.crawl import navigation as sites
from scraper.crawl import workers as children
from scraper.crawl.extractcache import ExtractCache, body_hash
from scraper.crawl.httpcache import REFETCH_META
from scraper.crawl.items import PageItem
from scraper.crawl.middlewares import PageSkipped
from scraper.run.manager import RunManager

logger = logging.getLogger(__name__)


def _split_arg(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.replace(",", " ").split() if v]
    return [v for v in value if v]


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def classify_failure(failure: Failure) -> str:
    """Error kind of a failed request, as counted in the run summary."""
    exc = failure.value
    if isinstance(exc, PageSkipped):
        return exc.kind
    if "Forbidden by robots.txt" in str(exc):
        return "robots_forbidden"
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        return "IgnoreRequest"  # dropped on purpose (a page the run already has)
    name = type(exc).__name__
    text = str(exc).lower()
    if "maxsize" in text or "max size" in text or "larger than download" in text:
        return "too_large"
    for kind, names in _FAILURE_KINDS:
        if name in names:
            return kind
    if "Timeout" in name or "timed out" in text:
        return "timeout"
    if "DNS" in name or "lookup" in name.lower() or "resolve" in name.lower():
        return "dns"
    if "SSL" in name or "TLS" in name or "certificate" in text:
        return "tls"
    if "Connection" in name or "Refused" in name:
        return "connection"
    return "download_error"  # anything else: the exception is in the page's warnings


# Download failures by exception class name (Scrapy's and Twisted's), as summary error kinds.
_FAILURE_KINDS = (
    ("timeout", {"DownloadTimeoutError", "TimeoutError", "TCPTimedOutError", "UserTimeoutError"}),
    ("dns", {"CannotResolveHostError", "DNSLookupError", "gaierror"}),
    (
        "connection_refused",
        {"DownloadConnectionRefusedError", "ConnectionRefusedError", "ConnectError"},
    ),
    (
        "connection_lost",
        {
            "ConnectionLost",
            "ConnectionDone",
            "ConnectionResetError",
            "ConnectionAborted",
            "ResponseNeverReceived",
            "ResponseFailed",
            "ResponseDataLossError",
            "PotentialDataLoss",
            "DownloadFailedError",
            "DownloadCancelledError",
        },
    ),
)


# Artist names the parser may use as evidence (seed + names learned by earlier crawls); set
# once per process (the worker pool's initializer, or the spider itself when parsing inline).
_GAZETTEER: tuple[str, ...] = ()


def set_gazetteer(names: tuple[str, ...]) -> None:
    global _GAZETTEER
    _GAZETTEER = names


def extract_article(text: str, url: str) -> dict[str, Any]:
    """Everything CPU-heavy about an article page, as plain data (runs in a worker process).

    The records and the pagination and related-article hrefs all come from one parse
    (parsers.parse_page); only a page the parser cannot read is looked at again with the
    crawler's own selectors (scraper.crawl.navigation), so that its links are still followed.
    """
    try:
        page = parse_page(text, url=url, gazetteer=_GAZETTEER)
    except Exception as exc:  # noqa: BLE001 - a parser crash must not stop the crawl
        sel = Selector(text=text)
        return {
            "error": f"{type(exc).__name__}: {exc}",
            "records": [],
            "warnings": [],
            "pagination": sel.css(sites.PAGINATION_LINKS).getall(),
            "related": sel.css(sites.RELATED_LINKS).getall(),
        }
    pagination, related = page.next_pages, page.related_links
    if not page.records and not pagination and not related:
        sel = Selector(text=text)  # an unknown layout: the crawler's selectors, for the links
        pagination = sel.css(sites.PAGINATION_LINKS).getall()
        related = sel.css(sites.RELATED_LINKS).getall()
    return {
        "error": None,
        "records": page.record_dicts(),
        "warnings": list(page.warnings),
        "pagination": pagination,
        "related": related,
    }


def _undecodable(response: TextResponse) -> str | None:
    """A note when the body has bytes invalid in its own declared encoding, else None."""
    try:
        response.body.decode(response.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        return f"invalid bytes for {response.encoding}: {exc}"[:200]
    return None


def _sort_key(
    records: list[dict[str, Any]], fallback: tuple[str, str, int]
) -> tuple[str, str, int]:
    """Output order of a page: by the article it really is (after redirects), then page."""
    for rec in records:
        article = rec.get("article") or {}
        parsed = parse_article_url(article.get("canonical_url") or article.get("url") or "")
        if parsed is not None:
            return (parsed.lang, parsed.slug, parsed.page)
    return fallback


class RagMusicSpider(Spider):
    name = "ragmusic"
    allowed_domains = list(sites.SITES)

    def __init__(
        self,
        start_urls: str | list[str] | None = None,
        lang: str = "en",
        prefer: str | None = None,
        follow_related: str | bool | None = None,
        sitemaps: str | bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.given_urls = _split_arg(start_urls)
        self.langs = set(_split_arg(lang)) or {"en"}
        unknown = self.langs - set(sites.ALL_LANGS)
        if unknown:
            raise ValueError(f"unknown edition(s) {sorted(unknown)}; known: {sites.ALL_LANGS}")
        self.preferred = prefer or sites.DEFAULT_PREFERRED_SITE
        if self.preferred not in sites.SITES:
            raise ValueError(f"prefer must be one of {sites.SITES}")
        # Single-article runs stay on their articles unless asked; discovery runs follow
        # "related" links too, which reach articles the index pages do not list.
        self.follow_related = (
            _truthy(follow_related) if follow_related is not None else not self.given_urls
        )
        self.use_sitemaps = _truthy(sitemaps)
        self._walked: set[str] = set()
        self.extract_cache: ExtractCache | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._gazetteer_loaded = False
        # redirected requests the duplicate filter dropped: key -> target, checked when idle
        self._dropped_redirects: dict[str, tuple[sites.Target, str]] = {}
        self._rechecked: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> RagMusicSpider:
        spider: RagMusicSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider._spider_idle, signal=signals.spider_idle)
        return spider

    def _request_dropped(self, request: Request, spider: Spider | None = None) -> None:
        if request.meta.get("redirect_urls") and "songlists_target" in request.meta:
            key = request.meta["songlists_key"]
            self._dropped_redirects[key] = (request.meta["songlists_target"], request.url)

    def _spider_idle(self, spider: Spider | None = None) -> None:
        """A page whose redirect the duplicate filter dropped went to a page fetched anyway:
        fine when that page was had; otherwise (a loop of pages that each redirect to the
        other, a target that failed) its request is made once more, now that the redirects of
        the run are known, so that it ends as a counted error instead of nowhere."""
        if self.settings.get("REDIS_URL"):
            # Distributed: the shared duplicate filter dropped it because some worker had the
            # page, and this worker's ledger cannot tell which; fetching it again would fetch
            # the target twice. (Loops are counted in single-process runs only.)
            self._dropped_redirects.clear()
            return
        pending = []
        for key, (target, went_to) in self._dropped_redirects.items():
            if key in self._rechecked or self.run.is_done(key):
                continue
            there = sites.classify_link(went_to, self.preferred)
            if there is not None and self.run.is_done(there.url):
                if not self.run.ledger.read(there.url).get("error"):
                    continue  # an alias of a page the run has
            self._rechecked.add(key)
            pending.append(target)
        self._dropped_redirects.clear()
        if not pending:
            return
        for target in pending:
            request = self._request(target)
            request.dont_filter = True
            request.meta["songlists_claimed"] = True
            self.crawler.stats.inc_value("songlists/redirects_rechecked")
            assert self.crawler.engine is not None
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    # -- set-up -----------------------------------------------------------------------------

    @property
    def run(self) -> RunManager:
        return RunManager.for_crawler(self.crawler)

    def _extract_cache(self) -> ExtractCache | None:
        if self.extract_cache is None:
            settings = self.crawler.settings
            directory = settings.get("SONGLISTS_EXTRACT_CACHE_DIR")
            if not directory and settings.getbool("HTTPCACHE_ENABLED"):
                directory = str(Path(data_path(settings["HTTPCACHE_DIR"])) / f"{self.name}.extract")
            if directory:
                self.extract_cache = ExtractCache(Path(directory))
        return self.extract_cache

    def entry_targets(self) -> list[sites.Target]:
        targets: list[sites.Target] = []
        if self.given_urls:
            for url in self.given_urls:
                target = sites.classify_link(url, self.preferred)
                if target is None:
                    raise ValueError(f"not a RAG Music article or listing URL: {url}")
                targets.append(target)
            return targets
        for lang in sorted(self.langs):
            if self.use_sitemaps:
                targets.append(sites.Target("sitemap", sites.sitemap_url(self.preferred), None))
            targets.append(
                sites.Target("listing", sites.edition_index_url(self.preferred, lang), lang)
            )
        return targets

    async def start(self) -> AsyncIterator[Any]:
        seen: set[str] = set()
        for target in self.entry_targets():
            if target.url in seen:
                continue
            seen.add(target.url)
            for request in self._follow(target):
                yield request

    # -- requests ---------------------------------------------------------------------------

    def _wanted(self, target: sites.Target) -> bool:
        if target.kind == "sitemap":
            return True
        return target.lang in self.langs

    def _follow(self, target: sites.Target) -> Iterator[Request]:
        """Requests for a target; for pages the run already has (a resumed run), their links.

        Walks the ledger iteratively so that a resumed run re-enters the frontier exactly where
        the pages it already has point to, without fetching them again.
        """
        stack = [target]
        while stack:
            t = stack.pop()
            if t.url in self._walked:
                continue
            self._walked.add(t.url)
            if not self.run.is_done(t.url):
                yield self._request(t)
                continue
            self.crawler.stats.inc_value("songlists/pages/from_ledger")
            for link in reversed(self.run.ledger.links(t.url)):
                nxt = sites.classify_link(link, self.preferred)
                if nxt is not None and self._wanted(nxt):
                    stack.append(nxt)

    def _request(self, target: sites.Target, url: str | None = None) -> Request:
        meta: dict[str, Any] = {"songlists_key": target.url, "songlists_target": target}
        callback: Callable[[Response], Any]
        if target.kind == "sitemap":
            meta["handle_httpstatus_list"] = [404, 410]
            callback = self.parse_sitemap
        elif target.kind == "listing":
            callback = self.parse_listing
        else:
            meta["handle_httpstatus_list"] = [404, 410]
            callback = self.parse_article
        priority = {"sitemap": 20, "listing": 10, "article": 0}[target.kind]
        if target.article is not None:
            # finish articles already started before opening new ones: pages 2.. first
            priority += min(target.article.page, 50)
        return Request(
            url or target.url,
            callback=callback,
            errback=self.on_error,
            meta=meta,
            priority=priority,
        )

    def _links(self, response: Response, selector: str) -> list[sites.Target]:
        targets = []
        for href in response.css(selector).getall():
            href = href.strip()
            if not href or href.startswith(("#", "javascript:", "mailto:")):
                continue
            absolute = response.urljoin(href)
            target = sites.classify_link(absolute, self.preferred)
            if target is None:
                if sites.is_offsite(absolute):
                    self.crawler.stats.inc_value("songlists/links/offsite")
                continue
            if self._wanted(target):
                targets.append(target)
        return targets

    def _emit(self, targets: Iterable[sites.Target]) -> Iterator[Request]:
        for target in targets:
            yield from self._follow(target)

    # -- callbacks --------------------------------------------------------------------------

    def _item(self, response: Response, kind: sites.LinkKind) -> PageItem:
        target: sites.Target = response.meta["songlists_target"]
        item = PageItem(
            key=response.meta["songlists_key"],
            url=response.url,
            kind=kind,
            status=response.status,
            lang=target.lang,
            cached="cached" in response.flags,
            size=len(response.body),
        )
        if target.article is not None:
            item.sort_key = (target.article.lang, target.article.slug, target.article.page)
        return item

    def _refetch(self, response: Response, why: str) -> Request | None:
        """A request for the page again, past the HTTP cache, when the body the cache answered
        with (after a 304) cannot be used: once per page, never for a fresh download."""
        if "cached" not in response.flags or response.meta.get(REFETCH_META):
            return None
        self.crawler.stats.inc_value("songlists/cache_refetch")
        logger.warning("cached body of %s is unusable (%s): fetching it again", response.url, why)
        request = response.request
        assert request is not None
        again = request.replace(dont_filter=True, meta={**request.meta, REFETCH_META: True})
        for name in (b"If-None-Match", b"If-Modified-Since"):  # set by the cache's policy
            again.headers.pop(name, None)
        return again

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        if not response.body and (again := self._refetch(response, "empty body")) is not None:
            yield again
            return
        item = self._item(response, "sitemap")
        targets: list[sites.Target] = []
        if response.status >= 400:
            item.warnings.append(f"no sitemap ({response.status})")
        else:
            try:
                sitemap = Sitemap(response.body)
            except Exception as exc:  # noqa: BLE001 - any parse failure is a malformed sitemap
                item.error = "malformed_sitemap"
                item.warnings.append(str(exc))
            else:
                for entry in sitemap:
                    loc = str(entry.get("loc", "")).strip()
                    if not loc:
                        continue
                    target = sites.classify_link(loc, self.preferred)
                    if target is None:
                        if sites.is_offsite(loc):
                            self.crawler.stats.inc_value("songlists/links/offsite")
                        continue
                    if self._wanted(target):
                        targets.append(target)
        item.links = [t.url for t in targets]
        yield from self._emit(targets)
        yield item

    def parse_listing(self, response: Response) -> Iterator[Any]:
        if not response.body and (again := self._refetch(response, "empty body")) is not None:
            yield again
            return
        item = self._item(response, "listing")
        targets = (
            self._links(response, sites.LISTING_LINKS) if isinstance(response, TextResponse) else []
        )
        item.links = [t.url for t in targets]
        yield from self._emit(targets)
        yield item

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        target: sites.Target = response.meta["songlists_target"]
        if response.status in (404, 410):
            alt = sites.other_site(response.url)
            if alt and not response.meta.get("songlists_alt_tried"):
                # The article may exist only on the sister domain.
                request = self._request(target, url=alt)
                request.meta["songlists_alt_tried"] = True
                request.meta["songlists_claimed"] = True
                request.dont_filter = True
                yield request
                return
            item = self._item(response, "article")
            item.error = f"http_{response.status}"
            yield item
            return
        item = self._item(response, "article")
        # After a redirect the page is the article it was redirected to: its pagination counts.
        here = sites.classify_link(response.url, self.preferred)
        if here is not None and here.article is not None:
            if here.url != target.url:
                item.alias = here.url
            target = here
        if not isinstance(response, TextResponse):
            if (again := self._refetch(response, "not HTML")) is not None:
                yield again
                return
            item.error = "not_html"
            yield item
            return
        digest = body_hash(response.body)
        cache = self._extract_cache()
        cached = cache.get(response.url, digest) if cache is not None else None
        if cached is not None:
            item.records = cached["records"]
            item.warnings = cached.get("warnings", [])
            item.error = cached.get("error")
            item.reused = True
            links = cached["links"]
            self.crawler.stats.inc_value("songlists/extraction/reused")
        else:
            malformed = _undecodable(response)
            # Scrapy's decoding honours the declared charset and replaces broken bytes, so a
            # damaged page still gives what it has; it is counted as malformed.
            result = await self._extract(response.text, response.url)
            links = self._article_links(response, target, result)
            if result["error"]:
                logger.error("parser failed on %s: %s", response.url, result["error"])
                item.error = "parse_error"
                item.warnings.append(result["error"])
            else:
                item.records = result["records"]
                item.warnings = result["warnings"]
                if malformed:
                    item.error = "malformed"
                    item.warnings.append(malformed)
                elif not item.records:
                    item.error = "no_entries"
            self.crawler.stats.inc_value("songlists/extraction/parsed")
            if cache is not None and item.error != "parse_error":
                cache.put(
                    response.url,
                    digest,
                    {
                        "records": item.records,
                        "warnings": item.warnings,
                        "error": item.error,
                        "links": links,
                    },
                )
        if item.error in ("parse_error", "no_entries") and not item.records:
            again = self._refetch(response, item.error)
            if again is not None:
                yield again
                return
        item.links = links
        item.sort_key = _sort_key(item.records, item.sort_key)
        for link in links:
            nxt = sites.classify_link(link, self.preferred)
            if nxt is not None and self._wanted(nxt):
                for request in self._follow(nxt):
                    yield request
        yield item

    async def _extract(self, text: str, url: str) -> dict[str, Any]:
        """extract_article, in the worker pool when there is one (the reactor keeps going)."""
        if self._pool is None:
            if not self._gazetteer_loaded:
                settings = self.crawler.settings
                path = gazetteer.crawl_path(
                    settings.get("SONGLISTS_OUTPUT_DIR"), settings.get("SONGLISTS_GAZETTEER")
                )
                set_gazetteer(gazetteer.load_for_crawl(path))
                self._gazetteer_loaded = True
            workers = self.crawler.settings.getint("SONGLISTS_PARSE_WORKERS", 0)
            if workers <= 0:
                return extract_article(text, url)
            # the worker (and the resource tracker) die with the crawl and never hold its
            # stdout/stderr (scraper/crawl/workers.py): `songlists crawl | cat` ends with the crawl
            children.start_resource_tracker()
            self._pool = ProcessPoolExecutor(
                workers,
                mp_context=get_context("spawn"),
                initializer=children.worker_initializer,
                initargs=(os.getpid(), set_gazetteer, _GAZETTEER),
            )
            with children.spawn_quietly():  # a submit starts a worker while none is idle
                for _ in range(workers):
                    self._pool.submit(os.getpid)
        return await asyncio.wrap_future(self._pool.submit(extract_article, text, url))

    def closed(self, reason: str) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @staticmethod
    def _same_article(a: sites.Target, b: sites.Target) -> bool:
        return (
            a.article is not None
            and b.article is not None
            and (a.article.lang, a.article.slug) == (b.article.lang, b.article.slug)
        )

    def _article_links(
        self, response: Response, target: sites.Target, result: dict[str, Any]
    ) -> list[str]:
        links: list[str] = []
        for href in result["pagination"]:
            nxt = self._target(response, href)
            if nxt is not None and self._same_article(nxt, target) and nxt.url not in links:
                links.append(nxt.url)
        if self.follow_related:
            for href in result["related"]:
                nxt = self._target(response, href)
                if nxt is not None and nxt.kind == "article" and nxt.url not in links:
                    if nxt.url != target.url:
                        links.append(nxt.url)
        return links

    def _target(self, response: Response, href: str) -> sites.Target | None:
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            return None
        absolute = response.urljoin(href)
        target = sites.classify_link(absolute, self.preferred)
        if target is None:
            if sites.is_offsite(absolute):
                self.crawler.stats.inc_value("songlists/links/offsite")
            return None
        return target if self._wanted(target) else None

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request: Request = failure.request  # type: ignore[attr-defined]
        kind = classify_failure(failure)
        if "songlists_key" not in request.meta or kind == "IgnoreRequest":
            return  # requests dropped on purpose (a page the run already has)
        target: sites.Target = request.meta["songlists_target"]
        if kind == "robots_forbidden":
            self.crawler.stats.inc_value("songlists/robots_forbidden")
        status = failure.value.response.status if isinstance(failure.value, HttpError) else None
        item = PageItem(
            key=request.meta["songlists_key"],
            url=request.url,
            kind=target.kind,
            status=status,
            error=kind,
            lang=target.lang,
            warnings=[str(failure.value)[:300]],
        )
        if target.article is not None:
            item.sort_key = (target.article.lang, target.article.slug, target.article.page)
        logger.warning("page failed (%s): %s", kind, request.url)
        yield item
