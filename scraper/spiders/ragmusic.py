"""The RAG Music spider: finds the list articles, fetches every page of each, hands them to parsers.

    scrapy crawl ragmusic                              en-us edition, sitemap + index pages
    scrapy crawl ragmusic -a lang=ja                   the Japanese edition (root path)
    scrapy crawl ragmusic -a lang=en,ja                several editions, kept apart
    scrapy crawl ragmusic -a start_urls=URL[,URL...]   given articles (all their pages) or listings
    scrapy crawl ragmusic -a prefer=www.studiorag.com  fetch shared articles from the sister domain

The spider only navigates; extraction is `parsers.parse_page`, run by `scraper.crawl.extract`
(worker pool, extraction cache, the page's outcome). The items are the songs (`SongItem`); each
page's outcome (`PageItem`: status, error, links) goes to the run ledger with the `page_done`
signal sent before its songs. Navigation knowledge is in `scraper.crawl.navigation`, the
error kinds of failed requests in `scraper.crawl.failures`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from scraper.crawl import navigation as sites
from scraper.crawl.extract import ArticleExtractor, page_order, records_order
from scraper.crawl.failures import classify_failure
from scraper.crawl.httpcache import REFETCH_META
from scraper.crawl.items import PageItem, SongItem, page_done
from scraper.run.clock import now_iso
from scraper.run.manager import RunBase, RunManager
from scraper.run.mode import keeps_run_state

logger = logging.getLogger(__name__)


def _split_arg(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.replace(",", " ").split() if v]
    return [v for v in value if v]


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


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
        self._extractor: ArticleExtractor | None = None
        # redirected requests the duplicate filter dropped: key -> target, checked when idle
        self._dropped_redirects: dict[str, tuple[sites.Target, str]] = {}
        self._rechecked: set[str] = set()
        self._recorded: set[str] = set()  # keys of the pages whose outcome went to the ledger

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
        run = self.run
        if run is None:
            return
        pending = []
        for key, (target, went_to) in self._dropped_redirects.items():
            if key in self._rechecked or run.is_done(key):
                continue
            there = sites.classify_link(went_to, self.preferred)
            if there is not None and run.is_done(there.url):
                if not run.ledger.read(there.url).get("error"):
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
    def run(self) -> RunBase | None:
        """The run this crawl writes; None under Scrapy's tools (scraper/run/mode.py)."""
        if not keeps_run_state(self.crawler.settings):
            return None
        return RunManager.for_crawler(self.crawler)

    @property
    def extractor(self) -> ArticleExtractor:
        """The extraction of this crawl's article pages (made on first use)."""
        if self._extractor is None:
            self._extractor = ArticleExtractor(self.crawler, self.name)
        return self._extractor

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
        run = self.run
        if run is None:  # Scrapy's tools: every link as a request (the dupefilter is off)
            yield self._request(target)
            return
        stack = [target]
        while stack:
            t = stack.pop()
            if t.url in self._walked:
                continue
            self._walked.add(t.url)
            if not run.is_done(t.url):
                yield self._request(t)
                continue
            self.crawler.stats.inc_value("songlists/pages/from_ledger")
            stack.extend(reversed(self._link_targets(run.ledger.links(t.url))))

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

    def _classified(self, url: str) -> sites.Target | None:
        """The wanted target an absolute URL is, else None (an off-site one is counted)."""
        target = sites.classify_link(url, self.preferred)
        if target is None:
            if sites.is_offsite(url):
                self.crawler.stats.inc_value("songlists/links/offsite")
            return None
        return target if self._wanted(target) else None

    def _target(self, response: Response, href: str) -> sites.Target | None:
        """The wanted target an href of the page points to, else None."""
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            return None
        return self._classified(response.urljoin(href))

    def _links(self, response: Response, selector: str) -> list[sites.Target]:
        targets = []
        for href in response.css(selector).getall():
            target = self._target(response, href)
            if target is not None:
                targets.append(target)
        return targets

    def _link_targets(self, links: Iterable[str]) -> list[sites.Target]:
        """The wanted targets among a page's links (the canonical URLs it recorded)."""
        targets = []
        for link in links:
            target = sites.classify_link(link, self.preferred)
            if target is not None and self._wanted(target):
                targets.append(target)
        return targets

    def _emit(self, targets: Iterable[sites.Target]) -> Iterator[Request]:
        for target in targets:
            yield from self._follow(target)

    # -- callbacks --------------------------------------------------------------------------

    def _target_of(self, response: Response) -> sites.Target:
        """The target a response answers: from its request, or (a request made without this
        spider's meta: `scrapy parse`, a contract) read from its URL."""
        target: sites.Target | None = response.meta.get("songlists_target")
        if target is None:
            target = sites.classify_link(response.url, self.preferred)
            if target is None:
                raise ValueError(f"not a RAG Music article, listing or sitemap URL: {response.url}")
        return target

    def _item(self, response: Response, kind: sites.LinkKind) -> PageItem:
        target = self._target_of(response)
        item = PageItem(
            key=response.meta.get("songlists_key", target.url),
            url=response.url,
            kind=kind,
            status=response.status,
            lang=target.lang,
            cached="cached" in response.flags,
            size=len(response.body),
            fetched_at=now_iso(),
        )
        if target.article is not None:
            item.sort_key = page_order(target.article)
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

    def _done(self, item: PageItem) -> Iterator[SongItem]:
        """The page is done: its outcome to the run ledger (`page_done`), then its songs."""
        records, item.records = item.records, []
        self._recorded.add(item.key)
        self.crawler.signals.send_catch_log(
            signal=page_done, page=item, entry_ids=[str(r.get("entry_id")) for r in records]
        )
        for rec in records:
            rec["fetched_at"] = item.fetched_at
            yield SongItem.from_record(rec)

    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        """A response to a request made without a callback (`scrapy parse URL`): the callback
        of the page's kind.

        @url https://www.ragnet.co.jp/en-us/tearful-love-songs
        @returns items 1
        @returns requests 1
        @scrapes schema_version entry_id song_id title artist heading_raw split article fetched_at
        """
        kind = self._target_of(response).kind
        if kind == "article":
            async for out in self.parse_article(response):
                yield out
        else:
            for out in (self.parse_sitemap if kind == "sitemap" else self.parse_listing)(response):
                yield out

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        """The article and listing pages a sitemap lists.

        @url https://www.ragnet.co.jp/sitemap.xml
        @returns items 0 0
        @returns requests 1
        """
        if not response.body and (again := self._refetch(response, "empty body")) is not None:
            yield again
            return
        item = self._item(response, "sitemap")
        targets: list[sites.Target] = []
        if response.status >= 400:
            item.warnings.append(f"no sitemap ({response.status})")
        else:
            targets = self._sitemap_targets(response, item)
        item.links = [t.url for t in targets]
        yield from self._emit(targets)
        yield from self._done(item)

    def _sitemap_targets(self, response: Response, item: PageItem) -> list[sites.Target]:
        """The wanted targets a sitemap lists; a sitemap that cannot be read is the item's error."""
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # noqa: BLE001 - any parse failure is a malformed sitemap
            item.error = "malformed_sitemap"
            item.warnings.append(str(exc))
            return []
        targets = []
        for entry in sitemap:
            loc = str(entry.get("loc", "")).strip()
            target = self._classified(loc) if loc else None
            if target is not None:
                targets.append(target)
        return targets

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """The articles an index page links to.

        @url https://www.ragnet.co.jp/en-us/
        @returns items 0 0
        @returns requests 1
        """
        if not response.body and (again := self._refetch(response, "empty body")) is not None:
            yield again
            return
        item = self._item(response, "listing")
        targets = (
            self._links(response, sites.LISTING_LINKS) if isinstance(response, TextResponse) else []
        )
        item.links = [t.url for t in targets]
        yield from self._emit(targets)
        yield from self._done(item)

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        """The songs of an article page, and requests for its other pages.

        @url https://www.ragnet.co.jp/en-us/tearful-love-songs
        @returns items 1
        @returns requests 1
        @scrapes schema_version entry_id song_id position title artist heading_raw split article
        """
        target = self._target_of(response)
        if response.status in (404, 410):
            outcome = self._not_found(response, target)
            if isinstance(outcome, Request):
                yield outcome
            else:
                for song in self._done(outcome):
                    yield song
            return
        item = self._item(response, "article")
        target = self._arrived(response, target, item)
        if not isinstance(response, TextResponse):
            if (again := self._refetch(response, "not HTML")) is not None:
                yield again
                return
            item.error = "not_html"
            for song in self._done(item):
                yield song
            return
        links_of = functools.partial(self._article_links, response, target)
        links = await self.extractor.read(response, item, links_of)
        if item.error in ("parse_error", "no_entries") and not item.records:
            again = self._refetch(response, item.error)
            if again is not None:
                yield again
                return
        item.links = links
        item.sort_key = records_order(item.records, item.sort_key)
        for request in self._emit(self._link_targets(links)):
            yield request
        for song in self._done(item):
            yield song

    def _not_found(self, response: Response, target: sites.Target) -> Request | PageItem:
        """A 404 or 410 article: asked once of the sister domain (the article may exist only
        there), else the page's error."""
        alt = sites.other_site(response.url)
        if alt and not response.meta.get("songlists_alt_tried"):
            request = self._request(target, url=alt)
            request.meta["songlists_alt_tried"] = True
            request.meta["songlists_claimed"] = True
            request.dont_filter = True
            return request
        item = self._item(response, "article")
        item.error = f"http_{response.status}"
        return item

    def _arrived(self, response: Response, target: sites.Target, item: PageItem) -> sites.Target:
        """The article the page is after redirects (its pagination counts): the requested
        one, or the one it was redirected to, which becomes the item's alias."""
        here = sites.classify_link(response.url, self.preferred)
        if here is None or here.article is None:
            return target
        if here.url != target.url:
            item.alias = here.url
        return here

    def callback_failed(self, response: Response, exception: BaseException) -> Iterator[SongItem]:
        """A callback raised on this page (scraper.crawl.middlewares.CallbackFailureMiddleware):
        its outcome is the error `callback_error`, so the run records the page as failed (and
        the next run tries it again) instead of losing it. Nothing when its outcome was
        recorded already, or when the response is not one of this spider's pages."""
        try:
            target = self._target_of(response)
        except ValueError:
            return
        key = response.meta.get("songlists_key", target.url)
        if key in self._recorded:
            return
        item = self._item(response, target.kind)
        item.error = "callback_error"
        item.warnings.append(f"{type(exception).__name__}: {exception}"[:300])
        yield from self._done(item)

    def closed(self, reason: str) -> None:
        if self._extractor is not None:
            self._extractor.close()

    @staticmethod
    def _same_article(a: sites.Target, b: sites.Target) -> bool:
        return (
            a.article is not None
            and b.article is not None
            and a.article.article_key == b.article.article_key
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
            item.sort_key = page_order(target.article)
        logger.warning("page failed (%s): %s", kind, request.url)
        yield from self._done(item)
