"""A finished run's files: the run's JSONL and rejects from its ledger, and the `latest` links.

output/<spider>/<run-id>.jsonl           the run's records (temp + rename, fsynced)
output/<spider>/<run-id>.rejects.jsonl   records the schema rejected, with the reason (if any)
output/<spider>/latest.jsonl             symlink to the last complete, healthy run's JSONL
output/<spider>/latest.summary.json      symlink to its summary (and latest.datapackage.json,
                                         latest.linked.jsonl when the run has them)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from scraper.run.files import atomic_open, atomic_symlink, atomic_write_text


def run_paths(directory: Path, name: str) -> dict[str, Path]:
    """The files a run (or a worker's part) named `name` writes in `directory`."""
    return {
        "jsonl": directory / f"{name}.jsonl",
        "rejects": directory / f"{name}.rejects.jsonl",
        "summary": directory / f"{name}.summary.json",
    }


def write_run_files(
    pages: Iterable[dict[str, Any]],
    paths: dict[str, Path],
    on_page: Callable[[dict[str, Any]], None],
) -> None:
    """Write the records of `pages` (in their order) to the run's JSONL and their rejects, if
    any, to its rejects file; `on_page` sees each page as it goes (the summary's tally)."""
    rejects: list[str] = []
    with atomic_open(paths["jsonl"]) as out:
        for page in pages:
            on_page(page)
            for rec in page.get("records") or []:
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            for rej in page.get("rejects") or []:
                rejects.append(json.dumps(rej, ensure_ascii=False) + "\n")
    if rejects:
        atomic_write_text(paths["rejects"], "".join(rejects))


def publish_latest(out_dir: Path, paths: dict[str, Path], summary: dict[str, Any]) -> None:
    """Point the `latest` links at a healthy run's files."""
    atomic_symlink(paths["jsonl"].name, out_dir / "latest.jsonl")
    atomic_symlink(paths["summary"].name, out_dir / "latest.summary.json")
    if summary["files"].get("datapackage"):
        package = Path(summary["files"]["datapackage"]).name
        atomic_symlink(package, out_dir / "latest.datapackage.json")
    linked = ((summary["link"] or {}).get("files") or {}).get("linked")
    latest_linked = out_dir / "latest.linked.jsonl"
    if linked:
        atomic_symlink(Path(linked).name, latest_linked)
    elif latest_linked.is_symlink():  # not a run of both editions: no stale link
        latest_linked.unlink()
