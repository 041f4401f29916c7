"""The one item the spiders yield: a fetched page with its extracted records.

Records travel page by page so that a page is the unit of durability: the run ledger appends one
line per finished page, and a resumed run knows exactly which pages (and records) it already has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

PageKind = Literal["article", "listing", "sitemap"]


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
        }
