"""`songlists crawl`: run a spider as a scheduled job, with sensible defaults.

    songlists crawl                          en-us edition of www.ragnet.co.jp, incremental
    songlists crawl --lang ja                the Japanese edition
    songlists crawl --url https://www.ragnet.co.jp/en-us/cry-love-songs
    songlists crawl --jobdir .scrapy/job     resumable: rerun the same command after a crash
    songlists crawl --full                   forget the HTTP and extraction caches first
    songlists crawl --local http://127.0.0.1:8765   crawl a local copy (scraper.devtools.localsite)
    songlists crawl --redis redis://HOST:6379/0      one worker of a distributed run (scrapy-redis):
                                             start several, then `songlists merge`

Exit status: 0 healthy run; 2 finished but unhealthy (no entries, title/artist coverage or
error rate past the thresholds); 3 another run holds the output lock; 4 interrupted (resume
it with the same --jobdir); 5 stopped, its files could not be written (disk full); 1 could not
start (bad arguments or paths: one line, nothing fetched). All codes: docs/exit-codes.md.

Also runnable as `python -m scraper.cli.crawl ...`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from parsers.schema import load_schema
from parsers.sites.urls import SITES
from scraper import __version__
from scraper.cli import exitcodes
from scraper.cli.exitcodes import run_status
from scraper.errors import RunLocked
from scraper.run import lock
from scraper.run.jobstate import job_lock_path, job_output_dir
from scraper.run.manager import RunBase
from scraper.run.summary import format_summary

# Settings for crawling a local copy of the site: no politeness delays against 127.0.0.1.
LOCAL_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "DOWNLOAD_SLOTS": {},
    "AUTOTHROTTLE_START_DELAY": 0,
    "AUTOTHROTTLE_MAX_DELAY": 1.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 8.0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "SONGLISTS_RETRY_BACKOFF_BASE": 0.05,
    "DOWNLOAD_TIMEOUT": 10,
}


def add_crawl_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--spider", default="ragmusic", help="spider name (default: ragmusic)")
    ap.add_argument(
        "--url", action="append", default=[], help="crawl this article/listing (repeatable)"
    )
    ap.add_argument("--lang", default="en", help="edition(s): en (default), ja, ko, fr, de; a,b")
    ap.add_argument("--prefer", choices=SITES, help="domain to fetch shared articles from")
    ap.add_argument("--output", default="output", help="output directory (default: output)")
    ap.add_argument("--jobdir", help="job directory: makes the run resumable after a crash")
    ap.add_argument(
        "--cache-dir", default=".scrapy", help="HTTP + extraction cache root (default: .scrapy)"
    )
    ap.add_argument("--full", action="store_true", help="drop the caches: refetch everything")
    ap.add_argument("--no-cache", action="store_true", help="no HTTP cache (nor incremental)")
    ap.add_argument("--local", metavar="BASE_URL", help="send both sites to a local server")
    ap.add_argument("--contact", help="contact URL for the User-Agent")
    ap.add_argument("--min-entries", type=int)
    ap.add_argument("--min-title-coverage", type=float)
    ap.add_argument("--min-artist-coverage", type=float)
    ap.add_argument("--max-error-rate", type=float)
    ap.add_argument(
        "--redis",
        metavar="URL",
        help="distributed mode: share the frontier in this Redis (redis://HOST:PORT/DB) with"
        " other workers; each writes a part, `songlists merge` makes the run file",
    )
    ap.add_argument("--run-id", help="with --redis: the run to join (default: the current one)")
    ap.add_argument(
        "--worker-ttl",
        type=float,
        help="with --redis: seconds without a heartbeat before a worker counts as dead (30)",
    )
    ap.add_argument("--log-level", default="INFO")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="Scrapy setting"
    )
    ap.add_argument(
        "-a", "--arg", action="append", default=[], metavar="NAME=VALUE", help="spider argument"
    )


def add_crawl_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `crawl` on the songlists CLI; the handler is in `args.func`."""
    ap: argparse.ArgumentParser = subparsers.add_parser(
        "crawl",
        help="crawl the sites into output/<spider>/<run-id>.jsonl",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_crawl_arguments(ap)
    ap.set_defaults(func=run_crawl)
    from scraper.cli.merge import add_merge_parser

    add_merge_parser(subparsers)
    return ap


_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _pairs(values: list[str], option: str, what: str) -> str | None:
    for pair in values:
        name, eq, _ = pair.partition("=")
        if not eq or not _NAME.match(name.strip()):
            return f"{option} {pair!r}: expected {what}=VALUE"
    return None


def _reachable(base: str) -> str | None:
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"--local {base!r}: expected a base URL such as http://127.0.0.1:8765"
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return f"--local {base!r}: not a valid port"
    try:
        socket.create_connection((parts.hostname, port), timeout=5).close()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return f"--local {base}: no server answers there ({reason}); start it with `python -m scraper.devtools.localsite`"
    return None


def check_crawl_args(args: argparse.Namespace) -> str | None:
    """Everything about the command line that can be known wrong before the crawl starts:
    the one line to print, or None. Output, job and cache directories are made and
    probed for writing (a read-only or full disk, a file in the way)."""
    from scraper.cli import checks
    from scraper.crawl.navigation import ALL_LANGS, classify_link

    langs = [v for v in args.lang.replace(",", " ").split() if v]
    unknown = [v for v in langs if v not in ALL_LANGS]
    if unknown or not langs:
        return f"--lang {args.lang!r}: unknown edition; known: {', '.join(ALL_LANGS)}"
    if str(args.log_level).upper() not in _LOG_LEVELS:
        return f"--log-level {args.log_level!r}: expected one of {', '.join(_LOG_LEVELS)}"
    if args.run_id is not None:
        pattern = load_schema()["properties"]["run_id"]["pattern"]
        if not re.match(pattern, args.run_id):
            return f"--run-id {args.run_id!r}: letters, digits, '.', '_' or '-' (at most 100)"
    args.log_level = str(args.log_level).upper()
    for url in args.url:
        if classify_link(url) is None:
            return f"--url {url!r}: not a RAG Music article or listing URL (www.ragnet.co.jp or www.studiorag.com)"
    problem = _pairs(args.set, "-s", "NAME") or _pairs(args.arg, "-a", "NAME")
    if problem:
        return problem
    for option, value, low, high in (
        ("--min-entries", args.min_entries, 0, None),
        ("--min-title-coverage", args.min_title_coverage, 0.0, 1.0),
        ("--min-artist-coverage", args.min_artist_coverage, 0.0, 1.0),
        ("--max-error-rate", args.max_error_rate, 0.0, 1.0),
        ("--worker-ttl", args.worker_ttl, 0.001, None),
    ):
        if value is not None and (value < low or (high is not None and value > high)):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            return f"{option} {value}: must be {bound}"
    if args.redis and urlsplit(args.redis).scheme not in ("redis", "rediss", "unix"):
        return f"--redis {args.redis!r}: expected redis://HOST:PORT/DB"
    if args.local:
        problem = _reachable(args.local)
        if problem:
            return problem
    dirs = [("--output", Path(args.output) / args.spider)]
    if args.jobdir:
        dirs.append(("--jobdir", Path(args.jobdir)))
    if not args.no_cache:
        dirs.append(("--cache-dir", Path(args.cache_dir)))
    for option, path in dirs:
        problem = checks.writable_dir(path, option)
        if problem:
            return problem
    return None


def build_settings(args: argparse.Namespace) -> Settings:
    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    over: dict[str, Any] = {
        "SONGLISTS_OUTPUT_DIR": args.output,
        "LOG_LEVEL": args.log_level,
        "HTTPCACHE_DIR": str(Path(args.cache_dir).resolve() / "httpcache"),
    }
    if args.no_cache:
        over["HTTPCACHE_ENABLED"] = False
    if args.jobdir:
        over["JOBDIR"] = args.jobdir
    if args.local:
        over.update(LOCAL_SETTINGS)
        over["SONGLISTS_HOST_MAP"] = {host: args.local for host in SITES}
    if args.contact:
        over["SONGLISTS_CONTACT_URL"] = args.contact
        over["USER_AGENT"] = f"songlists/{__version__} (+{args.contact})"
    for name, value in (
        ("SONGLISTS_MIN_ENTRIES", args.min_entries),
        ("SONGLISTS_MIN_TITLE_COVERAGE", args.min_title_coverage),
        ("SONGLISTS_MIN_ARTIST_COVERAGE", args.min_artist_coverage),
        ("SONGLISTS_MAX_ERROR_RATE", args.max_error_rate),
    ):
        if value is not None:
            over[name] = value
    if args.redis:
        over["REDIS_URL"] = args.redis
    if args.run_id:
        over["SONGLISTS_RUN_ID"] = args.run_id
    if args.worker_ttl is not None:
        over["SONGLISTS_REDIS_WORKER_TTL"] = args.worker_ttl
    for pair in args.set:
        name, _, value = pair.partition("=")
        over[name.strip()] = value
    settings.setdict(over, priority="cmdline")
    return settings


def clear_caches(settings: Settings, spider: str) -> None:
    http = Path(settings["HTTPCACHE_DIR"])
    for path in (http / spider, http / f"{spider}.extract"):
        shutil.rmtree(path, ignore_errors=True)
    extra = settings.get("SONGLISTS_EXTRACT_CACHE_DIR")
    if extra:
        shutil.rmtree(extra, ignore_errors=True)


def _fail(problem: str, status: int = exitcodes.FAILED) -> int:
    print(f"songlists crawl: {problem}", file=sys.stderr)
    return status


def _worker_may_start(settings: Settings, spider: str) -> int | None:
    """A worker of a distributed run (--redis): None when it may start, else its exit status.
    Workers share the output directory (each writes its own part); `songlists merge` takes the
    lock when it writes the run file."""
    if settings.get("JOBDIR"):
        return _fail("--jobdir does not apply with --redis")
    from scraper.distributed.run import redis_problem, run_is_finished

    problem = redis_problem(settings)
    if problem is not None:
        return _fail(problem)
    if run_is_finished(settings, spider):
        return _fail(f"run {settings['SONGLISTS_RUN_ID']} has already finished", exitcodes.OK)
    return None


def _claim_output(settings: Settings, spider: str) -> int | None:
    """Take the output directory's lock (and the job directory's): None when the crawl may
    start, else its exit status (another run holds them, or the job writes elsewhere)."""
    out_dir = Path(settings["SONGLISTS_OUTPUT_DIR"]) / spider
    jobdir = Path(settings["JOBDIR"]) if settings.get("JOBDIR") else None
    try:
        lock.acquire(out_dir / ".lock")
        if jobdir is not None:
            lock.acquire(job_lock_path(jobdir))
    except RunLocked as exc:
        return _fail(str(exc), exitcodes.LOCKED)
    owner = job_output_dir(jobdir) if jobdir is not None else None
    if owner and owner != str(out_dir.resolve()):
        return _fail(
            f"--jobdir {jobdir} holds an unfinished run writing to {owner};"
            " rerun with that --output, or give another --jobdir"
        )
    return None


def spider_arguments(args: argparse.Namespace) -> dict[str, Any]:
    spargs: dict[str, Any] = {"lang": args.lang}
    if args.url:
        spargs["start_urls"] = ",".join(args.url)
    if args.prefer:
        spargs["prefer"] = args.prefer
    for pair in args.arg:
        name, _, value = pair.partition("=")
        spargs[name.strip()] = value
    return spargs


def print_result(result: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(format_summary(result))
    worker = result.get("distributed") or {}
    if worker.get("worker"):
        # one worker's part of a distributed run (--redis): the run's file comes from merge
        done = "finished" if worker.get("run_finished") else "not finished"
        print(f"  worker    {worker['worker']}: its part of run {result['run_id']} ({done})")
        print(f"  next      {result['files']['merge']}")


def run_crawl(args: argparse.Namespace) -> int:
    problem = check_crawl_args(args)
    if problem is not None:
        return _fail(problem)
    settings = build_settings(args)
    if settings.get("REDIS_URL"):
        early = _worker_may_start(settings, args.spider)
    else:
        early = _claim_output(settings, args.spider)
    if early is not None:
        return early
    if args.full:
        clear_caches(settings, args.spider)
    process = CrawlerProcess(settings)
    try:
        spidercls = process.spider_loader.load(args.spider)
    except KeyError:
        return _fail(f"no spider {args.spider!r}")
    crawler = process.create_crawler(spidercls)
    process.crawl(crawler, **spider_arguments(args))
    process.start()
    run: RunBase | None = getattr(crawler, RunBase.ATTR, None)
    status = run_status(run)
    if run is None or run.result is None or status is None:
        return _fail("the crawl did not start (see the log above)")
    print_result(run.result, as_json=args.json)
    return status


def main_crawl(argv: list[str] | None = None) -> int:
    from scraper.cli.checks import OneLineParser

    ap = OneLineParser(
        prog="songlists crawl",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_crawl_arguments(ap)
    return run_crawl(ap.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main_crawl())
