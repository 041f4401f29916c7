"""Article extraction in a crawl: the parse (in a worker pool when there is one), the extraction
cache, and what a page's item gets from them.

The spider navigates; for an article page it asks `ArticleExtractor.read` to fill the page's
item (records, warnings, error) and to give the links to follow, which the spider chooses from
the parse's pagination and related-article hrefs (`links_of`).
"""

from __future__ import annotations

import functools
import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parsel import Selector
from scrapy.utils.project import data_path
from w3lib.encoding import html_to_unicode

from parsers import parse_page
from parsers.sites.html_template import PAGINATION_XPATH, RELATED_XPATH
from parsers.sites.urls import ArticleUrl, record_article_url
from scraper.crawl import gazetteer
from scraper.crawl import workers as children
from scraper.crawl.extractcache import ExtractCache, body_hash

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import TextResponse

    from scraper.crawl.items import PageItem

logger = logging.getLogger(__name__)

# The links to follow from a parse's result (its "pagination" and "related" hrefs).
LinksOf = Callable[[dict[str, Any]], list[str]]

# Times a page is sent to the extraction worker when the worker dies with it in (see _run).
WORKER_ATTEMPTS = 3

# Artist names the parser may use as evidence (seed + names learned by earlier crawls); set
# once per process (the worker pool's initializer, or the spider itself when parsing inline).
_GAZETTEER: tuple[str, ...] = ()


def set_gazetteer(names: tuple[str, ...]) -> None:
    global _GAZETTEER
    _GAZETTEER = names


def _failed(
    error: str, pagination: list[str] | None = None, related: list[str] | None = None
) -> dict[str, Any]:
    """The result of a page that gave no parse: its error, and the links still found."""
    return {"error": error, "records": [], "warnings": [],
            "pagination": pagination or [], "related": related or []}  # fmt: skip


def _template_links(text: str) -> tuple[list[str], list[str]]:
    """The pagination and related-article hrefs the template's link XPaths alone find."""
    sel = Selector(text=text)
    return sel.xpath(PAGINATION_XPATH).getall(), sel.xpath(RELATED_XPATH).getall()


def extract_article(text: str, url: str) -> dict[str, Any]:
    """Everything CPU-heavy about an article page, as plain data (runs in a worker process).

    The records and the pagination and related-article hrefs all come from one parse
    (parsers.parse_page); only a page the parser cannot read is looked at again with the
    template's link XPaths alone (parsers.sites.html_template), so that its links are still
    followed.
    """
    try:
        page = parse_page(text, url=url, gazetteer=_GAZETTEER)
    except Exception as exc:  # noqa: BLE001 - a parser crash must not stop the crawl
        return _failed(f"{type(exc).__name__}: {exc}", *_template_links(text))
    pagination, related = page.next_pages, page.related_links
    if not page.records and not pagination and not related:
        pagination, related = _template_links(text)  # an unknown layout
    return {
        "error": None,
        "records": page.record_dicts(),
        "warnings": list(page.warnings),
        "pagination": pagination,
        "related": related,
    }


def undecodable(body: bytes, encoding: str) -> str | None:
    """A note when the body has bytes invalid in its own declared encoding, else None."""
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        return f"invalid bytes for {encoding}: {exc}"[:200]
    return None


# The extraction cache of each folder this process has opened (a worker opens its crawl's once).
_CACHES: dict[str, ExtractCache] = {}


def _cache_at(directory: str | None) -> ExtractCache | None:
    if directory is None:
        return None
    if directory not in _CACHES:
        _CACHES[directory] = ExtractCache(Path(directory))
    return _CACHES[directory]


class ParseTimeout(Exception):  # noqa: N818 - the name the page's warning shows
    """A parse ran past SONGLISTS_PARSE_TIMEOUT."""


def within(seconds: float, fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """fn(*args), stopped with ParseTimeout after `seconds` (a SIGALRM timer; the regular
    expression engine checks for signals too). Only in a process's main thread, where signals
    are delivered (the worker's, or the reactor's when parsing inline); elsewhere, or with
    `seconds` <= 0, without a limit."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        return fn(*args)
    armed = True

    def alarm(signum: int, frame: Any) -> None:
        if armed:  # a timer firing once fn has returned raises nothing
            raise ParseTimeout(f"the parse took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args)
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def decoded(body: bytes, encoding: str) -> str:
    """The body as Scrapy's `TextResponse.text` decodes it (its resolved encoding, broken
    bytes replaced), so that a worker is sent the body alone (docs/performance.md)."""
    return html_to_unicode(f"charset={encoding}", body)[1]


def read_article(
    body: bytes,
    encoding: str,
    url: str,
    cache_dir: str | None,
    timeout: float = 0.0,
    *,
    text: str | None = None,
) -> dict[str, Any]:
    """An article page's extraction, as plain data: the extraction cache's entry when neither
    the body nor the parser changed, else `extract_article` (stored in the cache). Runs in the
    worker process, cache included, so that the crawl's reactor thread only sends the page and
    reads the result (docs/performance.md).

    A parse that takes longer than `timeout` seconds (SONGLISTS_PARSE_TIMEOUT) is stopped: the
    page is a parse error (`within`). The result has `extract_article`'s keys, `malformed`
    (the note of a body with bytes invalid in its declared encoding, `text` being Scrapy's
    decoding, which replaces them; `decoded` when not given) and `reused`.
    The cache holds the parse's own hrefs, not the links a spider chose from them, so a spider
    with other options (`follow_related`) still chooses from all of them.
    """
    cache = _cache_at(cache_dir)
    digest = body_hash(body)
    cached = cache.get(url, digest) if cache is not None else None
    if cached is not None:
        return {**cached, "reused": True}
    try:  # a timeout inside parse_page is its error; one in the links' fallback lands here
        page = decoded(body, encoding) if text is None else text
        result = within(timeout, extract_article, page, url)
    except ParseTimeout as exc:
        result = _failed(f"ParseTimeout: {exc}")
    result["malformed"] = undecodable(body, encoding)
    if cache is not None and result["error"] is None:  # a crash is retried next run
        cache.put(url, digest, result)
    result["reused"] = False
    return result


def page_order(article: ArticleUrl) -> tuple[str, str, int]:
    """Where an article page goes in the run's JSONL: (lang, slug, page)."""
    return (article.lang, article.slug, article.page)


