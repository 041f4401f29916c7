"""A run's health: the thresholds a finished run is held to, and the problems it has.

The thresholds' defaults live once, in scraper/settings.py (`SONGLISTS_MIN_ENTRIES`, ...):
`HealthThresholds.from_settings` reads a crawl's settings, and the commands that have no crawl
(`songlists merge`) read the same defaults through it. Spidermon's per-field floors and the
comparison with the previous run are scraper/crawl/monitors.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

# Errors that count against the run's health (an error rate over the threshold fails the run).
# Pages skipped on purpose (robots.txt, off-site) are reported but are not errors.
NON_ERRORS = frozenset({"robots_forbidden"})

# field -> the setting that holds it
SETTING_OF = {
    "min_entries": "SONGLISTS_MIN_ENTRIES",
    "min_title_coverage": "SONGLISTS_MIN_TITLE_COVERAGE",
    "min_artist_coverage": "SONGLISTS_MIN_ARTIST_COVERAGE",
    "max_error_rate": "SONGLISTS_MAX_ERROR_RATE",
}


@dataclass(frozen=True)
class HealthThresholds:
    min_entries: int
    min_title_coverage: float
    min_artist_coverage: float
    max_error_rate: float

    @classmethod
    def from_settings(
        cls, settings: BaseSettings | None = None, **overrides: float | None
    ) -> HealthThresholds:
        """The thresholds of `settings` (the project's defaults where they have none, or with
        no settings at all), then each override that is not None (command-line options)."""
        from scraper import settings as defaults

        values: dict[str, Any] = {}
        for name, setting in SETTING_OF.items():
            value: Any = settings.get(setting) if settings is not None else None
            if value is None:
                value = getattr(defaults, setting)
            if overrides.get(name) is not None:
                value = overrides[name]
            values[name] = int(value) if name == "min_entries" else float(value)
        unknown = set(overrides) - set(SETTING_OF)
        if unknown:
            raise TypeError(f"unknown health thresholds: {', '.join(sorted(unknown))}")
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def problems(self, summary: dict[str, Any]) -> list[str]:
        """What makes a finished run with this summary unhealthy (empty: healthy)."""
        problems = []
        if summary["entries"] < self.min_entries:
            problems.append(f"entries {summary['entries']} < {self.min_entries}")
        if summary["entries"] or summary["rejected"]:
            for name, floor in (
                ("title", self.min_title_coverage),
                ("artist", self.min_artist_coverage),
            ):
                value = summary["coverage"][name]
                if value < floor:
                    problems.append(f"{name} coverage {value:.2f} < {floor:.2f} (layout drift?)")
        if summary["error_rate"] > self.max_error_rate:
            problems.append(f"error rate {summary['error_rate']:.2f} > {self.max_error_rate:.2f}")
        return problems
