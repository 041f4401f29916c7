"""`scrapy check`, as Scrapy's own, but keeping no run state: no run is created, no lock taken,
nothing written under `output/` or to the caches (scraper/cli/commands/_tool.py)."""

from __future__ import annotations

from scrapy.commands.check import Command as ScrapyCheck

from scraper.cli.commands._tool import ToolCommand


class Command(ToolCommand, ScrapyCheck):
    pass
