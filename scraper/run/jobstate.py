"""What a job directory (`--jobdir`, Scrapy's JOBDIR) keeps of a run, beside Scrapy's own state.

    JOBDIR/songlists.lock          flock held while a process runs the job
    JOBDIR/songlists/state.json    the run's id, status (running, paused, finished), owner...
    JOBDIR/songlists/ledger.jsonl  the run's page ledger (scraper/run/ledger.py)

Scrapy's queue state in JOBDIR is only trusted after a clean pause (Ctrl-C); after an unclean
stop it is discarded and the frontier is rebuilt from the ledger.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from scraper.run.files import atomic_write_text

SCRAPY_STATE = ("requests.queue", "requests.seen", "spider.state")


def job_lock_path(jobdir: Path) -> Path:
    return jobdir / "songlists.lock"


def job_work_dir(jobdir: Path) -> Path:
    return jobdir / "songlists"


def load_state(work_dir: Path) -> dict[str, Any]:
    """The saved state of the run in `work_dir` ({} when there is none or it is unreadable)."""
    try:
        data = json.loads((work_dir / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_state(work_dir: Path, state: dict[str, Any]) -> None:
    work_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(work_dir / "state.json", json.dumps(state, indent=2) + "\n")


def job_output_dir(jobdir: Path) -> str | None:
    """The output directory (`<output>/<spider>`, absolute) of the run a job directory holds,
    when it is not finished; None for a fresh or finished job."""
    state = load_state(job_work_dir(jobdir))
    if state.get("status") == "finished":
        return None
    owner = state.get("output_dir")
    return str(owner) if owner else None


def wipe_scrapy_state(jobdir: Path, *, everything: bool) -> None:
    """Remove Scrapy's queue state from a job directory (and the run's own, with everything)."""
    for name in SCRAPY_STATE:
        p = jobdir / name
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    work_dir = job_work_dir(jobdir)
    if everything and work_dir.exists():
        shutil.rmtree(work_dir)
