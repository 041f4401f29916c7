"""Whether a crawler keeps run state: a real crawl does; Scrapy's tools do not.

`scrapy parse`, `scrapy shell` and `scrapy check` (the project's versions of them,
scraper/cli/commands/) set `SONGLISTS_RUN_STATE = False`: no run is created, no lock taken, no
ledger, JSONL or summary written, so they leave `output/` as it was. Every component that
needs the run asks `keeps_run_state` first.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

SETTING = "SONGLISTS_RUN_STATE"


def keeps_run_state(settings: BaseSettings) -> bool:
    return settings.getbool(SETTING, True)
