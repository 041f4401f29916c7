"""The log formatter: Scrapy's, minus the DEBUG records nobody will see.

Scrapy logs every crawled page and every scraped item at DEBUG. With the root logger left at
NOTSET (Scrapy's logging setup), each of those builds a `LogRecord` (the caller's frame looked
up, the message's arguments kept) that the handler then drops at LOG_LEVEL INFO: about four
records per article page, on the reactor thread (docs/performance.md). When LOG_LEVEL is above
DEBUG this formatter returns None for them, which Scrapy takes as "no message"; at DEBUG it is
Scrapy's own. Messages at INFO and above (dropped items, errors) are never touched.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.logformatter import LogFormatter

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.logformatter import LogFormatterResult
    from twisted.python.failure import Failure
    from typing_extensions import Self


def _level(value: Any) -> int:
    """LOG_LEVEL as a number ("INFO", 20, "20"); an unknown name counts as DEBUG (all shown)."""
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    level = logging.getLevelName(text.upper())
    return level if isinstance(level, int) else logging.DEBUG


class QuietLogFormatter(LogFormatter):
    def __init__(self, debug: bool = True) -> None:
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        # LOG_ENABLED off: the user's own logging setup decides what is shown, so keep them
        own_setup = not settings.getbool("LOG_ENABLED")
        return cls(debug=own_setup or _level(settings.get("LOG_LEVEL")) <= logging.DEBUG)

    def crawled(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider
    ) -> LogFormatterResult | None:
        return super().crawled(request, response, spider) if self.debug else None

    def scraped(  # type: ignore[override]
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult | None:
        return super().scraped(item, response, spider) if self.debug else None
