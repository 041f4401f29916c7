"""The run summary: counted from the ledger's pages (`PageTally`) and Scrapy's stats
(`http_summary`), and printed as the lines `songlists crawl` and `songlists merge` show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scraper.run import link as link_cmd
from scraper.run.coverage import COVERAGE_FIELDS, covered
from scraper.run.health import NON_ERRORS


@dataclass
class PageTally:
    """What the summary counts, one ledger page at a time (`add`)."""

    pages: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    failed: list[dict[str, Any]] = field(default_factory=list)  # failed or skipped, with URL
    methods: Counter[str] = field(default_factory=Counter)
    coverage: Counter[str] = field(default_factory=Counter)
    langs: Counter[str] = field(default_factory=Counter)
    articles: set[tuple[str, str]] = field(default_factory=set)
    entries: int = 0
    rejected: int = 0
    duplicates: int = 0
    attempted: int = 0
    warnings: int = 0

    def add(self, page: dict[str, Any]) -> None:
        self._outcome(page)
        self.warnings += len(page.get("warnings") or [])
        self.duplicates += int(page.get("duplicates") or 0)
        sk = page.get("sort_key") or ["", "", 0]
        for rec in page.get("records") or []:
            self.entries += 1
            for name in COVERAGE_FIELDS:
                if covered(rec.get(name)):
                    self.coverage[name] += 1
            self.methods[(rec.get("split") or {}).get("method") or "none"] += 1
            self.langs[str((rec.get("article") or {}).get("lang"))] += 1
            self.articles.add((sk[0], sk[1]))
        for rej_rec in page.get("rejects") or []:
            self.rejected += 1
            rec = rej_rec.get("record") or {}
            # rejected records still tell whether the layout gave titles and artists
            for name in ("title", "artist"):
                if covered(rec.get(name)):
                    self.coverage[name] += 1

    def _outcome(self, page: dict[str, Any]) -> None:
        kind = page["kind"]
        self.pages[kind] += 1
        if page.get("error") not in NON_ERRORS:
            self.attempted += 1
        if page.get("status") is not None:
            self.statuses[str(page["status"])] += 1
        if page.get("error"):
            self.errors[page["error"]] += 1
            self.failed.append(
                {"url": page.get("url"), "error": page["error"], "status": page.get("status")}
            )
        if page.get("cached"):
            self.pages["not_modified"] += 1
        if page.get("reused"):
            self.pages["extraction_reused"] += 1
        elif kind == "article" and not page.get("error"):
            self.pages["extracted"] += 1

    def summary(self) -> dict[str, Any]:
        """The summary's counting part, in its key order."""
        pages = self.pages
        extracted_total = self.entries + self.rejected
        error_count = sum(n for kind, n in self.errors.items() if kind not in NON_ERRORS)
        return {
            "pages": {
                "total": sum(pages[k] for k in ("article", "listing", "sitemap")),
                "articles": pages["article"],
                "listings": pages["listing"] + pages["sitemap"],
                "article_count": len(self.articles),
                "extracted": pages["extracted"],
                "extraction_reused": pages["extraction_reused"],
                "not_modified": pages["not_modified"],
                "by_status": dict(sorted(self.statuses.items())),
            },
            "entries": self.entries,
            "rejected": self.rejected,
            "duplicates_dropped": self.duplicates,
            "parser_warnings": self.warnings,
            "entries_by_lang": dict(sorted(self.langs.items())),
            "coverage": {
                name: round(self.coverage[name] / extracted_total, 4) if extracted_total else 0.0
                for name in COVERAGE_FIELDS
            },
            "split_methods": dict(self.methods.most_common()),
            "errors": dict(sorted(self.errors.items())),
            "failed_pages": sorted(self.failed, key=lambda f: (f["error"], str(f["url"]))),
            "error_rate": round(error_count / self.attempted, 4) if self.attempted else 0.0,
        }


def _stats_under(stats: dict[str, Any], prefix: str, part: int) -> dict[str, Any]:
    """Stats whose name starts with `prefix`, keyed by the `part`-th piece of the name."""
    return {k.split("/", part)[part]: v for k, v in stats.items() if k.startswith(prefix)}


def http_summary(stats: dict[str, Any]) -> dict[str, Any]:
    """The summary's `http` part, from Scrapy's stats."""
    return {
        "retries": int(stats.get("retry/count", 0)),
        "retry_reasons": _stats_under(stats, "retry/reason_count/", 2),
        "redirects": sum(
            v
            for k, v in stats.items()
            if k.startswith("downloader/response_status_count/3") and not k.endswith("/304")
        ),
        "responses_by_status": {
            k.rsplit("/", 1)[1]: v
            for k, v in stats.items()
            if k.startswith("downloader/response_status_count/")
        },
        "not_modified_304": int(stats.get("httpcache/revalidate", 0)),
        "robots_forbidden": int(stats.get("robotstxt/forbidden", 0)),
        "offsite_links_skipped": int(stats.get("songlists/links/offsite", 0))
        + int(stats.get("offsite/filtered", 0)),
        "bytes_downloaded": int(stats.get("downloader/response_bytes", 0)),
        "cache": _stats_under(stats, "httpcache/", 1),
    }


def format_summary(summary: dict[str, Any]) -> str:
    pages = summary["pages"]
    cov = summary["coverage"]
    lines = [
        f"run {summary['run_id']}: {'healthy' if summary['healthy'] else 'UNHEALTHY'}"
        f" ({summary['finish_reason']}, {summary['duration_s']:.1f}s)",
        f"  pages     {pages['total']} ({pages['articles']} article pages of"
        f" {pages['article_count']} articles, {pages['listings']} listings);"
        f" extracted {pages['extracted']}, reused {pages['extraction_reused']},"
        f" not modified {pages['not_modified']}",
        f"  entries   {summary['entries']} (rejected {summary['rejected']},"
        f" duplicates dropped {summary['duplicates_dropped']})",
        f"  coverage  title {cov['title']:.0%}  artist {cov['artist']:.0%}"
        f"  release {cov['release']:.0%}  tie-ins {cov['tie_ins']:.0%}",
        f"  split     {', '.join(f'{k} {v}' for k, v in summary['split_methods'].items()) or '-'}",
        f"  errors    {', '.join(f'{k} {v}' for k, v in summary['errors'].items()) or 'none'}"
        f" (rate {summary['error_rate']:.0%}); retries {summary['http']['retries']},"
        f" robots-forbidden {summary['http']['robots_forbidden']},"
        f" off-site skipped {summary['http']['offsite_links_skipped']}",
    ]
    if summary.get("link"):  # a run of both editions (scraper/run/link.py)
        lines.append(f"  linked    {link_cmd.crawl_summary_line(summary['link'])}")
    for problem in summary["health_problems"]:
        lines.append(f"  PROBLEM   {problem}")
    files = summary["files"]
    if files.get("jsonl"):
        lines.append(f"  jsonl     {files['jsonl']}")
        lines.append(f"  summary   {files['summary']}")
    if files.get("rejects"):
        lines.append(f"  rejects   {files['rejects']}")
    return "\n".join(lines)
