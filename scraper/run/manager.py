"""One crawl run: its id, lock, durable page ledger, final JSONL, summary and health verdict.

Layout under the output directory (`SONGLISTS_OUTPUT_DIR`, default `output/`):

    output/<spider>/.lock                    flock held while a run writes here
    output/<spider>/<run-id>.jsonl           the run's records, written at the end (temp + rename)
    output/<spider>/<run-id>.rejects.jsonl   records the schema rejected, with the reason (if any)
    output/<spider>/<run-id>.summary.json    pages, entries, coverage, split methods, errors...
    output/<spider>/latest.jsonl             symlink to the last complete, healthy run's JSONL
    output/<spider>/latest.summary.json      symlink to its summary

The ledger is an append-only JSON Lines file, one line per finished page (its records, rejects,
links and outcome), flushed after every page. It lives in the job directory when there is one
(`JOBDIR/songlists/`), so after a crash, even `kill -9`, a rerun with the same job directory
continues the same run: pages in the ledger are neither refetched nor re-emitted, the links they
had are followed again, and the final JSONL is rebuilt from the ledger, so no record is lost or
doubled. Scrapy's own queue state in JOBDIR is only trusted after a clean pause (Ctrl-C); after
an unclean stop it is discarded and the frontier is rebuilt from the ledger.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured

from scraper.crawl.items import PageItem
from scraper.errors import JobDirInUse
from scraper.run import lock
from scraper.run.coverage import COVERAGE_FIELDS, covered
from scraper.run.datapackage import write_datapackage
from scraper.run.files import (
    atomic_symlink,
    atomic_write_text,
    clean_temp_files,
    fsync_dir,
    temp_name,
)
from scraper.run.mode import keeps_run_state

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Errors that count against the run's health (an error rate over the threshold fails the run).
# Pages skipped on purpose (robots.txt, off-site) are reported but are not errors.
NON_ERRORS = frozenset({"robots_forbidden"})
# Scrapy signal sent when a finished run's files are written, before its verdict, with
# `run` (the RunManager) and `summary`; a receiver returns a list of problems, each of which
# makes the run unhealthy (exit 2), and may add keys to the summary (scraper/crawl/monitors.py).
run_checked = object()


def _now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# One durable-write helper for every file (scraper/run/files.py); re-exported for old importers.
__all__ = ["atomic_symlink", "atomic_write_text"]

# Exit status of a run that stopped because its files could not be written (disk full, ...).
EXIT_WRITE_ERROR = 5
WRITE_ERROR = "write_error"  # the close reason of such a run


@dataclass
class HealthThresholds:
    min_entries: int = 1
    min_title_coverage: float = 0.9
    min_artist_coverage: float = 0.5
    max_error_rate: float = 0.2


@dataclass
class _Entry:
    offset: int
    length: int
    sort_key: tuple[str, str, int]


@dataclass
class Ledger:
    """Append-only page ledger with an in-memory index of offsets (records stay on disk)."""

    path: Path
    index: dict[str, _Entry] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # redirect target -> key
    fsync_interval: float = 1.0  # seconds between fsyncs of the ledger while pages come in

    def __post_init__(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        good = 0
        if self.path.exists():
            with open(self.path, "rb") as fh:
                offset = 0
                for raw in fh:
                    if not raw.endswith(b"\n"):
                        break  # a line cut by a crash: drop it, the page is fetched again
                    try:
                        data = json.loads(raw)
                    except ValueError:
                        break
                    key = data["key"]
                    if key not in self.index:
                        sk = data.get("sort_key") or ["", "", 0]
                        self.index[key] = _Entry(offset, len(raw), (sk[0], sk[1], int(sk[2])))
                        if data.get("alias"):
                            self.aliases.setdefault(data["alias"], key)
                    offset += len(raw)
                    good = offset
            with open(self.path, "r+b") as fh:
                fh.truncate(good)
        # unbuffered: a failed write (a full disk) leaves nothing pending to land later
        self._fh = open(self.path, "ab", buffering=0)  # noqa: SIM115 - closed in close()
        self._synced = time.monotonic()
        self._reader = open(self.path, "rb")  # noqa: SIM115

    def __contains__(self, key: str) -> bool:
        return key in self.index or key in self.aliases

    def __len__(self) -> int:
        return len(self.index)

    def append(self, item: PageItem) -> bool:
        """Record a finished page; False (and nothing written) when the page is already there."""
        if item.key in self:
            return False
        raw = (json.dumps(item.ledger_dict(), ensure_ascii=False) + "\n").encode("utf-8")
        offset = self._fh.tell()
        view, written = memoryview(raw), 0
        try:
            while written < len(raw):
                written += self._fh.write(view[written:]) or 0
        except OSError:
            try:
                os.truncate(self.path, offset)  # no cut line is left behind
            except OSError:
                pass
            raise
        if time.monotonic() - self._synced >= self.fsync_interval:
            self.sync()  # a power cut loses at most this interval's pages (refetched)
        self.index[item.key] = _Entry(offset, len(raw), item.sort_key)
        if item.alias:
            self.aliases.setdefault(item.alias, item.key)
        return True

    def read(self, key: str) -> dict[str, Any]:
        entry = self.index[key] if key in self.index else self.index[self.aliases[key]]
        self._reader.seek(entry.offset)
        data: dict[str, Any] = json.loads(self._reader.read(entry.length))
        return data

    def links(self, key: str) -> list[str]:
        return list(self.read(key).get("links") or [])

    def pages(self) -> Iterator[dict[str, Any]]:
        """All pages, in the stable output order (lang, slug, page number, then key)."""
        for key in sorted(self.index, key=lambda k: (self.index[k].sort_key, k)):
            yield self.read(key)

    def sync(self) -> None:
        os.fsync(self._fh.fileno())
        self._synced = time.monotonic()

    def close(self) -> None:
        self._fh.close()
        self._reader.close()


def job_lock_path(jobdir: Path) -> Path:
    return jobdir / "songlists.lock"


def job_output_dir(jobdir: Path) -> str | None:
    """The output directory (`<output>/<spider>`, absolute) of the run a job directory holds,
    when it is not finished; None for a fresh or finished job."""
    try:
        state = json.loads((jobdir / "songlists" / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("status") == "finished":
        return None
    owner = state.get("output_dir")
    return str(owner) if owner else None


class RunManager:
    """Owns everything about the current run; one per crawler (see `for_crawler`)."""

    ATTR = "_songlists_run"
    write_error: str | None = None  # why the run's files could not be written (see finish)

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> RunManager:
        run: RunManager | None = getattr(crawler, cls.ATTR, None)
        if run is None:
            run = cls(crawler)
            setattr(crawler, cls.ATTR, run)
        return run

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        assert crawler.spidercls is not None
        self.spider_name: str = crawler.spidercls.name
        self.out_dir = Path(settings.get("SONGLISTS_OUTPUT_DIR", "output")) / self.spider_name
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.lock_path = self.out_dir / ".lock"
        lock.acquire(self.lock_path)
        for stale in clean_temp_files(self.out_dir):  # a kill during an earlier final write
            logger.info("removed %s, left by a run that was killed while writing it", stale)
        self.thresholds = HealthThresholds(
            min_entries=settings.getint("SONGLISTS_MIN_ENTRIES", 1),
            min_title_coverage=settings.getfloat("SONGLISTS_MIN_TITLE_COVERAGE", 0.9),
            min_artist_coverage=settings.getfloat("SONGLISTS_MIN_ARTIST_COVERAGE", 0.5),
            max_error_rate=settings.getfloat("SONGLISTS_MAX_ERROR_RATE", 0.2),
        )
        self.started = time.monotonic()
        self.result: dict[str, Any] | None = None
        self.exit_code: int | None = None
        self.write_error: str | None = None  # why the run's files could not be written
        jobdir = settings.get("JOBDIR")
        self.jobdir = Path(jobdir) if jobdir else None
        state: dict[str, Any] = {}
        if self.jobdir is not None:
            self.work_dir = self.jobdir / "songlists"
            lock.acquire(job_lock_path(self.jobdir))  # one run per job directory
            clean_temp_files(self.work_dir)
            state = self._load_state()
            owner = job_output_dir(self.jobdir)
            if state.get("status") != "finished" and owner and owner != str(self.out_dir.resolve()):
                raise JobDirInUse(
                    f"--jobdir {self.jobdir} holds an unfinished run writing to {owner}; "
                    f"rerun with that --output, or give another --jobdir"
                )
            status = state.get("status")
            if status == "finished" or (state and state.get("spider") != self.spider_name):
                # A finished (or foreign) job: start a new run in the same directory.
                self._wipe_scrapy_state(everything=True)
                state = {}
            elif status == "running":
                # The last process died without closing: Scrapy's queue files are not
                # trustworthy; the ledger is, so the frontier is rebuilt from it.
                logger.warning("job %s was not closed cleanly; resuming from its ledger", jobdir)
                self._wipe_scrapy_state(everything=False)
        if state.get("run_id"):
            self.run_id: str = state["run_id"]
            self.resumes = int(state.get("resumes", 0)) + 1
            self.started_at: str = state.get("started_at") or _now_iso()
            self.previous_duration = float(state.get("duration_s", 0.0))
        else:
            self.run_id = self._new_run_id()
            self.resumes = 0
            self.started_at = _now_iso()
            self.previous_duration = 0.0
        if self.jobdir is None:
            self.work_dir = self.out_dir / f".{self.run_id}.work"
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.ledger = Ledger(self.work_dir / "ledger.jsonl")
        self.resumed_pages = len(self.ledger)
        self._save_state("running")

    def write_failed(self, exc: OSError, what: object) -> None:
        """A file of the run cannot be written (a full disk, a read-only file system): one
        line, and the crawl stops rather than fetch pages it cannot keep (exit status 5; a
        rerun with the same --jobdir resumes from what the ledger has)."""
        if self.write_error is not None:
            return
        self.write_error = f"cannot write {exc.filename or what}: {exc.strerror or exc}"
        logger.error("%s; stopping the crawl", self.write_error)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason=WRITE_ERROR))

    # -- job directory state -------------------------------------------------------------

    def _load_state(self) -> dict[str, Any]:
        path = self.work_dir / "state.json"
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
        except (OSError, ValueError):
            return {}

    def _save_state(self, status: str) -> None:
        state = {
            "spider": self.spider_name,
            "output_dir": str(self.out_dir.resolve()),
            "run_id": self.run_id,
            "status": status,
            "started_at": self.started_at,
            "resumes": self.resumes,
            "duration_s": round(self.duration(), 3),
        }
        self.work_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.work_dir / "state.json", json.dumps(state, indent=2) + "\n")

    def _wipe_scrapy_state(self, everything: bool) -> None:
        assert self.jobdir is not None
        for name in ("requests.queue", "requests.seen", "spider.state"):
            p = self.jobdir / name
            if p.is_dir():
                shutil.rmtree(p)
            elif p.exists():
                p.unlink()
        if everything and self.work_dir.exists():
            shutil.rmtree(self.work_dir)

    def _new_run_id(self) -> str:
        base = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        run_id, n = base, 1
        while (self.out_dir / f"{run_id}.summary.json").exists() or (
            self.out_dir / f".{run_id}.work"
        ).exists():
            n += 1
            run_id = f"{base}-{n}"
        return run_id

    def duration(self) -> float:
        return self.previous_duration + (time.monotonic() - self.started)

    # -- pages ---------------------------------------------------------------------------

    def is_done(self, key: str) -> bool:
        return key in self.ledger

    def prior_record_keys(self) -> Iterator[dict[str, Any]]:
        for page in self.ledger.pages():
            yield from page.get("records") or []

    def add_page(self, item: PageItem) -> bool:
        return self.ledger.append(item)

    # -- the end of the run ---------------------------------------------------------------

    def finish(self, reason: str, stats: dict[str, Any]) -> dict[str, Any]:
        """Write the run's files (when it finished) and return its summary.

        When a file cannot be written (a full disk, a read-only or vanished directory), the
        run is reported as stopped (exit status 5) with one line saying why; its temporary
        files are removed and nothing is published. With a job directory, the ledger stays
        for a rerun once there is room."""
        paths = {
            "jsonl": self.out_dir / f"{self.run_id}.jsonl",
            "rejects": self.out_dir / f"{self.run_id}.rejects.jsonl",
            "summary": self.out_dir / f"{self.run_id}.summary.json",
        }
        try:
            return self._finish(reason, stats, paths)
        except OSError as exc:
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
            self.exit_code = EXIT_WRITE_ERROR
            return summary

    def _finish(self, reason: str, stats: dict[str, Any], paths: dict[str, Path]) -> dict[str, Any]:
        if self.write_error is not None:
            raise OSError(0, self.write_error)
        complete = reason == "finished"
        summary = self._summarise(paths, complete, stats)
        problems = self._health(summary)
        crawler = getattr(self, "crawler", None)  # a merged run (scraper.distributed) has none
        if complete and crawler is not None:
            for _, extra in crawler.signals.send_catch_log(run_checked, run=self, summary=summary):
                if isinstance(extra, list):
                    problems.extend(str(p) for p in extra)
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
                atomic_symlink(paths["jsonl"].name, self.out_dir / "latest.jsonl")
                atomic_symlink(paths["summary"].name, self.out_dir / "latest.summary.json")
                if summary["files"]["datapackage"]:
                    package = Path(summary["files"]["datapackage"]).name
                    atomic_symlink(package, self.out_dir / "latest.datapackage.json")
                linked = ((summary["link"] or {}).get("files") or {}).get("linked")
                latest_linked = self.out_dir / "latest.linked.jsonl"
                if linked:
                    atomic_symlink(Path(linked).name, latest_linked)
                elif latest_linked.is_symlink():  # not a run of both editions: no stale link
                    latest_linked.unlink()
            self.ledger.close()
            if self.jobdir is None:
                shutil.rmtree(self.work_dir, ignore_errors=True)
            else:
                self._save_state("finished")
        else:
            self.ledger.sync()
            self.ledger.close()
            if self.jobdir is not None:
                self._save_state("paused")
            else:
                # Nothing can resume a run without a job directory: keep no half state.
                shutil.rmtree(self.work_dir, ignore_errors=True)
        self.result = summary
        self.exit_code = 0 if summary["healthy"] else (2 if complete else 4)
        return summary

    def _datapackage(self, jsonl: Path, summary: dict[str, Any]) -> str | None:
        """`RUN.datapackage.json` beside the run file (scraper/run/datapackage.py), when the
        run wrote records; its path."""
        if not summary["entries"] or not jsonl.exists():
            return None
        with open(jsonl, encoding="utf-8") as fh:
            keys = list(json.loads(fh.readline()))
        path = write_datapackage(
            jsonl, keys, run_id=self.run_id, created=_now_iso(), count=summary["entries"]
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

    def _summarise(
        self, paths: dict[str, Path], write: bool, stats: dict[str, Any]
    ) -> dict[str, Any]:
        pages: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        errors: Counter[str] = Counter()
        failed: list[dict[str, Any]] = []  # every page that failed or was skipped, with its URL
        methods: Counter[str] = Counter()
        coverage: Counter[str] = Counter()
        langs: Counter[str] = Counter()
        articles: set[tuple[str, str]] = set()
        entries = rejected = duplicates = attempted = 0
        warnings = 0
        out_tmp = paths["jsonl"].with_name(f".{paths['jsonl'].name}.tmp-{os.getpid()}")
        rej_tmp = paths["rejects"].with_name(f".{paths['rejects'].name}.tmp-{os.getpid()}")
        out = open(out_tmp, "w", encoding="utf-8") if write else None  # noqa: SIM115
        rej = open(rej_tmp, "w", encoding="utf-8") if write else None  # noqa: SIM115
        try:
            for page in self.ledger.pages():
                kind = page["kind"]
                pages[kind] += 1
                if page.get("error") not in NON_ERRORS:
                    attempted += 1
                if page.get("status") is not None:
                    statuses[str(page["status"])] += 1
                if page.get("error"):
                    errors[page["error"]] += 1
                    failed.append(
                        {
                            "url": page.get("url"),
                            "error": page["error"],
                            "status": page.get("status"),
                        }
                    )
                if page.get("cached"):
                    pages["not_modified"] += 1
                if page.get("reused"):
                    pages["extraction_reused"] += 1
                elif kind == "article" and not page.get("error"):
                    pages["extracted"] += 1
                warnings += len(page.get("warnings") or [])
                duplicates += int(page.get("duplicates") or 0)
                for rec in page.get("records") or []:
                    entries += 1
                    for name in COVERAGE_FIELDS:
                        if covered(rec.get(name)):
                            coverage[name] += 1
                    methods[(rec.get("split") or {}).get("method") or "none"] += 1
                    art = rec.get("article") or {}
                    langs[str(art.get("lang"))] += 1
                    sk = page.get("sort_key") or ["", "", 0]
                    articles.add((sk[0], sk[1]))
                    if out is not None:
                        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                for rej_rec in page.get("rejects") or []:
                    rejected += 1
                    rec = rej_rec.get("record") or {}
                    # rejected records still tell whether the layout gave titles and artists
                    for name in ("title", "artist"):
                        if covered(rec.get(name)):
                            coverage[name] += 1
                    if rej is not None:
                        rej.write(json.dumps(rej_rec, ensure_ascii=False) + "\n")
            if out is not None and rej is not None:
                for fh in (out, rej):
                    fh.flush()
                    os.fsync(fh.fileno())
        finally:
            if out is not None:
                out.close()
            if rej is not None:
                rej.close()
        if write:
            os.replace(out_tmp, paths["jsonl"])
            if rejected:
                os.replace(rej_tmp, paths["rejects"])
            else:
                rej_tmp.unlink()
            fsync_dir(paths["jsonl"].parent)
        extracted_total = entries + rejected
        cov = {
            name: round(coverage[name] / extracted_total, 4) if extracted_total else 0.0
            for name in COVERAGE_FIELDS
        }
        error_count = sum(n for kind, n in errors.items() if kind not in NON_ERRORS)
        http = {
            "retries": int(stats.get("retry/count", 0)),
            "retry_reasons": {
                k.split("/", 2)[2]: v
                for k, v in stats.items()
                if k.startswith("retry/reason_count/")
            },
            "redirects": sum(
                v
                for k, v in stats.items()
                if k.startswith("downloader/response_status_count/3") and not k.endswith("/304")
            ),
            "responses_by_status": {
                k.rsplit("/", 1)[1]: v
                for k, v in stats.items()
                if k.startswith("downloader/response_status_count/")
            },
            "not_modified_304": int(stats.get("httpcache/revalidate", 0)),
            "robots_forbidden": int(stats.get("robotstxt/forbidden", 0)),
            "offsite_links_skipped": int(stats.get("songlists/links/offsite", 0))
            + int(stats.get("offsite/filtered", 0)),
            "bytes_downloaded": int(stats.get("downloader/response_bytes", 0)),
            "cache": {
                k.split("/", 1)[1]: v for k, v in stats.items() if k.startswith("httpcache/")
            },
        }
        return {
            "run_id": self.run_id,
            "spider": self.spider_name,
            "started_at": self.started_at,
            "finished_at": _now_iso(),
            "duration_s": round(self.duration(), 3),
            "resumes": self.resumes,
            "pages_from_earlier_attempts": self.resumed_pages,
            "pages": {
                "total": sum(pages[k] for k in ("article", "listing", "sitemap")),
                "articles": pages["article"],
                "listings": pages["listing"] + pages["sitemap"],
                "article_count": len(articles),
                "extracted": pages["extracted"],
                "extraction_reused": pages["extraction_reused"],
                "not_modified": pages["not_modified"],
                "by_status": dict(sorted(statuses.items())),
            },
            "entries": entries,
            "rejected": rejected,
            "duplicates_dropped": duplicates,
            "parser_warnings": warnings,
            "entries_by_lang": dict(sorted(langs.items())),
            "coverage": cov,
            "split_methods": dict(methods.most_common()),
            "errors": dict(sorted(errors.items())),
            "failed_pages": sorted(failed, key=lambda f: (f["error"], str(f["url"]))),
            "error_rate": round(error_count / attempted, 4) if attempted else 0.0,
            "http": http,
            "files": {
                "jsonl": str(paths["jsonl"]) if write else None,
                "rejects": str(paths["rejects"]) if write and rejected else None,
                "summary": str(paths["summary"]) if write else None,
                "latest": str(self.out_dir / "latest.jsonl"),
            },
            "thresholds": vars(self.thresholds),
        }

    def _health(self, summary: dict[str, Any]) -> list[str]:
        t = self.thresholds
        problems = []
        if summary["entries"] < t.min_entries:
            problems.append(f"entries {summary['entries']} < {t.min_entries}")
        if summary["entries"] or summary["rejected"]:
            for name, floor in (("title", t.min_title_coverage), ("artist", t.min_artist_coverage)):
                value = summary["coverage"][name]
                if value < floor:
                    problems.append(f"{name} coverage {value:.2f} < {floor:.2f} (layout drift?)")
        if summary["error_rate"] > t.max_error_rate:
            problems.append(f"error rate {summary['error_rate']:.2f} > {t.max_error_rate:.2f}")
        return problems


class RunExtension:
    """Creates the run (lock, job directory check) before the scheduler opens its JOBDIR state."""

    def __init__(self, crawler: Crawler) -> None:
        if not keeps_run_state(crawler.settings):
            raise NotConfigured("no run state (scrapy parse/shell/check)")
        self.run = RunManager.for_crawler(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunExtension:
        return cls(crawler)
