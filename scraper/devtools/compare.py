"""Run files compared as songs: the records with their provenance (run_id, fetched_at) set aside.

Two crawls of the same pages write the same records but name their own run and fetch times;
the tests and benchmarks that check a crawl is deterministic (a resumed, repeated, merged or
distributed run against a clean one) compare what this gives.
"""

from __future__ import annotations

import json
from pathlib import Path

from scraper.crawl.items import PROVENANCE_FIELDS


def songs_bytes(path: Path) -> bytes:
    """The run file's bytes with each record's provenance fields removed (key order kept)."""
    out = []
    for line in path.read_bytes().splitlines():
        rec = json.loads(line)
        for name in PROVENANCE_FIELDS:
            rec.pop(name, None)
        out.append(json.dumps(rec, ensure_ascii=False).encode("utf-8"))
    return b"\n".join(out) + (b"\n" if out else b"")
