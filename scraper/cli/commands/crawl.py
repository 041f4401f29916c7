"""`scrapy crawl` that exits non-zero when the run is unhealthy (see scraper.run.manager).

Scrapy's own `crawl` exits 0 whatever the run produced; a scheduled job needs the verdict in
the exit status: 0 healthy, 2 unhealthy (no entries, coverage or error thresholds, a failed
Spidermon monitor: scraper/crawl/monitors.py), 4 not finished (interrupted), 1 could not start.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from scraper.cli.exitcodes import run_status
from scraper.run.manager import RunBase


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        crawler = self.crawler_process.create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        status = run_status(getattr(crawler, RunBase.ATTR, None))
        if status is not None:
            self.exitcode = status
