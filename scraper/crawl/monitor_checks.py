"""The Spidermon monitor classes of a run (imported only when Spidermon is installed; the suite
and the extension that runs it are in scraper.crawl.monitors, which says what each one checks).

Each monitor reads `self.data.songlists`: the run's measured songs, articles and coverage, the
previous healthy run of the same job (when there is one), the schema validation report and the
limits taken from the settings.
"""

from __future__ import annotations

from typing import Any

from spidermon import Monitor, monitors

from scraper.run.coverage import COVERAGE_FIELDS as MONITORED_FIELDS


class _RunMonitor(Monitor):  # type: ignore[misc]
    longMessage = False  # the failure is our message alone

    @property
    def ctx(self) -> dict[str, Any]:
        data: dict[str, Any] = self.data.songlists
        return data


class _FieldCoverageBase(_RunMonitor):
    def check_field(self, name: str) -> None:
        floor = float(self.ctx["limits"]["field_coverage"].get(name, 0.0))
        value = self.ctx["measured"]["coverage"].get(name)
        if value is None:
            self.skipTest(f"no songs {'in ranked articles ' if name == 'rank' else ''}to measure")
        what = "of the songs of ranked articles" if name == "rank" else "of the songs"
        self.assertGreaterEqual(
            value,
            floor,
            f"{name} coverage {value:.2%} {what} < floor {floor:.2%} (layout drift?)",
        )


def field_coverage_monitor() -> type[Monitor]:
    """A monitor with one check per record field (`<field> coverage`), made from the list."""

    def check(name: str) -> Any:
        def test(self: _FieldCoverageBase) -> None:
            self.check_field(name)

        test.__name__ = f"test_{name}_coverage"
        test.__doc__ = f"{name} coverage at least SONGLISTS_MONITOR_FIELD_COVERAGE[{name!r}]"
        return monitors.name(f"{name} coverage")(test)

    namespace: dict[str, Any] = {f"test_{name}_coverage": check(name) for name in MONITORED_FIELDS}
    namespace["__doc__"] = "Each record field covers at least its floor of the run's songs."
    cls = type("FieldCoverageMonitor", (_FieldCoverageBase,), namespace)
    return cls


@monitors.name("Previous run")
class PreviousRunMonitor(_RunMonitor):
    """Songs, articles and coverage against the last healthy run of the same job."""

    def _previous(self) -> dict[str, Any]:
        previous = self.ctx.get("previous")
        if not previous:
            self.skipTest("no earlier healthy run of this job to compare with")
        assert isinstance(previous, dict)
        return previous

    def _drop(self, what: str, limit_name: str) -> None:
        previous = self._previous()
        before = int(previous.get(what) or 0)
        now = int(self.ctx["measured"][what])
        limit = float(self.ctx["limits"][limit_name])
        if before <= 0:
            self.skipTest(f"the previous run had no {what}")
        drop = (before - now) / before
        self.assertLessEqual(
            drop,
            limit,
            f"{what} {now}, down {drop:.0%} from {before} in run {self.ctx['previous_run_id']}"
            f" (more than {limit:.0%})",
        )

    @monitors.name("songs")
    def test_songs(self) -> None:
        """Songs fell by at most SONGLISTS_MONITOR_MAX_SONG_DROP."""
        self._drop("songs", "max_song_drop")

    @monitors.name("articles")
    def test_articles(self) -> None:
        """Articles fell by at most SONGLISTS_MONITOR_MAX_ARTICLE_DROP."""
        self._drop("articles", "max_article_drop")

    @monitors.name("coverage")
    def test_coverage(self) -> None:
        """No field lost more than SONGLISTS_MONITOR_MAX_COVERAGE_DROP of its coverage."""
        previous = self._previous()
        limit = float(self.ctx["limits"]["max_coverage_drop"])
        low = float(self.ctx["limits"]["coverage_drop_min"])
        before_all = previous.get("coverage") or {}
        drops = []
        for name in MONITORED_FIELDS:
            before, now = before_all.get(name), self.ctx["measured"]["coverage"].get(name)
            if before is None or now is None or before < low:
                continue
            if now < before * (1 - limit):
                drops.append(f"{name} {now:.0%} (was {before:.0%})")
        self.assertFalse(
            drops,
            f"coverage fell by more than {limit:.0%} since run {self.ctx['previous_run_id']}: "
            + ", ".join(drops),
        )


@monitors.name("Schema validation")
class SchemaValidationMonitor(_RunMonitor):
    """Records against parsers/schema/song.schema.json (Spidermon's JSONSchemaValidator)."""

    def _top_errors(self) -> str:
        errors = self.ctx["validation"]["errors"][:3]
        return "; ".join(f"{e['field']}: {e['error']} ({e['count']}x)" for e in errors)

    @monitors.name("written records valid")
    def test_written_records_valid(self) -> None:
        """Every record in the run's JSONL passes the schema."""
        n = int(self.ctx["validation"]["invalid_written"])
        if n:
            self.fail(f"{n} invalid records written: {self._top_errors()}")

    @monitors.name("invalid rate")
    def test_invalid_rate(self) -> None:
        """Records the schema rejected stay under SONGLISTS_MONITOR_MAX_INVALID_RATE."""
        v = self.ctx["validation"]
        limit = float(self.ctx["limits"]["max_invalid_rate"])
        if v["invalid_rate"] > limit:
            self.fail(
                f"{v['rejected'] + v['invalid_written']} of {v['checked']} records invalid"
                f" ({v['invalid_rate']:.1%} > {limit:.1%}): {self._top_errors()}"
            )
