"""The extraction worker fed through a socket the reactor reads (scraper.crawl.workers): calls
answered in order, a worker's exception raised in the crawl, a killed worker's calls failed
with WorkerDied and the worker replaced, every worker ended by close.

Each scenario runs in its own Python process, under Twisted's asyncio reactor as a crawl has
it (a reactor cannot be started twice in one process)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_HARNESS = """
import asyncio, os, signal, time
from twisted.internet import asyncioreactor
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
asyncioreactor.install(loop)
from twisted.internet import reactor
from twisted.internet.defer import Deferred
from scraper.crawl.workers import WorkerDied, WorkerPool

def fail(*_):
    os._exit(3)

def main(scenario):
    def start():
        d = Deferred.fromFuture(asyncio.ensure_future(scenario()))
        d.addErrback(lambda f: (print("FAILED", f.getTraceback()), fail()))
        d.addBoth(lambda _: reactor.stop())
    reactor.callWhenRunning(start)
    reactor.run()
"""


def _run(scenario: str) -> list[str]:
    code = _HARNESS + textwrap.dedent(scenario) + "\nmain(scenario)\n"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.split()


def test_calls_are_answered_in_order_and_exceptions_raised_in_the_crawl() -> None:
    out = _run("""
        async def scenario():
            pool = WorkerPool(1, print, ())
            sizes = await asyncio.gather(*(pool.call(len, b"x" * n) for n in (0, 5, 3 << 20)))
            assert sizes == [0, 5, 3 << 20], sizes
            try:
                await pool.call(int, "not a number")
            except ValueError:
                print("raised")
            [worker] = pool.workers
            pool.close()
            assert not worker.process.is_alive() and worker.process.exitcode == 0
            print("closed")
        """)
    assert out == ["raised", "closed"]


def test_a_killed_worker_fails_its_calls_and_the_next_call_gets_a_new_one() -> None:
    out = _run("""
        async def scenario():
            pool = WorkerPool(1, print, ())
            first = await pool.call(os.getpid)
            pending = [pool.call(time.sleep, 30), pool.call(os.getpid)]
            os.kill(first, signal.SIGKILL)
            for call in pending:
                try:
                    await call
                except WorkerDied as exc:
                    print("died", "-9" in str(exc))
            second = await pool.call(os.getpid)
            assert second != first
            print("replaced")
            pool.close()
        """)
    assert out == ["died", "True", "died", "True", "replaced"]


def test_a_worker_killed_while_idle_is_reported_and_replaced() -> None:
    out = _run("""
        async def scenario():
            deaths = []
            pool = WorkerPool(1, print, (), on_death=lambda exc, calls: deaths.append(calls))
            first = await pool.call(os.getpid)
            os.kill(first, signal.SIGKILL)
            while not deaths:
                await asyncio.sleep(0.05)
            assert await pool.call(os.getpid) != first
            print("deaths", deaths)
            pool.close()
            assert deaths == [0]  # close is no death
        """)
    assert out == ["deaths", "[0]"]


def test_the_worker_gets_its_initializer_and_ignores_sigint() -> None:
    out = _run("""
        async def scenario():
            pool = WorkerPool(1, os.chdir, ("/",))
            assert await pool.call(os.getcwd) == "/" != os.getcwd()
            pid = await pool.call(os.getpid)
            os.kill(pid, signal.SIGINT)  # Ctrl-C is the crawl's to handle
            assert await pool.call(os.getpid) == pid
            print("ok")
            pool.close()
        """)
    assert out == ["ok"]


def test_the_crawl_sends_the_body_alone_and_the_worker_decodes_it_as_scrapy_does() -> None:
    from scrapy.http import HtmlResponse

    from scraper.crawl.extract import decoded

    for body, headers in [
        ("<html><meta charset='utf-8'>crescent moon’s".encode(), {}),
        (b"<html>caf\xe9 \xff\xfe broken", {"Content-Type": "text/html; charset=iso-8859-1"}),
        (b"\xef\xbb\xbf<html>a BOM", {"Content-Type": "text/html; charset=cp1252"}),
        ("<html>日本語".encode("shift_jis"), {"Content-Type": "text/html; charset=shift_jis"}),
        (b"<html>\xe3\x81 cut utf-8", {}),
    ]:
        response = HtmlResponse("https://example.test/", body=body, headers=headers)
        assert decoded(response.body, response.encoding) == response.text
