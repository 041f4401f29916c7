"""Item pipelines: each song normalised, stamped with its run, validated and deduplicated,
then its page written to the run ledger once all the page's songs are through.

Configured in settings.ITEM_PIPELINES, in this order:

    ProvenancePipeline  `run_id` on every song (the spider set `fetched_at`)
    NormalisePipeline   NFKC, whitespace and quotes in the text fields
    ValidatePipeline    JSON Schema; an invalid song is dropped (RecordRejected, with the reason)
                        and goes to the run's rejects file
    DedupePipeline      drops a song already written in this run (same article page + position)
    LedgerPipeline      collects the songs of each page (the spider announced the page with the
                        `page_done` signal) and appends the page to the run ledger when the last
                        of them is through or dropped; the run's JSONL and summary are written
                        from the ledger when the spider closes (see scraper.run.manager)

Items are `SongItem`s, read through itemadapter (any item class with the same fields works).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured

from parsers.schema import load_schema
from parsers.sites.urls import record_article_url
from parsers.textutil.normalise import QUOTE_FOLDS, straighten_quotes
from scraper.crawl import gazetteer
from scraper.crawl.items import PageItem, SongItem, page_done, page_written
from scraper.run.manager import RunManager
from scraper.run.mode import keeps_run_state

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)

_SPACES = re.compile(r"[^\S\n]+")
_BLANKS = re.compile(r"\s*\n\s*\n\s*")
# Text fields normalised; `heading_raw` stays exactly as on the page (the schema says so).
_TEXT_FIELDS = ("title", "artist", "section", "context", "description")


def _quote_straightener() -> Callable[[str], str]:
    """`straighten_quotes` as one `str.replace` per quote mark: the same text, several times
    faster than its `str.translate` with a dict (a third of a song's time in the pipelines;
    docs/performance.md). The translation itself when a replacement holds a mark (then
    replacing one mark after another could differ from translating them all at once)."""
    folds = tuple(QUOTE_FOLDS.items())
    if any(mark in new for _, new in folds for mark, _ in folds):
        return straighten_quotes

    def straighten(text: str) -> str:
        if text.isascii():
            return text
        for mark, new in folds:
            text = text.replace(mark, new)
        return text

    return straighten


_straighten = _quote_straightener()


def normalise_text(text: str, *, keep_paragraphs: bool = False) -> str:
    text = _straighten(unicodedata.normalize("NFKC", text))
    if keep_paragraphs:
        paragraphs = [_SPACES.sub(" ", p).strip() for p in _BLANKS.split(text)]
        return "\n\n".join(" ".join(p.split()) for p in paragraphs if p)
    return " ".join(text.split())


def normalise_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its text fields normalised (a new dict; the input is not changed)."""
    rec = dict(record)
    for name in _TEXT_FIELDS:
        value = rec.get(name)
        if isinstance(value, str):
            rec[name] = normalise_text(value, keep_paragraphs=name == "description")
    if isinstance(rec.get("video_titles"), list):
        rec["video_titles"] = [
            normalise_text(v) if isinstance(v, str) else v for v in rec["video_titles"]
        ]
    for group in ("tie_ins", "awards"):
        if isinstance(rec.get(group), list):
            rec[group] = [
                {k: normalise_text(v) if isinstance(v, str) else v for k, v in entry.items()}
                if isinstance(entry, dict)
                else entry
                for entry in rec[group]
            ]
    article = rec.get("article")
    if isinstance(article, dict) and isinstance(article.get("title"), str):
        rec["article"] = {**article, "title": normalise_text(article["title"])}
    return rec


def dedupe_key(record: dict[str, Any]) -> str:
    """Identity of an entry, independent of the domain it was fetched from."""
    page = record_article_url(record)
    if page is not None:
        return f"{page.page_key}#{record.get('position')}"
    return str(record.get("entry_id"))


def compile_fast_validator() -> Callable[[dict[str, Any]], bool] | None:
    """A compiled validator of the record schema (fastjsonschema, ~25x faster), or None.

    Only a pass is trusted: a record it rejects goes to jsonschema, which decides and words the
    reason, so the two can never disagree about what is written.
    """
    try:
        import fastjsonschema
    except ImportError:
        return None
    check = fastjsonschema.compile(load_schema())

    def is_valid(record: dict[str, Any]) -> bool:
        try:
            check(record)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


class RecordRejected(DropItem):
    """A song the schema refuses; `reason` names the field and the rule."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"rejected record: {reason}", log_level="DEBUG")  # logged once, below
        self.reason = reason


class DuplicateRecord(DropItem):
    """A song this run has already written (same article page and position)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate record {key}", log_level="DEBUG")


def record_of(item: Any) -> dict[str, Any]:
    """A song item (ours, or any kind itemadapter reads) as a plain record."""
    if isinstance(item, SongItem):
        return item.record()
    return ItemAdapter(item).asdict()


class ProvenancePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: str | None = None  # this crawl's run, once known (None: no run state)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        if keeps_run_state(self.crawler.settings):
            self.run_id = RunManager.for_crawler(self.crawler).run_id

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if self.run_id is None:
            return item
        if isinstance(item, SongItem):
            if item.run_id is None:
                item.run_id = self.run_id
            return item
        adapter = ItemAdapter(item)
        if adapter.get("run_id") is None:
            adapter["run_id"] = self.run_id
        return item


