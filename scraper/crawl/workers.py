"""Extraction worker processes that die with the crawl and never hold its stdout or stderr.

A crawl parses in a worker process (`ProcessPoolExecutor`, spawn) and multiprocessing starts a
resource tracker beside it. Both inherit the crawl's stdout and stderr, so after a `kill -9`
of the crawl they lived on for a minute or two and kept `songlists crawl ... | tee log` (or
`| cat`) waiting for an end of file. Here:

- `spawn_quietly` starts processes with file descriptors 1 and 2 pointing at /dev/null for the
  moment of the start, so the children never have the crawl's stdout or stderr;
- `die_with_parent` (the worker's initializer) asks Linux to kill the worker when the crawl
  dies (prctl PR_SET_PDEATHSIG), and a watchdog thread polling the parent pid does the same
  where prctl is not available. The resource tracker exits by itself once no process holds its
  pipe.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

PR_SET_PDEATHSIG = 1


@contextlib.contextmanager
def spawn_quietly() -> Iterator[None]:
    """File descriptors 1 and 2 on /dev/null while child processes are started here."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    saved = [os.dup(1), os.dup(2)]
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, devnull):
            os.close(fd)


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker now, without the crawl's stdout/stderr."""
    from multiprocessing import resource_tracker

    with spawn_quietly():
        resource_tracker.ensure_running()


def _watchdog(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(1.0)


def die_with_parent(parent: int) -> None:
    """In a child: end when `parent` ends (SIGKILL on Linux, else a polling thread)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    threading.Thread(target=_watchdog, args=(parent,), daemon=True).start()


def worker_initializer(parent: int, init: Callable[..., Any], *args: Any) -> None:
    """Initializer of a worker pool: die with the crawl, then the pool's own initializer."""
    die_with_parent(parent)
    # SIGINT (Ctrl-C in the terminal reaches the whole process group) is the crawl's to
    # handle: it pauses cleanly and shuts the pool down itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init(*args)
