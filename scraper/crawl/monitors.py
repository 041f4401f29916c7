"""Spidermon monitoring of a crawl run: what is measured, the suite and the extension that runs
it, beside the run's own health check (scraper.run.manager).

The suite runs when a run has finished and its song file is written, before the verdict: a
failed monitor makes the run unhealthy, so `songlists crawl` and `scrapy crawl` exit 2, the
summary lists the failure in `health_problems` and `latest.*` keep pointing at the last healthy
run. What the monitors look at (and why): the songs are not Scrapy items yet (the items are
pages, see scraper.crawl.items), so the monitors read the run's own song file and rejects file, and
the run summary; what they measure is also set as Scrapy stats (`songlists/monitor/...`).

    FieldCoverage      each record field's coverage at least its floor
                       (SONGLISTS_MONITOR_FIELD_COVERAGE; rank counted in ranked articles only)
    PreviousRun        songs, articles and each field's coverage against the last healthy run of
                       the same job (same spider and spider arguments) in the output directory
    SchemaValidation   records checked against parsers/schema/song.schema.json with Spidermon's
                       JSONSchemaValidator: no invalid record written, rejects under
                       SONGLISTS_MONITOR_MAX_INVALID_RATE; the per-field report is in the summary

Alerts are Spidermon actions (email, Slack, a file report...), none by default:
SONGLISTS_MONITOR_FAILED_ACTIONS run when a monitor failed, SONGLISTS_MONITOR_FINISHED_ACTIONS
after every run. Settings and a working local example: docs/crawling.md ("Monitors").

Needs the `monitoring` extra (pip install 'songlists[monitoring]'); without Spidermon the
crawl logs one line saying so and runs with its own health check only.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import load_object

from parsers.schema import load_schema
from parsers.sites.urls import record_article_url
from scraper import settings as project_settings
from scraper.run.coverage import COVERAGE_FIELDS, covered
from scraper.run.files import read_jsonl_lines
from scraper.run.manager import run_checked

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from scraper.run.manager import RunManager

logger = logging.getLogger(__name__)

# Floors of each field's share of the run's songs (0: reported and compared, never a failure):
# the defaults live once, in the project's settings.
DEFAULT_FIELD_COVERAGE: dict[str, float] = dict(project_settings.SONGLISTS_MONITOR_FIELD_COVERAGE)
MONITORED_FIELDS = COVERAGE_FIELDS
STAT_PREFIX = "songlists/monitor"
INSTALL_HINT = "pip install 'songlists[monitoring]'"


def article_key(record: dict[str, Any]) -> str:
    """The article a record belongs to (across its pages): `lang/slug`, else its URL."""
    page = record_article_url(record)
    if page is not None:
        return page.article_key
    article = record.get("article") or {}
    return str(article.get("url") or record.get("entry_id"))


def read_jsonl(path: str | Path | None) -> Iterator[dict[str, Any]]:
    if not path:
        return
    p = Path(path)
    if not p.exists():
        return
    for line in read_jsonl_lines(p):
        if line.error is not None:
            raise ValueError(f"{p}:{line.number}: {line.error}")
        yield line.value


def measure_songs(records: Iterator[dict[str, Any]]) -> dict[str, Any]:
    """Songs, articles and per-field coverage of a run's records (rank: of ranked articles)."""
    counts: Counter[str] = Counter()
    by_article: Counter[str] = Counter()
    ranked_by_article: Counter[str] = Counter()
    songs = 0
    for rec in records:
        songs += 1
        key = article_key(rec)
        by_article[key] += 1
        for name in MONITORED_FIELDS:
            if name != "rank" and covered(rec.get(name)):
                counts[name] += 1
        if rec.get("rank") is not None:
            ranked_by_article[key] += 1
    ranked_songs = sum(by_article[k] for k in ranked_by_article)
    coverage: dict[str, float | None] = {}
    for name in MONITORED_FIELDS:
        if name == "rank":
            total = sum(ranked_by_article.values())
            coverage[name] = round(total / ranked_songs, 4) if ranked_songs else None
        else:
            coverage[name] = round(counts[name] / songs, 4) if songs else None
    return {
        "songs": songs,
        "articles": len(by_article),
        "ranked_songs": ranked_songs,
        "coverage": coverage,
    }


