"""Done-when of issue 10: a crawl killed with SIGKILL at random moments and resumed gives the
uninterrupted run's JSONL, byte for byte (benchmarks/crash_resume.py; 5 kills here, 20 by
default when run by hand)."""

from __future__ import annotations

import subprocess
import sys

from helpers import REPO


def test_five_kill_9_at_random_moments_each_resume_to_the_same_jsonl() -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "crash_resume.py"), "--kills", "5"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=580,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    kills = [ln for ln in proc.stdout.splitlines() if ln.startswith("kill ")]
    assert len(kills) == 5 and all(ln.endswith(": identical") for ln in kills), proc.stdout
    assert sum("killed at" in ln for ln in kills) >= 3, proc.stdout  # most really killed
    assert proc.stdout.splitlines()[-1] == "crash-resume: 5/5 identical to the uninterrupted run"