def records_order(
    records: list[dict[str, Any]], fallback: tuple[str, str, int]
) -> tuple[str, str, int]:
    """Output order of a page: by the article it really is (after redirects), then page."""
    for rec in records:
        article = record_article_url(rec)
        if article is not None:
            return page_order(article)
    return fallback


def apply_result(item: PageItem, result: dict[str, Any]) -> None:
    """The item's records, warnings and error from `read_article`'s result."""
    item.reused = result["reused"]
    if result["error"]:
        logger.error("parser failed on %s: %s", item.url, result["error"])
        item.error = "parse_error"
        item.warnings.append(result["error"])
        return
    item.records = result["records"]
    item.warnings = list(result["warnings"])
    if result["malformed"]:
        item.error = "malformed"
        item.warnings.append(result["malformed"])
    elif not item.records:
        item.error = "no_entries"


class ArticleExtractor:
    """The extraction of a crawl's article pages: the parse (in SONGLISTS_PARSE_WORKERS worker
    processes, or inline when 0), the gazetteer it uses, the extraction cache."""

    def __init__(self, crawler: Crawler, cache_name: str) -> None:
        self.crawler = crawler
        self.cache_name = cache_name  # the cache's folder beside the HTTP cache's: NAME.extract
        self._pool: children.WorkerPool | None = None
        self._gazetteer_loaded = False

    @functools.cached_property
    def cache_dir(self) -> str | None:
        """SONGLISTS_EXTRACT_CACHE_DIR, else one beside the HTTP cache when it is on, else None."""
        settings = self.crawler.settings
        directory: str | None = settings.get("SONGLISTS_EXTRACT_CACHE_DIR")
        if not directory and settings.getbool("HTTPCACHE_ENABLED"):
            http_cache = Path(data_path(settings["HTTPCACHE_DIR"]))
            directory = str(http_cache / f"{self.cache_name}.extract")
        return directory or None

    async def read(self, response: TextResponse, item: PageItem, links_of: LinksOf) -> list[str]:
        """Fill `item` from the page (`read_article`) and return the links `links_of` picks
        from the parse's pagination and related-article hrefs."""
        # Scrapy's decoding honours the declared charset and replaces broken bytes, so a
        # damaged page still gives what it has; it is counted as malformed.
        args = (
            response.body, response.encoding, response.url, self.cache_dir,
            self.crawler.settings.getfloat("SONGLISTS_PARSE_TIMEOUT", 0.0),
        )  # fmt: skip
        result = await self._run(response, args)
        apply_result(item, result)
        outcome = "reused" if result["reused"] else "parsed"
        self.crawler.stats.inc_value(f"songlists/extraction/{outcome}")
        return links_of(result)

    async def _run(self, response: TextResponse, args: tuple[Any, ...]) -> dict[str, Any]:
        """read_article(*args) for the page, in a worker process when there is one (the
        reactor keeps going; scraper.crawl.workers), which decodes the body itself (the body
        alone is sent); inline with the response's own text.

        A worker that dies (killed, out of memory, a crash in C code) fails every page in it:
        it is started again and each page sent again, WORKER_ATTEMPTS times in all. A page on
        which the worker died every time is a parse error (recorded, parsed again next run),
        never a page lost from the run.
        """
        if self._pool is None:
            self._load_gazetteer()
            workers = self.crawler.settings.getint("SONGLISTS_PARSE_WORKERS", 0)
            if workers <= 0:
                return read_article(*args, text=response.text)
            self._pool = children.WorkerPool(
                workers, set_gazetteer, (_GAZETTEER,), on_death=self._worker_died
            )
        for attempt in range(1, WORKER_ATTEMPTS + 1):
            try:
                result: dict[str, Any] = await self._pool.call(read_article, *args)
                return result
            except children.WorkerDied as exc:
                logger.warning(
                    "the extraction worker died (%s) while %s was in it (attempt %d of %d)",
                    exc, response.url, attempt, WORKER_ATTEMPTS,
                )  # fmt: skip
                self.crawler.stats.inc_value("songlists/extraction/worker_died")
        died = _failed(f"the extraction worker died on this page {WORKER_ATTEMPTS} times")
        return {**died, "malformed": None, "reused": False}

    def _worker_died(self, exc: children.WorkerDied, pages: int) -> None:
        """A worker ended with no page in it (killed while idle): counted, started again by
        the next page. One with pages in it is counted by each of them (`_run`)."""
        if not pages:
            logger.warning("the extraction worker died (%s) with no page in it", exc)
            self.crawler.stats.inc_value("songlists/extraction/worker_died")

    def _load_gazetteer(self) -> None:
        if not self._gazetteer_loaded:
            path = gazetteer.crawl_path(self.crawler.settings)
            set_gazetteer(gazetteer.load_for_crawl(path))
            self._gazetteer_loaded = True

    def close(self) -> None:
        """End the worker processes, if any were started (and wait for them)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None
