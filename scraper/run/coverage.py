"""Field coverage: which fields a run's records are measured on, and when a field has a value.

One definition for the run's health (scraper/run/manager.py), the Spidermon monitors
(scraper/crawl/monitors.py) and the report (scraper/analysis/report.py).
"""

from __future__ import annotations

from typing import Any

COVERAGE_FIELDS = (
    "title",
    "artist",
    "rank",
    "section",
    "context",
    "release",
    "tie_ins",
    "awards",
    "video_titles",
    "description",
)


def covered(value: Any) -> bool:
    """A field counts as covered when it holds something: not None, not an empty string, list
    or mapping."""
    if value is None:
        return False
    if isinstance(value, str | list | dict):
        return len(value) > 0
    return True
