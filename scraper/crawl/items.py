"""The song item the spider yields, and the page outcome the run ledger keeps.

`SongItem` is the Scrapy item: one per song, with the fields of the song schema in its order
(parsers/schema/song.schema.json), so `scrapy crawl ragmusic -O songs.jsonl`, FEEDS and any
pipeline see songs. `PageItem` is not an item: it is a fetched page's outcome (status, error,
links, the records that passed the pipelines), sent by the spider with the `page_done` signal
and written to the run ledger, one line a page, once all its songs are through the pipelines
(scraper/crawl/pipelines.py LedgerPipeline): the page stays the unit of durability, and a
resumed run knows exactly which pages (and records) it already has.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

PageKind = Literal["article", "listing", "sitemap"]

# Scrapy signal sent by the spider when a page is done, before its songs are yielded:
# `page` (a PageItem with no records) and `entry_ids` (the songs that follow, in order).
page_done = object()
# Sent by LedgerPipeline once a page is in the run ledger, with `page` (its PageItem).
page_written = object()


@dataclass
class SongItem:
    """One song record (docs/schema.md); `run_id` is set by ProvenancePipeline."""

    schema_version: str
    entry_id: str
    song_id: str
    position: int
    title: str
    artist: str | None
    heading_raw: str
    split: dict[str, Any]
    rank: int | None
    section: str | None
    context: str | None
    is_new: bool
    release: str | None
    release_confidence: float | None
    release_method: str | None
    tie_ins: list[dict[str, Any]]
    awards: list[dict[str, Any]]
    video_titles: list[str]
    description: str
    complete: bool
    article: dict[str, Any]
    run_id: str | None = None
    fetched_at: str | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> SongItem:
        return cls(**record)

    def record(self) -> dict[str, Any]:
        """The record as the run file holds it (a plain dict, the schema's key order). Its
        lists and dicts are the item's own, not copies (each pipeline reads every song; a
        deep copy per read was most of their time): change them through the item."""
        return dict(self.__dict__)


SONG_FIELDS = tuple(f.name for f in fields(SongItem))
# What says which run wrote a record and when: differs between any two runs of the same pages.
PROVENANCE_FIELDS = ("run_id", "fetched_at")


@dataclass
class PageItem:
    key: str  # the URL the spider requested (canonical); the ledger's key
    url: str  # the URL the response came from (after redirects)
    kind: PageKind
    status: int | None = None  # HTTP status; None when the download failed
    error: str | None = None  # error kind when the page failed, see scraper.crawl.failures
    lang: str | None = None
    sort_key: tuple[str, str, int] = ("", "", 0)  # (lang, slug, page) for a stable JSONL order
    records: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)
    duplicates: int = 0
    links: list[str] = field(default_factory=list)  # follow-up requests (canonical URLs)
    warnings: list[str] = field(default_factory=list)
    cached: bool = False  # served from the HTTP cache (revalidated, 304) rather than downloaded
    reused: bool = False  # extraction reused because the body is unchanged
    size: int = 0
    alias: str | None = None  # the canonical URL of the page it redirected to, if any
    fetched_at: str | None = None  # when the response arrived (ISO 8601 UTC), on its records too

    def ledger_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "url": self.url,
            "kind": self.kind,
            "status": self.status,
            "error": self.error,
            "lang": self.lang,
            "sort_key": list(self.sort_key),
            "records": self.records,
            "rejects": self.rejects,
            "duplicates": self.duplicates,
            "links": self.links,
            "warnings": self.warnings,
            "cached": self.cached,
            "reused": self.reused,
            "size": self.size,
            "alias": self.alias,
            "fetched_at": self.fetched_at,
        }