def job_of(crawler: Crawler) -> dict[str, Any]:
    """What makes two runs comparable: the spider and the arguments that choose its pages."""
    spider = crawler.spider
    job: dict[str, Any] = {"spider": crawler.spidercls.name if crawler.spidercls else None}
    for attr, name in (
        ("langs", "lang"),
        ("given_urls", "urls"),
        ("preferred", "prefer"),
        ("follow_related", "follow_related"),
        ("use_sitemaps", "sitemaps"),
    ):
        value = getattr(spider, attr, None)
        if isinstance(value, (set, frozenset)):
            value = sorted(value)
        elif isinstance(value, tuple):
            value = list(value)
        job[name] = value
    return job


def previous_run(out_dir: Path, run_id: str, job: dict[str, Any]) -> dict[str, Any] | None:
    """The summary of the last healthy run of the same job in `out_dir` before `run_id`."""
    best: dict[str, Any] | None = None
    for path in out_dir.glob("*.summary.json"):
        if path.is_symlink() or path.name.startswith("."):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("run_id") == run_id:
            continue
        if not data.get("healthy") or (data.get("monitors") or {}).get("job") != job:
            continue
        if str(data.get("run_id")) >= run_id:
            continue  # a later run (ids are UTC timestamps)
        if best is None or str(data["run_id"]) > str(best["run_id"]):
            best = data
    return best


def field_floors(crawler: Crawler) -> tuple[dict[str, float], list[str]]:
    """SONGLISTS_MONITOR_FIELD_COVERAGE over the defaults, and the problems found in it."""
    given = crawler.settings.getdict("SONGLISTS_MONITOR_FIELD_COVERAGE")
    floors = dict(DEFAULT_FIELD_COVERAGE)
    problems = []
    for name, value in given.items():
        if name not in DEFAULT_FIELD_COVERAGE:
            problems.append(
                f"SONGLISTS_MONITOR_FIELD_COVERAGE: unknown field {name!r}"
                f" (known: {', '.join(DEFAULT_FIELD_COVERAGE)})"
            )
            continue
        try:
            floor = float(value)
        except (TypeError, ValueError):
            floor = -1.0
        if not 0.0 <= floor <= 1.0:
            problems.append(
                f"SONGLISTS_MONITOR_FIELD_COVERAGE[{name!r}] {value!r}: must be between 0 and 1"
            )
            continue
        floors[name] = floor
    return floors, problems


def validation_report(jsonl: str | None, rejects: str | None, limit: int = 20) -> dict[str, Any]:
    """Every written and rejected record against the song schema, with Spidermon's validator.

    Written records are checked by a compiled validator first (fast); only those it fails, and
    the rejected ones, go through Spidermon's JSONSchemaValidator, which names field and error.
    """
    from spidermon.contrib.validation import JSONSchemaValidator

    from scraper.crawl.pipelines import compile_fast_validator

    schema = load_schema()
    validator = JSONSchemaValidator(schema)
    fast = compile_fast_validator()
    fields: Counter[tuple[str, str]] = Counter()
    checked = invalid_written = rejected = 0
    examples: list[dict[str, Any]] = []

    def check(record: dict[str, Any]) -> bool:
        ok, errors = validator.validate(record)
        for field, messages in errors.items():
            for message in messages:
                fields[(field or "(record)", message)] += 1
        if not ok and len(examples) < limit:
            examples.append({"entry_id": record.get("entry_id"), "errors": errors})
        return bool(ok)

    for rec in read_jsonl(jsonl):
        checked += 1
        if fast is not None and fast(rec):
            continue
        if not check(rec):
            invalid_written += 1
    for rej in read_jsonl(rejects):
        checked += 1
        record = rej.get("record")
        if isinstance(record, dict):
            check(record)
        rejected += 1
    return {
        "schema": schema.get("$id") or "song.schema.json",
        "checked": checked,
        "invalid_written": invalid_written,
        "rejected": rejected,
        "invalid_rate": round((invalid_written + rejected) / checked, 4) if checked else 0.0,
        "errors": [
            {"field": field, "error": message, "count": n}
            for (field, message), n in fields.most_common()
        ],
        "examples": examples,
    }