class NormalisePipeline:
    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, SongItem):
            item.__dict__.update(normalise_record(item.record()))
            return item
        adapter = ItemAdapter(item)
        for name, value in normalise_record(adapter.asdict()).items():
            adapter[name] = value
        return item


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.validator = Draft202012Validator(load_schema())
        self.fast = compile_fast_validator()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        rec = record_of(item)
        if self.fast is not None and self.fast(rec):
            return item
        # the reference validator decides, and words the reason
        error = best_match(self.validator.iter_errors(rec))
        if error is None:
            return item
        where = "/".join(str(p) for p in error.absolute_path) or "(record)"
        reason = f"{where}: {error.message}"
        self.stats.inc_value("songlists/records/rejected")
        article = rec.get("article")
        url = article.get("url") if isinstance(article, dict) else None
        logger.warning("rejected record from %s: %s", url or rec.get("entry_id"), reason)
        raise RecordRejected(reason)


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        if not keeps_run_state(crawler.settings):
            raise NotConfigured("no run state (scrapy parse/shell/check)")
        self.crawler = crawler
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        # A resumed run already wrote some pages: their records are seen.
        run = RunManager.for_crawler(self.crawler)
        for rec in run.prior_record_keys():
            self.seen.add(dedupe_key(rec))

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        key = dedupe_key(record_of(item))
        if key in self.seen:
            self.crawler.stats.inc_value("songlists/records/duplicates")
            raise DuplicateRecord(key)
        self.seen.add(key)
        return item


@dataclass
class _Pending:
    page: PageItem
    left: int  # songs of the page not yet through the pipelines or dropped


class LedgerPipeline:
    def __init__(self, crawler: Crawler) -> None:
        if not keeps_run_state(crawler.settings):
            raise NotConfigured("no run state (scrapy parse/shell/check)")
        self.crawler = crawler
        self.run = RunManager.for_crawler(crawler)
        self.learned: set[str] = set()  # artists this run's sure splits proved
        self.pending: dict[int, _Pending] = {}
        self.owner: dict[str, deque[int]] = {}  # entry_id -> pages awaiting it (oldest first)
        crawler.signals.connect(self.page_done, signal=page_done)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    # -- the songs of each page ----------------------------------------------------------

    def page_done(self, page: PageItem, entry_ids: list[str]) -> None:
        if not entry_ids:
            self._write(page)
            return
        self.pending[id(page)] = _Pending(page, len(entry_ids))
        for entry_id in entry_ids:
            self.owner.setdefault(entry_id, deque()).append(id(page))

    def _settle(self, rec: dict[str, Any]) -> _Pending | None:
        """The pending page a song belongs to, one of its songs fewer to wait for."""
        entry_id = str(rec.get("entry_id"))
        pages = self.owner.get(entry_id)
        if not pages:
            logger.warning("song %s belongs to no page this run announced: not written", entry_id)
            return None
        pending = self.pending[pages.popleft()]
        if not pages:
            del self.owner[entry_id]
        pending.left -= 1
        return pending

    def _maybe_write(self, pending: _Pending) -> None:
        if pending.left == 0:
            del self.pending[id(pending.page)]
            self._write(pending.page)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        rec = record_of(item)
        pending = self._settle(rec)
        if pending is not None:
            pending.page.records.append(rec)
            name = gazetteer.learnable_artist(rec)
            if name:
                self.learned.add(name)
            self._maybe_write(pending)
        return item

    def item_dropped(
        self, item: Any, response: Any, exception: BaseException, spider: Spider | None = None
    ) -> None:
        self._not_written(item, exception)

    def item_error(
        self, item: Any, response: Any, spider: Spider | None = None, failure: Any = None
    ) -> None:
        exc = getattr(failure, "value", None)
        self._not_written(item, exc if isinstance(exc, BaseException) else RuntimeError(failure))

    def _not_written(self, item: Any, exception: BaseException) -> None:
        rec = record_of(item)
        pending = self._settle(rec)
        if pending is None:
            return
        if isinstance(exception, DuplicateRecord):
            pending.page.duplicates += 1
        else:
            reason = (
                exception.reason
                if isinstance(exception, RecordRejected)
                else f"dropped by a pipeline: {type(exception).__name__}: {exception}"
            )
            pending.page.rejects.append({"reason": reason, "url": pending.page.url, "record": rec})
        self._maybe_write(pending)

    # -- the ledger ----------------------------------------------------------------------

    def _write(self, page: PageItem) -> None:
        page.records.sort(key=lambda r: r.get("position") or 0)  # the page's order
        if self.run.write_error is not None:
            return  # the run is stopping: its ledger cannot be written
        try:
            added = self.run.add_page(page)
        except OSError as exc:
            self._stop(exc)
            return
        if added:
            self.crawler.stats.inc_value("songlists/pages/written")
            self.crawler.stats.inc_value("songlists/records/written", len(page.records))
        else:
            self.crawler.stats.inc_value("songlists/pages/already_in_ledger")
        self.crawler.signals.send_catch_log(signal=page_written, page=page)

    def _stop(self, exc: OSError) -> None:
        self.run.write_failed(exc, self.run.ledger.path)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.pending:  # songs lost on the way (a crash in a pipeline): fetched again on resume
            logger.warning("%d pages not written: songs still in the pipelines", len(self.pending))
        stats = self.crawler.stats.get_stats()
        summary = self.run.finish(reason, stats)
        if summary["healthy"] and self.learned:
            path = gazetteer.crawl_path(self.crawler.settings)
            added = gazetteer.add(self.learned, path)
            logger.info("gazetteer %s: %d new artist names", path, added)
        level = logging.INFO if summary["healthy"] else logging.ERROR
        logger.log(
            level,
            "run %s %s: %d entries from %d pages, errors %s%s",
            summary["run_id"],
            "healthy" if summary["healthy"] else "UNHEALTHY",
            summary["entries"],
            summary["pages"]["total"],
            summary["errors"] or "none",
            "; " + "; ".join(summary["health_problems"]) if summary["health_problems"] else "",
        )
