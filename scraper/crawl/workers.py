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

import asyncio
import contextlib
import ctypes
import os
import pickle
import signal
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing import get_context
from typing import Any, BinaryIO

from twisted.internet.protocol import Factory, Protocol

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


# -- worker processes fed through a socket the reactor reads itself ---------------------------
#
# The reactor thread writes each call to a worker's socket (Twisted buffers what the socket
# cannot take yet) and reads the reply when it is there: no executor manager thread and no
# queue feeder thread competing with the reactor for the GIL on every page
# (docs/performance.md). A message is a 4-byte big-endian length and a pickle: (function,
# args) to the worker, (ok, result or exception) back.

_HEADER = struct.Struct("!I")
# Each end may hold this much unsent (the kernel caps it at net.core.wmem_max): a page and a
# reply go in one send, without waiting for the other side to read.
_SOCKET_BUFFER = 4 << 20


class WorkerDied(Exception):  # noqa: N818 - the name the log shows
    """The worker process ended (killed, out of memory, a crash in C code) with calls in it."""


def _frame(payload: Any) -> bytes:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def _reply_to(body: bytes) -> bytes:
    """The framed reply to one framed call's body: (True, fn(*args)) or (False, exception)."""
    fn, args = pickle.loads(body)
    try:
        reply: tuple[bool, Any] = (True, fn(*args))
    except Exception as exc:  # noqa: BLE001 - raised again in the crawl, as an executor does
        reply = (False, exc)
    try:
        return _frame(reply)
    except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception
        return _frame((False, RuntimeError(f"the worker's reply does not pickle: {exc!r}")))


def serve(
    conn: socket.socket, parent: int, init: Callable[..., Any], initargs: tuple[Any, ...]
) -> None:
    """A worker process's main loop: each call read from `conn` is run and answered, until the
    crawl closes its end (if the crawl dies, `die_with_parent` ends this process)."""
    worker_initializer(parent, init, *initargs)
    stream = conn.makefile("rb")
    while (head := _read_exactly(stream, _HEADER.size)) is not None:
        body = _read_exactly(stream, _HEADER.unpack(head)[0])
        if body is None:
            break
        conn.sendall(_reply_to(body))


class _Channel(Protocol):
    """The crawl's end of a worker's socket: replies cut out of the stream, in order."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.buffer = bytearray()

    def dataReceived(self, data: bytes) -> None:  # noqa: N802 - Twisted's name
        self.buffer += data
        while len(self.buffer) >= _HEADER.size:
            end = _HEADER.size + _HEADER.unpack_from(self.buffer)[0]
            if len(self.buffer) < end:
                return
            body = bytes(self.buffer[_HEADER.size : end])
            del self.buffer[:end]
            self.worker.replied(pickle.loads(body))

    def connectionLost(self, reason: Any = None) -> None:  # noqa: N802 - Twisted's name
        self.worker.lost()


class _ChannelFactory(Factory):
    def __init__(self, channel: _Channel) -> None:
        self.channel = channel

    def buildProtocol(self, addr: Any) -> _Channel:  # noqa: N802 - Twisted's name
        return self.channel


class Worker:
    """One worker process (spawned, quiet, dying with the crawl) and its calls, oldest first.
    Made and used on the reactor thread, inside its running event loop."""

    def __init__(
        self,
        init: Callable[..., Any],
        initargs: tuple[Any, ...],
        on_death: Callable[[WorkerDied, int], None] | None = None,
    ) -> None:
        from twisted.internet import reactor

        ours, theirs = socket.socketpair()
        for end in (ours, theirs):
            end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SOCKET_BUFFER)
        self.process = get_context("spawn").Process(
            target=serve, args=(theirs, os.getpid(), init, initargs), daemon=True
        )
        with spawn_quietly():
            self.process.start()
        theirs.close()  # the worker's end lives in the worker only: its death is our EOF
        self.calls: deque[asyncio.Future[Any]] = deque()
        self.dead: WorkerDied | None = None
        self.closing = False
        self.on_death = on_death  # called with the error and the number of calls in it
        self.channel = _Channel(self)
        reactor.adoptStreamConnection(ours.fileno(), socket.AF_UNIX, _ChannelFactory(self.channel))
        ours.close()  # the reactor holds its own duplicate

    @property
    def transport(self) -> Any:
        """The reactor's end of the socket (a Twisted UNIX socket transport)."""
        return self.channel.transport

    def call(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> asyncio.Future[Any]:
        """fn(*args) in the worker; the future fails with WorkerDied if the worker ends first."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        if self.dead is not None:
            future.set_exception(self.dead)
            return future
        self.calls.append(future)
        self.transport.write(_frame((fn, args)))
        return future

    def replied(self, reply: tuple[bool, Any]) -> None:
        future = self.calls.popleft()
        if future.done():  # cancelled meanwhile
            return
        ok, value = reply
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    def lost(self) -> None:
        """The socket closed: the worker ended (or `close` closed it); fail what is in it."""
        self.process.join(timeout=5.0)
        self.dead = WorkerDied(f"the worker process ended (exit code {self.process.exitcode})")
        if not self.closing and self.on_death is not None:
            self.on_death(self.dead, len(self.calls))
        while self.calls:
            future = self.calls.popleft()
            if not future.done():
                future.set_exception(self.dead)

    def close(self, timeout: float = 10.0) -> None:
        """End the worker: its socket shut (it sees the end of its calls and exits), waited for."""
        self.closing = True
        if self.dead is None:
            with contextlib.suppress(OSError):
                self.transport.getHandle().shutdown(socket.SHUT_RDWR)
            self.transport.loseConnection()
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class WorkerPool:
    """`size` worker processes; a call goes to the one with the fewest calls in it, and a
    worker that ended is replaced by the next call. `on_death(error, calls)` is told of each
    worker that ended unasked, with the number of calls it had in it (each of them fails
    with the error)."""

    def __init__(
        self,
        size: int,
        init: Callable[..., Any],
        initargs: tuple[Any, ...],
        on_death: Callable[[WorkerDied, int], None] | None = None,
    ) -> None:
        self.init, self.initargs, self.on_death = init, initargs, on_death
        start_resource_tracker()  # multiprocessing starts it beside the first worker
        self.workers = [self._start() for _ in range(size)]

    def _start(self) -> Worker:
        return Worker(self.init, self.initargs, self.on_death)

    def call(self, fn: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        for i, worker in enumerate(self.workers):
            if worker.dead is not None:
                self.workers[i] = self._start()
        worker = min(self.workers, key=lambda w: len(w.calls))
        return worker.call(fn, args)

    def close(self) -> None:
        for worker in self.workers:
            worker.close()
