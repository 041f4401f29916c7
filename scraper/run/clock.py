"""The one timestamp format of run files and records: ISO 8601, UTC, to the second."""

from __future__ import annotations

import time
from datetime import datetime, timezone

ISO_UTC = "%Y-%m-%dT%H:%M:%SZ"


def now_iso(at: float | None = None) -> str:
    """`at` (seconds since the epoch; now when None) as `2026-12-03T08:30:00Z`."""
    return time.strftime(ISO_UTC, time.gmtime(at))


def parse_iso(value: str | None) -> float | None:
    """Seconds since the epoch of a `now_iso` timestamp; None when it is not one."""
    if not value:
        return None
    try:
        return datetime.strptime(value, ISO_UTC).replace(tzinfo=timezone.utc).timestamp()
    except ValueError:
        return None
