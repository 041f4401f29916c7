"""One crawl run: its id, lock, page ledger, final files, summary and health verdict.

`RunManager` is the run of a crawl; `RunBase` is what every run shares (the ledger, the summary,
the health verdict, the files written at the end), so a distributed worker
(scraper/distributed/run.py) and a merge (scraper/distributed/merge.py) are runs too. The pieces
live beside it: the ledger (ledger.py), the job directory's state (jobstate.py), the thresholds
(health.py), the counting (summary.py) and the files and `latest` links (outputs.py).

Every page that finishes is appended to the ledger, flushed at once. It lives in the job
directory when there is one (`JOBDIR/songlists/`), so after a crash, even `kill -9`, a rerun
with the same job directory continues the same run: pages in the ledger are neither refetched
nor re-emitted, the links they had are followed again, and the final JSONL is rebuilt from the
ledger, so no record is lost or doubled.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from scrapy.exceptions import NotConfigured

from scraper.crawl.items import PageItem
from scraper.errors import JobDirInUse
from scraper.run import lock
from scraper.run.clock import now_iso
from scraper.run.datapackage import write_datapackage
from scraper.run.files import atomic_write_text, clean_temp_files, temp_name
from scraper.run.health import HealthThresholds
from scraper.run.jobstate import (
    job_lock_path,
    job_output_dir,
    job_work_dir,
    load_state,
    save_state,
    wipe_scrapy_state,
)
from scraper.run.ledger import Ledger
from scraper.run.mode import keeps_run_state
from scraper.run.outputs import publish_latest, run_paths, write_run_files
from scraper.run.summary import PageTally, http_summary

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Scrapy signal sent when a finished run's files are written, before its verdict, with
# `run` (the RunManager) and `summary`; a receiver returns a list of problems, each of which
# makes the run unhealthy (exit 2), and may add keys to the summary (scraper/crawl/monitors.py).
run_checked = object()

# The verdicts a run ends with (scraper/cli/exitcodes.py turns them into exit statuses).
Verdict = Literal["healthy", "unhealthy", "unfinished", "write_error"]
# The close reason (and verdict) of a run whose files could not be written.
WRITE_ERROR: Final = "write_error"


class RunBase:
    """What every run has: a ledger of finished pages, thresholds, and at the end the run's
    files, its summary and its verdict (`finish`; then `result` and `verdict`)."""

    ATTR = "_songlists_run"

    def __init__(
        self,
        *,
        spider_name: str,
        out_dir: Path,
        run_id: str,
        work_dir: Path,
        ledger_name: str,
        thresholds: HealthThresholds,
        crawler: Crawler | None = None,
        jobdir: Path | None = None,
        resumes: int = 0,
        started_at: str | None = None,
        previous_duration: float = 0.0,
    ) -> None:
        self.crawler = crawler
        self.spider_name = spider_name
        self.out_dir = out_dir
        self.run_id = run_id
        self.work_dir = work_dir
        self.thresholds = thresholds
        self.jobdir = jobdir
        self.resumes = resumes
        self.started_at = started_at or now_iso()
        self.previous_duration = previous_duration
        self.started = time.monotonic()
        self.result: dict[str, Any] | None = None
        self.verdict: Verdict | None = None
        self.write_error: str | None = None  # why the run's files could not be written
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.ledger = Ledger(self.work_dir / ledger_name)
        self.resumed_pages = len(self.ledger)

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> RunBase:
        """The crawler's run, created (as this class's kind of run) on first use."""
        run: RunBase | None = getattr(crawler, cls.ATTR, None)
        if run is None:
            run = cls.open(crawler)
            setattr(crawler, cls.ATTR, run)
        return run

    @classmethod
    def open(cls, crawler: Crawler) -> RunBase:
        return RunManager(crawler)

    def duration(self) -> float:
        return self.previous_duration + (time.monotonic() - self.started)

    def write_failed(self, exc: OSError, what: object) -> None:
        """A file of the run cannot be written (a full disk, a read-only file system): one
        line, and the crawl stops rather than fetch pages it cannot keep (exit status 5; a
        rerun with the same --jobdir resumes from what the ledger has)."""
        if self.write_error is not None:
            return
        self.write_error = f"cannot write {exc.filename or what}: {exc.strerror or exc}"
        logger.error("%s; stopping the crawl", self.write_error)
        engine = self.crawler.engine if self.crawler is not None else None
        if engine is not None and engine.spider is not None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason=WRITE_ERROR))

    # -- pages ---------------------------------------------------------------------------

    def is_done(self, key: str) -> bool:
        return key in self.ledger

    def prior_record_keys(self) -> Iterator[dict[str, Any]]:
        for page in self.ledger.pages():
            yield from page.get("records") or []

    def add_page(self, item: PageItem) -> bool:
        return self.ledger.append(item)

    # -- the summary ----------------------------------------------------------------------

    def _summarise(
        self, paths: dict[str, Path], write: bool, stats: dict[str, Any]
    ) -> dict[str, Any]:
        """The run's summary, counted from its ledger; with `write`, the run's JSONL and
        rejects are written in the same pass."""
        tally = PageTally()
        if write:
            write_run_files(self.ledger.pages(), paths, tally.add)
        else:
            for page in self.ledger.pages():
                tally.add(page)
        counts = tally.summary()
        return {
            "run_id": self.run_id,
            "spider": self.spider_name,
            "started_at": self.started_at,
            "finished_at": now_iso(),
            "duration_s": round(self.duration(), 3),
            "resumes": self.resumes,
            "pages_from_earlier_attempts": self.resumed_pages,
            **counts,
            "http": http_summary(stats),
            "files": {
                "jsonl": str(paths["jsonl"]) if write else None,
                "rejects": str(paths["rejects"]) if write and counts["rejected"] else None,
                "summary": str(paths["summary"]) if write else None,
                "latest": str(self.out_dir / "latest.jsonl"),
            },
            "thresholds": self.thresholds.as_dict(),
        }

    def _health(self, summary: dict[str, Any]) -> list[str]:
        return self.thresholds.problems(summary)

    # -- the end of the run ---------------------------------------------------------------

    def finish(self, reason: str, stats: dict[str, Any]) -> dict[str, Any]:
        """Write the run's files (when it finished) and return its summary.

        When a file cannot be written (a full disk, a read-only or vanished directory), the
        run is reported as stopped (exit status 5) with one line saying why; its temporary
        files are removed and nothing is published. With a job directory, the ledger stays
        for a rerun once there is room."""
        paths = run_paths(self.out_dir, self.run_id)
        try:
            return self._finish(reason, stats, paths)
        except OSError as exc:
            return self._stopped(exc, stats, paths)

    def _stopped(
        self, exc: OSError, stats: dict[str, Any], paths: dict[str, Path]
    ) -> dict[str, Any]:
        for path in (*paths.values(), self.work_dir / "state.json"):
            temp_name(path).unlink(missing_ok=True)
        self.write_error = (
            self.write_error
            or f"cannot write {exc.filename or self.out_dir}: {exc.strerror or exc}"
        )
        logger.error("run %s stopped: %s", self.run_id, self.write_error)
        summary = self._summarise(paths, False, stats)
        try:
            self.ledger.close()
        except OSError:
            pass
        if self.jobdir is None:  # nothing can resume it: free the space its ledger took
            shutil.rmtree(self.work_dir, ignore_errors=True)
        summary.update(
            finish_reason=WRITE_ERROR,
            complete=False,
            healthy=False,
            health_problems=[f"run stopped: {self.write_error}"],
            link=None,
        )
        summary["files"].update(jsonl=None, rejects=None, summary=None)
        self.result = summary
        self.verdict = WRITE_ERROR
        return summary

    def _finish(self, reason: str, stats: dict[str, Any], paths: dict[str, Path]) -> dict[str, Any]:
        if self.write_error is not None:
            raise OSError(0, self.write_error)
        complete = reason == "finished"
        summary = self._summarise(paths, complete, stats)
        problems = self._health(summary) + (self._monitor_problems(summary) if complete else [])
        summary["finish_reason"] = reason
        summary["complete"] = complete
        summary["healthy"] = complete and not problems
        summary["health_problems"] = problems if complete else [f"run not finished: {reason}"]
        summary["link"] = self._link(paths["jsonl"], summary) if complete else None
        if complete:
            summary["files"]["datapackage"] = self._datapackage(paths["jsonl"], summary)
            atomic_write_text(
                paths["summary"], json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
            )
            if summary["healthy"]:
                publish_latest(self.out_dir, paths, summary)
        self._close(complete)
        self.result = summary
        self.verdict = (
            "healthy" if summary["healthy"] else ("unhealthy" if complete else "unfinished")
        )
        return summary

    def _monitor_problems(self, summary: dict[str, Any]) -> list[str]:
        """What the receivers of `run_checked` (the monitors) find wrong with a finished run."""
        if self.crawler is None:  # a merged run (scraper.distributed) has no crawler
            return []
        problems: list[str] = []
        for _, extra in self.crawler.signals.send_catch_log(run_checked, run=self, summary=summary):
            if isinstance(extra, list):
                problems.extend(str(p) for p in extra)
        return problems

    def _close(self, complete: bool) -> None:
        """Close the ledger; keep the work directory only where a rerun can resume from it."""
        if not complete:
            self.ledger.sync()
        self.ledger.close()
        if self.jobdir is None:
            # Nothing can resume a run without a job directory: keep no half state.
            shutil.rmtree(self.work_dir, ignore_errors=True)

    def _datapackage(self, jsonl: Path, summary: dict[str, Any]) -> str | None:
        """`RUN.datapackage.json` beside the run file (scraper/run/datapackage.py), when the
        run wrote records; its path."""
        if not summary["entries"] or not jsonl.exists():
            return None
        with open(jsonl, encoding="utf-8") as fh:
            keys = list(json.loads(fh.readline()))
        path = write_datapackage(
            jsonl, keys, run_id=self.run_id, created=now_iso(), count=summary["entries"]
        )
        return str(path)

    def _link(self, jsonl: Path, summary: dict[str, Any]) -> dict[str, Any] | None:
        """A run of both editions links English records to their Japanese originals
        (scraper/run/link.py: `<run-id>.linked.jsonl`, `<run-id>.link-report.json`); the run's
        JSONL stays as it is. A failure here is logged and reported, never fatal."""
        if not {"en", "ja"} <= set(summary["entries_by_lang"]):
            return None
        try:
            from scraper.run.link import link_run

            return link_run(jsonl)
        except Exception as exc:  # noqa: BLE001 - the crawl's output is written already
            logger.exception("linking the editions failed")
            return {"error": f"{type(exc).__name__}: {exc}"}


def new_run_id(out_dir: Path) -> str:
    """A run id from the time (UTC), not used yet in `out_dir`."""
    base = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    run_id, n = base, 1
    while (out_dir / f"{run_id}.summary.json").exists() or (out_dir / f".{run_id}.work").exists():
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def _job_state(jobdir: Path, out_dir: Path, spider_name: str) -> dict[str, Any]:
    """Take the job directory (its lock) and return the state of the run to continue in it
    ({} for a new run); a job of another output directory is refused (JobDirInUse)."""
    lock.acquire(job_lock_path(jobdir))  # one run per job directory
    clean_temp_files(job_work_dir(jobdir))
    state = load_state(job_work_dir(jobdir))
    owner = job_output_dir(jobdir)
    status = state.get("status")
    if status != "finished" and owner and owner != str(out_dir.resolve()):
        raise JobDirInUse(
            f"--jobdir {jobdir} holds an unfinished run writing to {owner}; "
            f"rerun with that --output, or give another --jobdir"
        )
    if status == "finished" or (state and state.get("spider") != spider_name):
        # A finished (or foreign) job: start a new run in the same directory.
        wipe_scrapy_state(jobdir, everything=True)
        return {}
    if status == "running":
        # The last process died without closing: Scrapy's queue files are not
        # trustworthy; the ledger is, so the frontier is rebuilt from it.
        logger.warning("job %s was not closed cleanly; resuming from its ledger", jobdir)
        wipe_scrapy_state(jobdir, everything=False)
    return state


class RunManager(RunBase):
    """The run of one crawl process: the output directory's lock, and with a job directory
    a run that a rerun continues (see the module's docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        assert crawler.spidercls is not None
        spider_name: str = crawler.spidercls.name
        out_dir = Path(settings.get("SONGLISTS_OUTPUT_DIR", "output")) / spider_name
        out_dir.mkdir(parents=True, exist_ok=True)
        self.lock_path = out_dir / ".lock"
        lock.acquire(self.lock_path)
        for stale in clean_temp_files(out_dir):  # a kill during an earlier final write
            logger.info("removed %s, left by a run that was killed while writing it", stale)
        jobdir = Path(settings["JOBDIR"]) if settings.get("JOBDIR") else None
        state = _job_state(jobdir, out_dir, spider_name) if jobdir is not None else {}
        run_id = state.get("run_id") or new_run_id(out_dir)
        super().__init__(
            spider_name=spider_name,
            out_dir=out_dir,
            run_id=run_id,
            work_dir=job_work_dir(jobdir) if jobdir is not None else out_dir / f".{run_id}.work",
            ledger_name="ledger.jsonl",
            thresholds=HealthThresholds.from_settings(settings),
            crawler=crawler,
            jobdir=jobdir,
            resumes=int(state.get("resumes", 0)) + 1 if state.get("run_id") else 0,
            started_at=state.get("started_at") if state.get("run_id") else None,
            previous_duration=float(state.get("duration_s", 0.0)) if state.get("run_id") else 0.0,
        )
        self._save_state("running")

    def _save_state(self, status: str) -> None:
        save_state(
            self.work_dir,
            {
                "spider": self.spider_name,
                "output_dir": str(self.out_dir.resolve()),
                "run_id": self.run_id,
                "status": status,
                "started_at": self.started_at,
                "resumes": self.resumes,
                "duration_s": round(self.duration(), 3),
            },
        )

    def _close(self, complete: bool) -> None:
        super()._close(complete)
        if self.jobdir is not None:
            self._save_state("finished" if complete else "paused")


class RunExtension:
    """Creates the run (lock, job directory check) before the scheduler opens its JOBDIR state."""

    def __init__(self, crawler: Crawler) -> None:
        if not keeps_run_state(crawler.settings):
            raise NotConfigured("no run state (scrapy parse/shell/check)")
        self.run = RunManager.for_crawler(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunExtension:
        return cls(crawler)
