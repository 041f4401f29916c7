"""What the project's versions of Scrapy's tools (`parse`, `shell`, `check`) share: they keep
no run state and leave the caches alone, so that they leave `output/` and the crawl's caches as
they were (scraper/run/mode.py). A `-s NAME=VALUE` given on the command line still wins."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

from scraper.run.mode import SETTING

if TYPE_CHECKING:
    from scrapy.commands import ScrapyCommand

    _Base = ScrapyCommand
else:  # a mixin: Scrapy registers every ScrapyCommand subclass of this package as a command
    _Base = object

# Set over the project's settings (a command's default_settings rank below them).
TOOL_SETTINGS = {SETTING: False, "HTTPCACHE_ENABLED": False}


class ToolCommand(_Base):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        for name, value in TOOL_SETTINGS.items():
            if (self.settings.getpriority(name) or 0) < SETTINGS_PRIORITIES["cmdline"]:
                self.settings.set(name, value, priority="cmdline")
