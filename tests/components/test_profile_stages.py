"""benchmarks/profile_stages.py: py-spy's raw stacks per process, main thread apart from the
others (the figures docs/performance.md reports are the crawl's main thread's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import load_script

ps = load_script("benchmarks/profile_stages.py")

CRAWL = 'process 10:"python -m scraper.cli.crawl --x a;b"'  # a command line may hold ";"
WORKER = 'process 11:"python -B -c from multiprocessing.spawn import spawn_main; spawn_main()"'
BOOT = "Thread._bootstrap (threading.py:1002);Thread._bootstrap_inner (threading.py:1045)"
RUN = "Thread.run (threading.py:982)"
MAIN = "_run_module_as_main (<frozen runpy>:198);<module> (scraper/cli/crawl.py:5)"
PROFILE = [
    f"{CRAWL};{MAIN};_put (scraper/crawl/httpcache.py:80);write (gzip.py:1) 6",
    f"{CRAWL};{MAIN};run (twisted/internet/base.py:1);_PollLikeSelector.select (selectors.py:9) 2",
    f"{CRAWL} 1",  # no code frame: the process idle
    f"{CRAWL};{BOOT};_ExecutorManagerThread.run (concurrent/futures/process.py:344);"
    "wait (multiprocessing/connection.py:9);_PollLikeSelector.select (selectors.py:9) 3",
    f"{CRAWL};{BOOT};{RUN};Queue._feed (multiprocessing/queues.py:250);"
    "Connection._send (multiprocessing/connection.py:373) 1",
    f"{CRAWL};{BOOT};{RUN};ThreadWorker.__init__.<locals>.work "
    "(twisted/_threads/_threadworker.py:75);Queue.get (queue.py:1);Condition.wait (threading.py:1) 2",
    f"{CRAWL};{WORKER};_process_worker (concurrent/futures/process.py:1);"
    "parse_page (parsers/page.py:1) 5",
    f"{CRAWL};{WORKER};{BOOT};{RUN};_watchdog (scraper/crawl/workers.py:64) 1",
    "a line py-spy printed that is no stack",
]


def _read(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "c.prof"
    path.write_text("\n".join(PROFILE) + "\n")
    return dict(ps.read(path))


def test_threads_are_counted_apart_from_the_main_thread(tmp_path: Path) -> None:
    by_kind = _read(tmp_path)
    crawl, worker = by_kind["crawl"], by_kind["worker"]
    assert dict(crawl.main) == {"HTTP cache": 6, "idle (event loop waiting)": 3}
    assert dict(crawl.threads) == {
        "executor manager": 3,
        "queue feeder": 1,
        "Twisted thread pool": 2,
    }
    assert dict(crawl.waiting) == {"executor manager": 3, "Twisted thread pool": 2}
    assert crawl.total() == 15
    assert dict(worker.main) == {"extraction (parsers)": 5}
    assert dict(worker.threads) == {"watchdog": 1} == dict(worker.waiting)


def test_a_thread_on_python_before_3_11_has_bare_names() -> None:
    frames = [
        "_bootstrap (threading.py:930)",
        "run (threading.py:910)",
        "_feed (multiprocessing/queues.py:1)",
    ]
    assert ps.thread_of(frames) == "queue feeder"
    assert ps.thread_of(["_bootstrap (threading.py:930)", "run (x.py:1)"]) == "other"
    assert ps.thread_of(["<module> (scraper/cli/crawl.py:5)"]) == ps.MAIN
    assert ps.thread_of([]) == ps.MAIN


def test_the_report_gives_main_thread_shares_and_one_line_for_the_others(
    tmp_path: Path,
) -> None:
    lines = ps.report("crawl", _read(tmp_path)["crawl"])
    assert lines[0] == "crawl process (15 samples)"
    assert lines[1].endswith(": 9 samples (60.0%)") and "main thread" in lines[1]
    assert lines[2].split() == ["HTTP", "cache", "66.7%"]
    assert lines[-1] == (
        "  other threads: 6 samples (40.0% of the process's): executor manager 20.0%,"
        " Twisted thread pool 13.3%, queue feeder 6.7%;"
        " 83% of them blocked in a wait (select, Condition.wait, sleep)"
    )
    assert ps.report("worker", ps.ProcessSamples()) == []


def test_main_prints_both_processes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.prof"
    path.write_text("\n".join(PROFILE) + "\n")
    assert ps.main([str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if line.endswith(" samples)")] == [
        "crawl process (15 samples)",
        "worker process (6 samples)",
    ]
    assert ps.main([str(tmp_path / "missing.prof")]) == 2
