"""`songlists merge`: one run file from the parts the workers of a distributed run wrote.

    songlists merge                      the newest run under output/<spider>/parts/
    songlists merge 20260101T041700Z-3fa2 --output /srv/songlists/output
    songlists merge RUN --force          merge a run no worker saw finish (partial: unhealthy)

Reads every worker's ledger (`parts/<run>/<worker>.ledger.jsonl`; a line cut by a crash is
dropped), keeps each page once (a page two workers fetched, because one was killed while it
had it, counts as fetched twice) and each record once (same article page and position,
whatever the domain), and writes, exactly as a single-process run does:

    output/<spider>/<run>.jsonl, <run>.summary.json, <run>.rejects.jsonl, latest.* (if healthy)

The records are in the stable output order (edition, slug, page, position), so the merged file
of a distributed run is byte-identical to a single-process run's over the same pages. The
summary adds `distributed` (workers, pages fetched twice, ...); its `http` counters add up
the Scrapy stats of the workers that stopped cleanly. The parts are removed after a successful
merge unless --keep-parts. Exit status as `songlists crawl`: 0 healthy, 2 unhealthy, 3 locked,
1 nothing to merge (or a run not finished, without --force).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from scraper.cli import exitcodes
from scraper.cli.exitcodes import run_status
from scraper.distributed.merge import merge_run
from scraper.errors import MergeError, RunLocked
from scraper.run.health import HealthThresholds
from scraper.run.summary import format_summary


def add_merge_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("run_id", nargs="?", help="run to merge (default: the newest under parts/)")
    ap.add_argument("--output", default="output", help="output directory (default: output)")
    ap.add_argument("--spider", default="ragmusic")
    ap.add_argument("--force", action="store_true", help="merge a run no worker saw finish")
    ap.add_argument("--keep-parts", action="store_true", help="keep the parts after merging")
    defaults = HealthThresholds.from_settings()  # scraper/settings.py
    for name, kind in (
        ("min_entries", int),
        ("min_title_coverage", float),
        ("min_artist_coverage", float),
        ("max_error_rate", float),
    ):
        ap.add_argument(
            "--" + name.replace("_", "-"),
            type=kind,
            help=f"health threshold (default {getattr(defaults, name)}, as a crawl)",
        )
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")


def add_merge_parser(subparsers: Any) -> argparse.ArgumentParser:
    ap: argparse.ArgumentParser = subparsers.add_parser(
        "merge",
        help="merge the parts of a distributed crawl (--redis) into one run file",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_merge_arguments(ap)
    ap.set_defaults(func=run_merge)
    return ap


def run_merge(args: argparse.Namespace) -> int:
    thresholds = HealthThresholds.from_settings(
        None,
        min_entries=args.min_entries,
        min_title_coverage=args.min_title_coverage,
        min_artist_coverage=args.min_artist_coverage,
        max_error_rate=args.max_error_rate,
    )
    try:
        run = merge_run(
            args.output,
            args.spider,
            args.run_id,
            force=args.force,
            keep_parts=args.keep_parts,
            thresholds=thresholds,
        )
    except RunLocked as exc:
        print(f"songlists merge: {exc}", file=sys.stderr)
        return exitcodes.LOCKED
    except MergeError as exc:
        print(f"songlists merge: {exc}", file=sys.stderr)
        return exitcodes.FAILED
    status = run_status(run)
    assert run.result is not None and status is not None
    if args.json:
        print(json.dumps(run.result, indent=2, ensure_ascii=False))
    else:
        print(format_summary(run.result))
        info = run.result["distributed"]
        print(
            f"  workers   {len(info['workers'])} ({len(info['workers_stopped_cleanly'])} stopped"
            f" cleanly); pages fetched twice {info['pages_fetched_twice']}"
        )
    return status


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="songlists merge",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_merge_arguments(ap)
    return run_merge(ap.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
