"""Merging a distributed run: the workers' ledgers and parts into one run file, exactly as a
single-process run writes it (the command is `songlists merge`, scraper/cli/merge.py)."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scraper.crawl.items import PageItem
from scraper.crawl.pipelines import dedupe_key
from scraper.errors import MergeError
from scraper.run import lock
from scraper.run.clock import now_iso, parse_iso
from scraper.run.files import read_jsonl_lines
from scraper.run.health import HealthThresholds
from scraper.run.manager import RunBase

_PAGE_FIELDS = {f.name for f in dataclasses.fields(PageItem)}


def read_ledger(path: Path) -> Iterator[dict[str, Any]]:
    """Pages of a worker's ledger; stops at a line cut short by a crash."""
    for line in read_jsonl_lines(path):
        if not line.complete or line.error is not None:
            return
        yield line.value


def page_item(page: dict[str, Any]) -> PageItem:
    data = {k: v for k, v in page.items() if k in _PAGE_FIELDS}
    sk = data.get("sort_key") or ["", "", 0]
    data["sort_key"] = (str(sk[0]), str(sk[1]), int(sk[2]))
    return PageItem(**data)


def find_run(spider_dir: Path, run_id: str | None) -> Path:
    root = spider_dir / "parts"
    if run_id:
        path = root / run_id
        if not path.is_dir():
            raise MergeError(f"no parts for run {run_id} in {root}")
        return path
    runs = [p for p in root.iterdir() if p.is_dir()] if root.is_dir() else []
    if not runs:
        raise MergeError(f"no distributed runs in {root}")
    return max(runs, key=lambda p: p.stat().st_mtime)


class MergedRun(RunBase):
    """A run over a ledger assembled from the workers' ledgers (no crawler)."""

    def __init__(self, run_dir: Path, thresholds: HealthThresholds) -> None:  # noqa: D107
        out_dir = run_dir.parent.parent
        self.run_dir = run_dir
        self.lock_path = out_dir / ".lock"
        lock.acquire(self.lock_path)
        work_dir = run_dir / f".merge-{os.getpid()}"
        shutil.rmtree(work_dir, ignore_errors=True)
        super().__init__(
            spider_name=out_dir.name,
            out_dir=out_dir,
            run_id=run_dir.name,
            work_dir=work_dir,
            ledger_name="ledger.jsonl",
            thresholds=thresholds,
        )
        self.info: dict[str, Any] = {}
        self.stats: dict[str, float] = {}
        self._collect()

    def _collect(self) -> None:
        summaries: dict[str, dict[str, Any]] = {}
        for path in sorted(self.run_dir.glob("*.summary.json")):
            try:
                summaries[path.name.removesuffix(".summary.json")] = json.loads(path.read_text())
            except (OSError, ValueError):
                continue
        ledgers = sorted(self.run_dir.glob("*.ledger.jsonl"))
        if not ledgers:
            raise MergeError(f"no worker ledgers in {self.run_dir}")
        seen: set[str] = set()
        fetched_twice = 0
        per_worker: dict[str, int] = {}
        for path in ledgers:
            worker = path.name.removesuffix(".ledger.jsonl")
            n = 0
            for page in read_ledger(path):
                n += 1
                item = page_item(page)
                if item.key in self.ledger:
                    fetched_twice += 1
                    continue
                kept = []
                for rec in item.records:
                    key = dedupe_key(rec)
                    if key in seen:
                        item.duplicates += 1
                        continue
                    seen.add(key)
                    kept.append(rec)
                item.records = kept
                self.ledger.append(item)
            per_worker[worker] = n
        for part in summaries.values():
            for k, v in (part.get("stats") or {}).items():
                if isinstance(v, (int, float)):
                    self.stats[k] = self.stats.get(k, 0) + v
        starts = [t for s in summaries.values() if (t := parse_iso(s.get("started_at")))]
        ends = [t for s in summaries.values() if (t := parse_iso(s.get("finished_at")))]
        ledger_times = [p.stat().st_mtime for p in ledgers]
        first = min(starts) if starts else min(p.stat().st_ctime for p in ledgers)
        last = max([*ends, *ledger_times])
        self.started_at = now_iso(first)
        self.finished_at = now_iso(last)
        self.previous_duration = max(0.0, last - first)
        self.started = time.monotonic()
        finished = [
            w for w, s in summaries.items() if (s.get("distributed") or {}).get("run_finished")
        ]
        self.info = {
            "workers": sorted(per_worker),
            "pages_by_worker": per_worker,
            "workers_stopped_cleanly": sorted(w for w, s in summaries.items() if s.get("complete")),
            "workers_without_summary": sorted(set(per_worker) - set(summaries)),
            "pages_fetched_twice": fetched_twice,
            "run_finished": bool(finished),
            "parts": str(self.run_dir),
        }

    def _summarise(
        self, paths: dict[str, Path], write: bool, stats: dict[str, Any]
    ) -> dict[str, Any]:
        summary = super()._summarise(paths, write, stats)
        summary["finished_at"] = self.finished_at
        summary["distributed"] = self.info
        return summary

    def _health(self, summary: dict[str, Any]) -> list[str]:
        problems = super()._health(summary)
        if not self.info["run_finished"]:
            problems.append("run not finished (merged with --force): records may be missing")
        return problems


def merge_run(
    output: Path | str,
    spider: str = "ragmusic",
    run_id: str | None = None,
    *,
    force: bool = False,
    keep_parts: bool = False,
    thresholds: HealthThresholds | None = None,
) -> MergedRun:
    """Merge a distributed run's parts into its run files; the MergedRun has result/verdict."""
    run_dir = find_run(Path(output) / spider, run_id)
    run = MergedRun(run_dir, thresholds or HealthThresholds.from_settings())
    try:
        if not run.info["run_finished"] and not force:
            raise MergeError(
                f"run {run.run_id} has not finished: no worker saw its frontier drained"
                " (workers still running, or all of them were stopped: start one with the same"
                " --run-id to finish it; --force merges what there is)"
            )
        run.finish("finished", dict(run.stats))
    finally:
        if run.work_dir.exists():
            run.ledger.close()
            shutil.rmtree(run.work_dir, ignore_errors=True)
        lock.release(run.lock_path)
    if run.info["run_finished"] and not keep_parts:
        shutil.rmtree(run_dir, ignore_errors=True)
        if run.result is not None:
            run.result["distributed"]["parts"] = None
    return run
