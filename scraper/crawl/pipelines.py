"""Item pipelines: a page's records normalised, validated and deduplicated, then the page
written to the run ledger.

Configured in settings.ITEM_PIPELINES, in this order:

    NormalisePipeline  NFKC, whitespace and quotes in the text fields of every record
    ValidatePipeline   JSON Schema; an invalid record moves to the page's rejects with the reason
    DedupePipeline     drops a record already written in this run (same article page + position)
    LedgerPipeline     appends the page to the run ledger; the run's JSONL and summary are
                       written from the ledger when the spider closes (see scraper.run.manager)

Items are `PageItem`s: one per fetched page, carrying its records.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from scrapy import signals

from parsers.schema import load_schema
from parsers.sites.urls import record_article_url
from parsers.textutil.normalise import straighten_quotes
from scraper.crawl import gazetteer
from scraper.crawl.items import PageItem
from scraper.run.manager import RunManager

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from typing_extensions import Self

logger = logging.getLogger(__name__)

_SPACES = re.compile(r"[^\S\n]+")
_BLANKS = re.compile(r"\s*\n\s*\n\s*")
# Text fields normalised; `heading_raw` stays exactly as on the page (the schema says so).
_TEXT_FIELDS = ("title", "artist", "section", "context", "description")


def normalise_text(text: str, *, keep_paragraphs: bool = False) -> str:
    text = straighten_quotes(unicodedata.normalize("NFKC", text))
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


class NormalisePipeline:
    def process_item(self, item: PageItem, spider: Spider | None = None) -> PageItem:
        item.records = [normalise_record(r) for r in item.records]
        return item


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.validator = Draft202012Validator(load_schema())
        self.fast = compile_fast_validator()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: PageItem, spider: Spider | None = None) -> PageItem:
        valid = []
        for rec in item.records:
            if self.fast is not None and self.fast(rec):
                valid.append(rec)
                continue
            # the reference validator decides, and words the reason
            error = best_match(self.validator.iter_errors(rec))
            if error is None:
                valid.append(rec)
                continue
            where = "/".join(str(p) for p in error.absolute_path) or "(record)"
            reason = f"{where}: {error.message}"
            item.rejects.append({"reason": reason, "url": item.url, "record": rec})
            self.stats.inc_value("songlists/records/rejected")
            logger.warning("rejected record from %s: %s", item.url, reason)
        item.records = valid
        return item


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
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

    def process_item(self, item: PageItem, spider: Spider | None = None) -> PageItem:
        kept = []
        for rec in item.records:
            key = dedupe_key(rec)
            if key in self.seen:
                item.duplicates += 1
                continue
            self.seen.add(key)
            kept.append(rec)
        if item.duplicates:
            self.crawler.stats.inc_value("songlists/records/duplicates", item.duplicates)
        item.records = kept
        return item


class LedgerPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run = RunManager.for_crawler(crawler)
        self.learned: set[str] = set()  # artists this run's sure splits proved
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: PageItem, spider: Spider | None = None) -> PageItem:
        for rec in item.records:
            name = gazetteer.learnable_artist(rec)
            if name:
                self.learned.add(name)
        if self.run.write_error is not None:
            return item  # the run is stopping: its ledger cannot be written
        try:
            added = self.run.add_page(item)
        except OSError as exc:
            self._stop(exc)
            return item
        if added:
            self.crawler.stats.inc_value("songlists/pages/written")
            self.crawler.stats.inc_value("songlists/records/written", len(item.records))
        else:
            self.crawler.stats.inc_value("songlists/pages/already_in_ledger")
        return item

    def _stop(self, exc: OSError) -> None:
        self.run.write_failed(exc, self.run.ledger.path)

    def spider_closed(self, spider: Spider, reason: str) -> None:
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