def _load_actions(crawler: Crawler, setting: str) -> list[Any]:
    """Action classes named by a setting: a list, or (from `-s`) a JSON list or a comma list."""
    value = crawler.settings.get(setting) or []
    if isinstance(value, str):
        text = value.strip()
        value = json.loads(text) if text.startswith("[") else text.split(",")
    return [load_object(str(path).strip()) for path in value if str(path).strip()]


def _failure_message(error: str | None) -> str:
    """The assertion's own words from a unittest traceback (the last `XxxError: ...` line)."""
    if not error:
        return "failed"
    lines = [ln for ln in error.strip().splitlines() if ln.strip()]
    for i in range(len(lines) - 1, -1, -1):
        m = re.match(r"^(?:\w+\.)*(\w*Error|\w*Exception): ?(.*)$", lines[i])
        if m:
            return " ".join([m.group(2), *lines[i + 1 :]]).strip() or m.group(1)
    return lines[-1]


def build_suite(crawler: Crawler) -> Any:
    """The run's MonitorSuite (a class made here so that Spidermon is imported only when used)."""
    from spidermon import MonitorSuite

    from scraper.crawl import monitor_checks

    class RunMonitorSuite(MonitorSuite):  # type: ignore[misc]
        monitors = [
            ("Field coverage", monitor_checks.field_coverage_monitor()),
            ("Previous run", monitor_checks.PreviousRunMonitor),
            ("Schema validation", monitor_checks.SchemaValidationMonitor),
        ]

    return RunMonitorSuite(
        monitors_finished_actions=_load_actions(crawler, "SONGLISTS_MONITOR_FINISHED_ACTIONS"),
        monitors_failed_actions=_load_actions(crawler, "SONGLISTS_MONITOR_FAILED_ACTIONS"),
        crawler=crawler,
    )


def _runner(spider: Any) -> Any:
    """Spidermon's Scrapy runner, its report lines through this module's logger (its own go
    through the deprecated Spider.log)."""
    from spidermon.contrib.scrapy.runners import SpiderMonitorResult, SpiderMonitorRunner

    class Result(SpiderMonitorResult):  # type: ignore[misc]
        def log(self, msg: str, level: int = logging.DEBUG) -> None:
            logger.log(level, "[Spidermon] %s", msg)

    class Runner(SpiderMonitorRunner):  # type: ignore[misc]
        def create_result(self) -> Any:
            return Result(self.spider)

    return Runner(spider=spider)


def run_suite(
    crawler: Crawler,
    context: dict[str, Any],
    stats: dict[str, Any] | None = None,
    spider: Any = None,
) -> dict[str, list[Any]]:
    """Run the suite on a run's `context` (what `self.data.songlists` holds in a monitor):
    which monitors failed (with their message), passed and were skipped, and the actions run."""
    failed: list[dict[str, str]] = []
    passed: list[str] = []
    skipped: list[dict[str, str]] = []
    actions: list[dict[str, str]] = []
    result = _runner(spider).run(
        build_suite(crawler),
        stats=stats or {},
        crawler=crawler,
        spider=spider,
        job=None,
        songlists=context,
    )
    for item in result.monitor_results:
        name = item.item.full_name or item.item.name
        if item.status in ("FAIL", "ERROR"):
            failed.append({"monitor": name, "message": _failure_message(item.error)})
        elif item.status == "SKIPPED":
            skipped.append({"monitor": name, "reason": str(item.reason)})
        else:
            passed.append(name)
    for step_items in (
        result.monitors_finished_action_results,
        result.monitors_passed_action_results,
        result.monitors_failed_action_results,
    ):
        for item in step_items:
            actions.append({"action": item.item.name, "status": item.status})
            if item.status == "ERROR":
                logger.error("monitor action %s failed: %s", item.item.name, item.error)
    return {"failed": failed, "passed": passed, "skipped": skipped, "actions": actions}


# The monitors' limits other than the field floors: setting name -> key in `limits`.
_DROP_LIMITS = (
    ("SONGLISTS_MONITOR_MAX_SONG_DROP", "max_song_drop"),
    ("SONGLISTS_MONITOR_MAX_ARTICLE_DROP", "max_article_drop"),
    ("SONGLISTS_MONITOR_MAX_COVERAGE_DROP", "max_coverage_drop"),
    ("SONGLISTS_MONITOR_COVERAGE_DROP_MIN", "coverage_drop_min"),
    ("SONGLISTS_MONITOR_MAX_INVALID_RATE", "max_invalid_rate"),
)


