"""The run summary as the lines `songlists crawl` and `songlists merge` print."""

from __future__ import annotations

from typing import Any

from scraper.run import link as link_cmd


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
