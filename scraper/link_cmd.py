"""`songlists link EN.jsonl JA.jsonl`: give English records the Japanese original's names.

    songlists link run-en.jsonl run-ja.jsonl -o linked.jsonl --report link-report.json
    songlists link RUN.jsonl RUN.jsonl        one run holding both editions (crawl --lang en,ja)

The output is EN.jsonl's records in their order, each English one with `original` (the linked
Japanese entry's title, artist, lang, url, entry_id and confidence, or null when none could be
linked surely) and, when linked, `song_id` keyed on the original names. Records of other
editions pass through unchanged. The report (JSON) lists every pair with its evidence and every
problem (English entries without a sure partner, Japanese entries without an English one,
entries linked out of article order) with its reason. The alignment itself is
`parsers/link.py`; how it works and its limits: docs/editions.md.

A crawl that fetched both editions runs the same step at its end (`link_run`) and writes
`<run-id>.linked.jsonl` and `<run-id>.link-report.json` beside the run's JSONL.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from parsers.link import MIN_CONFIDENCE, LinkResult, apply_links, link_records
from scraper.run import atomic_write_text


class LinkInputError(Exception):
    """A file that cannot be linked; the message is one line naming the file."""


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every record of a JSONL file; LinkInputError on the first unreadable line."""
    if path.is_dir():
        raise LinkInputError(f"{path}: is a directory (give a .jsonl file)")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LinkInputError(f"{path}: no such file") from None
    except OSError as exc:
        raise LinkInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LinkInputError(f"{path}: not UTF-8 text (is it a JSONL file?)") from None
    records: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            raise LinkInputError(f"{path}:{n}: not JSON") from None
        if not isinstance(rec, dict):
            raise LinkInputError(f"{path}:{n}: not a record (a JSON object)")
        art = rec.get("article")
        if not isinstance(art, dict) or not rec.get("entry_id") or not rec.get("title"):
            raise LinkInputError(f"{path}:{n}: not a song record (no entry_id, title or article)")
        records.append(rec)
    return records


def _langs(records: Iterable[dict[str, Any]]) -> set[str]:
    return {str((r.get("article") or {}).get("lang")) for r in records}


def link(
    en_records: list[dict[str, Any]],
    ja_records: list[dict[str, Any]],
    min_confidence: float = MIN_CONFIDENCE,
) -> tuple[list[dict[str, Any]], LinkResult]:
    result = link_records(en_records, ja_records, min_confidence=min_confidence)
    links = result.links
    return [apply_links(r, links) for r in en_records], result


def summary_line(result: LinkResult) -> str:
    s = result.stats()
    return (
        f"linked {s['linked']} of {s['english']} English entries"
        f" ({s['out_of_order']} out of article order); doubtful {s['doubtful']},"
        f" English without a Japanese entry {s['unpaired_en']},"
        f" Japanese without an English entry {s['unpaired_ja']}"
    )


def _jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _report_json(result: LinkResult) -> str:
    return json.dumps(result.report(), ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------- the command


def cmd_link(args: argparse.Namespace) -> int:
    try:
        en_path, ja_path = Path(args.en), Path(args.ja)
        en_records = read_records(en_path)
        ja_records = en_records if ja_path == en_path else read_records(ja_path)
        if "en" not in _langs(en_records):
            raise LinkInputError(f"{en_path}: no English-edition records (article.lang en)")
        if "ja" not in _langs(ja_records):
            raise LinkInputError(f"{ja_path}: no Japanese-edition records (article.lang ja)")
        if not 0.0 <= args.min_confidence <= 1.0:
            raise LinkInputError(f"--min-confidence {args.min_confidence}: give a value in 0..1")
        out, result = link(en_records, ja_records, args.min_confidence)
        if args.output:
            atomic_write_text(Path(args.output), _jsonl(out))
        else:
            sys.stdout.write(_jsonl(out))
            sys.stdout.flush()
        if args.report:
            atomic_write_text(Path(args.report), _report_json(result))
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


# --------------------------------------------------------------------------- crawl step


def crawl_summary_line(link: dict[str, Any]) -> str:
    """The `linked` line of `songlists crawl`'s summary."""
    if link.get("error"):
        return f"FAILED: {link['error']}"
    return (
        f"{link['linked']} of {link['english']} English entries to their Japanese originals"
        f" (doubtful {link['doubtful']}, unpaired {link['unpaired_en']} en /"
        f" {link['unpaired_ja']} ja): {link['files']['linked']}"
    )


def link_run(jsonl: Path) -> dict[str, Any] | None:
    """Link a finished run's JSONL when it holds both editions: writes `<run-id>.linked.jsonl`
    (every record of the run, English ones with `original`) and `<run-id>.link-report.json`
    beside it and returns the statistics with the file names; None when there is nothing to
    link. The run's own JSONL is left as it is."""
    records = read_records(jsonl)
    langs = _langs(records)
    if not {"en", "ja"} <= langs:
        return None
    out, result = link(records, records)
    stem = jsonl.name.removesuffix(".jsonl")
    linked = jsonl.with_name(f"{stem}.linked.jsonl")
    report = jsonl.with_name(f"{stem}.link-report.json")
    atomic_write_text(linked, _jsonl(out))
    atomic_write_text(report, _report_json(result))
    return {**result.stats(), "files": {"linked": str(linked), "report": str(report)}}
