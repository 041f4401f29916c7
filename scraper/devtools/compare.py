"""Run files compared as songs: the records with their provenance (run_id, fetched_at) set aside.

Two crawls of the same pages write the same records but name their own run and fetch times;
the tests and benchmarks that check a crawl is deterministic (a resumed, repeated, merged or
distributed run against a clean one) compare what this gives.
"""

from __future__ import annotations

import json
from pathlib import Path

from scraper.crawl.items import PROVENANCE_FIELDS
from scraper.run.files import read_jsonl_lines


def songs_bytes(path: Path) -> bytes:
    """The run file's bytes with each record's provenance fields removed (key order kept)."""
    out = []
    for line in read_jsonl_lines(path):
        if line.error is not None:
            raise ValueError(f"{path}:{line.number}: {line.error}")
        rec = line.value
        for name in PROVENANCE_FIELDS:
            rec.pop(name, None)
        out.append(json.dumps(rec, ensure_ascii=False).encode("utf-8"))
    return b"\n".join(out) + (b"\n" if out else b"")
