"""`songlists link EN.jsonl JA.jsonl`: give English records the Japanese original's names.

    songlists link run-en.jsonl run-ja.jsonl -o linked.jsonl --report link-report.json
    songlists link RUN.jsonl RUN.jsonl        one run holding both editions (crawl --lang en,ja)

The output is EN.jsonl's records in their order, each English one with `original` (the linked
Japanese entry's title, artist, lang, url, entry_id and confidence, or null when none could be
linked surely) and, when linked, `song_id` keyed on the original names. Records of other
editions pass through unchanged. The report (JSON) lists every pair with its evidence and every
problem (English entries without a sure partner, Japanese entries without an English one,
entries linked out of article order) with its reason. The alignment itself is
`parsers/editions/` (link.py); how it works and its limits: docs/editions.md.

A crawl that fetched both editions runs the same step at its end (`link_run`) and writes
`<run-id>.linked.jsonl` and `<run-id>.link-report.json` beside the run's JSONL.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from parsers.editions import MIN_CONFIDENCE
from scraper.errors import LinkInputError
from scraper.run.files import atomic_write_text
from scraper.run.link import (
    editions_of,
    jsonl_text,
    link,
    read_records,
    report_json,
    summary_line,
)


def cmd_link(args: argparse.Namespace) -> int:
    try:
        en_path, ja_path = Path(args.en), Path(args.ja)
        en_records = read_records(en_path)
        ja_records = en_records if ja_path == en_path else read_records(ja_path)
        if "en" not in editions_of(en_records):
            raise LinkInputError(f"{en_path}: no English-edition records (article.lang en)")
        if "ja" not in editions_of(ja_records):
            raise LinkInputError(f"{ja_path}: no Japanese-edition records (article.lang ja)")
        if not 0.0 <= args.min_confidence <= 1.0:
            raise LinkInputError(f"--min-confidence {args.min_confidence}: give a value in 0..1")
        out, result = link(en_records, ja_records, args.min_confidence)
        if args.output:
            atomic_write_text(Path(args.output), jsonl_text(out))
        else:
            sys.stdout.write(jsonl_text(out))
            sys.stdout.flush()
        if args.report:
            atomic_write_text(Path(args.report), report_json(result))
    except LinkInputError as exc:
        print(f"songlists link: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the output or report cannot be written
        print(f"songlists link: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"songlists link: {summary_line(result)}", file=sys.stderr)
    return 0


def add_link_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `link` on the songlists CLI; the handler is in `args.func`."""
    ap: argparse.ArgumentParser = subparsers.add_parser(
        "link",
        help="link English records to their Japanese originals (adds `original`)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("en", metavar="EN.jsonl", help="records of the English edition")
    ap.add_argument("ja", metavar="JA.jsonl", help="records of the Japanese edition (may be EN)")
    ap.add_argument("-o", "--output", metavar="OUT.jsonl", help="write here (default: stdout)")
    ap.add_argument("--report", metavar="FILE", help="write the pairs and problems as JSON")
    ap.add_argument(
        "--min-confidence",
        type=float,
        default=MIN_CONFIDENCE,
        metavar="C",
        help="link only pairs at least this sure; weaker ones are reported (default %(default)s)",
    )
    ap.set_defaults(func=cmd_link)
    return ap
