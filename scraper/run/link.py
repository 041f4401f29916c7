"""Linking English records to their Japanese originals: reading run files, the link itself,
and the step a crawl of both editions runs at its end (`link_run`). The command is
`songlists link` (scraper/cli/link.py); the alignment is parsers/editions/ (link.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from parsers.editions import MIN_CONFIDENCE, LinkResult, apply_links, link_records
from scraper.errors import LinkInputError
from scraper.run.files import atomic_write_text, parse_jsonl, read_run_file


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every record of a JSONL file; LinkInputError on the first unreadable line."""
    raw = read_run_file(path, LinkInputError)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LinkInputError(f"{path}: not UTF-8 text (is it a JSONL file?)") from None
    records: list[dict[str, Any]] = []
    for line in parse_jsonl(raw.splitlines(keepends=True)):
        n, rec = line.number, line.value
        if line.error is not None:
            raise LinkInputError(f"{path}:{n}: not JSON")
        if not isinstance(rec, dict):
            raise LinkInputError(f"{path}:{n}: not a record (a JSON object)")
        art = rec.get("article")
        if not isinstance(art, dict) or not rec.get("entry_id") or not rec.get("title"):
            raise LinkInputError(f"{path}:{n}: not a song record (no entry_id, title or article)")
        records.append(rec)
    return records


def editions_of(records: Iterable[dict[str, Any]]) -> set[str]:
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


def jsonl_text(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def report_json(result: LinkResult) -> str:
    return json.dumps(result.report(), ensure_ascii=False, indent=1) + "\n"


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
    langs = editions_of(records)
    if not {"en", "ja"} <= langs:
        return None
    out, result = link(records, records)
    stem = jsonl.name.removesuffix(".jsonl")
    linked = jsonl.with_name(f"{stem}.linked.jsonl")
    report = jsonl.with_name(f"{stem}.link-report.json")
    atomic_write_text(linked, jsonl_text(out))
    atomic_write_text(report, report_json(result))
    return {**result.stats(), "files": {"linked": str(linked), "report": str(report)}}