def run_limits(crawler: Crawler, floors: dict[str, float]) -> dict[str, Any]:
    """What the monitors hold the run to: the field floors and each drop and rate limit from the
    crawler's settings (the project's settings give the defaults)."""
    limits: dict[str, Any] = {"field_coverage": floors}
    for setting, key in _DROP_LIMITS:
        limits[key] = crawler.settings.getfloat(setting, getattr(project_settings, setting))
    return limits


def set_measured_stats(
    stats: StatsCollector, measured: dict[str, Any], validation: dict[str, Any]
) -> None:
    """What the monitors measured, as Scrapy stats under `songlists/monitor/`."""
    stats.set_value(f"{STAT_PREFIX}/songs", measured["songs"])
    stats.set_value(f"{STAT_PREFIX}/articles", measured["articles"])
    for name, value in measured["coverage"].items():
        if value is not None:
            stats.set_value(f"{STAT_PREFIX}/coverage/{name}", value)
    stats.set_value(f"{STAT_PREFIX}/validation/checked", validation["checked"])
    stats.set_value(
        f"{STAT_PREFIX}/validation/invalid",
        validation["invalid_written"] + validation["rejected"],
    )


def previous_measured(previous: dict[str, Any] | None) -> dict[str, Any] | None:
    """What the monitors measured in the previous run (its summary's `monitors.measured`)."""
    if previous is None:
        return None
    measured = (previous.get("monitors") or {}).get("measured")
    return measured if isinstance(measured, dict) else None


class RunMonitors:
    """Scrapy extension: runs the suite when the run's files are written (scraper.run.manager sends
    `run_checked`); each failed monitor is a health problem of the run."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("SONGLISTS_MONITORS_ENABLED", True):
            raise NotConfigured("SONGLISTS_MONITORS_ENABLED is off")
        try:
            import spidermon  # noqa: F401
        except ImportError:
            logger.info("Spidermon monitors off: Spidermon is not installed (%s)", INSTALL_HINT)
            raise NotConfigured("spidermon is not installed") from None
        self.crawler = crawler
        crawler.signals.connect(self.run_checked, signal=run_checked)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunMonitors:
        return cls(crawler)

    def run_checked(self, run: RunManager, summary: dict[str, Any]) -> list[str]:
        """Run the suite; returns the run's new problems, adds `monitors` to the summary."""
        try:
            return self.check(run, summary)
        except Exception as exc:  # noqa: BLE001 - monitors that cannot run fail the run
            logger.exception("the Spidermon monitors could not run")
            return [f"monitor suite: could not run: {type(exc).__name__}: {exc}"]

    def check(self, run: RunManager, summary: dict[str, Any]) -> list[str]:
        crawler = self.crawler
        floors, problems = field_floors(crawler)
        files = summary.get("files") or {}
        measured = measure_songs(read_jsonl(files.get("jsonl")))
        validation = validation_report(files.get("jsonl"), files.get("rejects"))
        job = job_of(crawler)
        previous = previous_run(run.out_dir, run.run_id, job)
        limits = run_limits(crawler, floors)
        stats = crawler.stats
        assert stats is not None
        set_measured_stats(stats, measured, validation)
        context = {
            "run_id": run.run_id,
            "summary": summary,
            "measured": measured,
            "validation": validation,
            "limits": limits,
            "previous_run_id": previous.get("run_id") if previous else None,
            "previous": previous_measured(previous),
        }
        outcome = run_suite(crawler, context, stats.get_stats(), crawler.spider)
        failed = outcome["failed"]
        for fail in failed:
            problems.append(f"monitor {fail['monitor']}: {fail['message']}")
        summary["monitors"] = {
            "job": job,
            **outcome,
            "measured": measured,
            "previous_run": context["previous_run_id"],
            "validation": validation,
            "limits": limits,
        }
        stats.set_value(f"{STAT_PREFIX}/failed", len(failed))
        return problems
