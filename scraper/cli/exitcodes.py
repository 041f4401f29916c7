"""The exit statuses of the commands, in one place (docs/crawling.md, "Exit codes").

A run ends with a verdict (scraper.run.manager.RunBase.verdict); the command line, and only
the command line, turns verdicts and errors into these numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scraper.run.manager import RunBase

OK = 0
FAILED = 1  # bad arguments, or the crawl could not start
UNHEALTHY = 2  # finished, but under a health threshold or a failed monitor
LOCKED = 3  # another run holds the output (or job) directory
UNFINISHED = 4  # interrupted (Ctrl-C, a close reason other than "finished")
WRITE_ERROR = 5  # the run's files could not be written (disk full, read-only)

VERDICTS = {
    "healthy": OK,
    "unhealthy": UNHEALTHY,
    "unfinished": UNFINISHED,
    "write_error": WRITE_ERROR,
}


def run_status(run: RunBase | None) -> int | None:
    """The exit status of a run that ended (None when it did not get that far)."""
    if run is None or run.result is None or run.verdict is None:
        return None
    return VERDICTS[run.verdict]
