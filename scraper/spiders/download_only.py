"""A spider that only downloads: the baseline of the crawl throughput benchmark.

    scrapy crawl download_only -a urls_file=urls.txt

Requests every URL of the file (one a line) with the project's settings and middlewares, and
does nothing with the responses: no parsing, no items. `benchmarks/bench_crawl.py` compares the
real spider's pages per second with this one's over the same pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response

from scraper.crawl.navigation import SITES


class DownloadOnlySpider(Spider):
    name = "download_only"
    allowed_domains = list(SITES)

    def __init__(self, urls_file: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not urls_file:
            raise ValueError("give -a urls_file=FILE (one URL a line)")
        self.urls = [u.strip() for u in Path(urls_file).read_text().splitlines() if u.strip()]

    async def start(self) -> AsyncIterator[Any]:
        for url in self.urls:
            yield Request(url, callback=self.parse)

    def parse(self, response: Response, **kwargs: Any) -> None:
        self.crawler.stats.inc_value("download_only/pages")
        return None
