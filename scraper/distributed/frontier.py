"""A distributed run's shared state in Redis, seen from one worker process.

scrapy-redis gives the shared request queue (a sorted set, `scrapy_redis.queue.PriorityQueue`)
and the shared duplicate filter (a set of request fingerprints, `scrapy_redis.dupefilter`).
What it does not give is a way to survive a worker that dies (`kill -9`, a lost machine): its
pop takes a request out of Redis, so whatever a dead worker had in flight is gone, and the
filter says it was seen. This module adds leases and a finish rule, all in Redis:

    songlists:<spider>:current                 run id the workers started without --run-id join
    songlists:<spider>:<run>:requests          the queue (scrapy-redis PriorityQueue layout)
    songlists:<spider>:<run>:dupefilter        seen fingerprints (scrapy-redis RFPDupeFilter)
    songlists:<spider>:<run>:state             hash: status running|finished, started_at, ...
    songlists:<spider>:<run>:workers           set of worker ids
    songlists:<spider>:<run>:alive:<worker>    heartbeat, expires after SONGLISTS_REDIS_WORKER_TTL
    songlists:<spider>:<run>:leases:<worker>   hash: requests the worker popped and not finished

- A pop moves the request from the queue into the worker's leases in one Lua script.
- The lease is released when the page is in the worker's ledger (after its follow-up requests
  were queued), or in the same transaction that queues the request again (retry, redirect).
- A worker whose heartbeat expired is dead: any live worker moves its leases back to the queue.
- A worker that has nothing to do finishes only when, atomically, the queue is empty and no
  other worker holds a lease (a joining worker holds a `start` lease until it first goes idle);
  until then it waits. The first one to see that marks the run finished for all.

Lua scripts make each step atomic. The key layout assumes one Redis server (not Cluster).
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import time
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from scraper.errors import RunFinished, RunStateLost
from scraper.run.clock import now_iso

if TYPE_CHECKING:
    from redis import Redis

PREFIX = "songlists"
START_LEASE = "start"
RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")  # also a directory name
STATE_TTL_S = 7 * 24 * 3600  # a finished run's state hash is kept a week (late workers see it)

_JOIN = """
if redis.call('HGET', KEYS[1], 'status') == 'finished' then return 0 end
redis.call('HSETNX', KEYS[1], 'status', 'running')
redis.call('HSETNX', KEYS[1], 'started_at', ARGV[3])
redis.call('HSETNX', KEYS[1], 'token', ARGV[5])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
redis.call('HSET', KEYS[4], ARGV[4], '')
return redis.call('HGET', KEYS[1], 'token')
"""

_POP = """
local r = redis.call('ZPOPMIN', KEYS[1])
if #r == 0 then return false end
local field = r[2] .. ' ' .. redis.sha1hex(r[1])
redis.call('HSET', KEYS[2], field, r[1])
return {field, r[1]}
"""

# Move the leases of dead workers (ARGV[2] == '') or of one given worker back to the queue.
_RECLAIM = """
local n = 0
local gone = {}
local members
if ARGV[2] ~= '' then members = {ARGV[2]} else members = redis.call('SMEMBERS', KEYS[1]) end
for _, w in ipairs(members) do
  if ARGV[2] ~= '' or redis.call('EXISTS', ARGV[1] .. 'alive:' .. w) == 0 then
    local lk = ARGV[1] .. 'leases:' .. w
    local kv = redis.call('HGETALL', lk)
    for i = 1, #kv, 2 do
      local score = string.match(kv[i], '^(%S+) ')
      if score then
        redis.call('ZADD', KEYS[2], score, kv[i + 1])
        n = n + 1
      end
    end
    redis.call('DEL', lk)
    if ARGV[2] == '' then
      redis.call('SREM', KEYS[1], w)
      table.insert(gone, w)
    end
  end
end
return {n, gone}
"""

_CHECK_DONE = """
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[4] then return 'lost' end
if redis.call('HGET', KEYS[1], 'status') == 'finished' then return 'finished' end
if redis.call('ZCARD', KEYS[2]) > 0 then return 'queued' end
for _, w in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if w ~= ARGV[2] and redis.call('HLEN', ARGV[1] .. 'leases:' .. w) > 0 then return 'busy' end
end
redis.call('HSET', KEYS[1], 'status', 'finished', 'finished_at', ARGV[3], 'finished_by', ARGV[2])
return 'done'
"""

_DEL_IF_EQUAL = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def new_run_id() -> str:
    return f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{secrets.token_hex(2)}"


def new_worker_id() -> str:
    host = socket.gethostname().split(".")[0] or "host"
    return f"{host}-{os.getpid()}-{secrets.token_hex(2)}"


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class Frontier:
    """One worker's handle on the shared frontier of a run (see the module docstring)."""

    def __init__(
        self,
        server: Redis,
        spider: str,
        run_id: str | None = None,
        *,
        worker_id: str | None = None,
        ttl: float = 30.0,
        prefix: str = PREFIX,
    ) -> None:
        self.server = server
        self.spider = spider
        self.ttl_ms = max(100, int(ttl * 1000))
        self.worker_id = worker_id or new_worker_id()
        self.base = f"{prefix}:{spider}"
        self._join = server.register_script(_JOIN)
        self._pop = server.register_script(_POP)
        self._reclaim = server.register_script(_RECLAIM)
        self._check_done = server.register_script(_CHECK_DONE)
        self._del_if_equal = server.register_script(_DEL_IF_EQUAL)
        self.leases_by_key: defaultdict[str, set[str]] = defaultdict(set)
        self.finished_run = False  # this worker saw the run finish (it may close)
        # The run's marker in its state hash, set by the worker that started it: a Redis that
        # restarted empty (or was flushed) has none, and then the run is lost, not finished.
        self.token = ""
        self.left = False
        self.run_id = self._enter(run_id)

    # -- keys ------------------------------------------------------------------------------

    @property
    def current_key(self) -> str:
        return f"{self.base}:current"

    def key(self, name: str, run_id: str | None = None) -> str:
        return f"{self.base}:{run_id or self.run_id}:{name}"

    @property
    def run_prefix(self) -> str:
        return f"{self.base}:{self.run_id}:"

    @property
    def requests_key(self) -> str:
        return self.key("requests")

    @property
    def dupefilter_key(self) -> str:
        return self.key("dupefilter")

    def leases_key(self, worker: str | None = None) -> str:
        return self.key(f"leases:{worker or self.worker_id}")

    def alive_key(self, worker: str | None = None) -> str:
        return self.key(f"alive:{worker or self.worker_id}")

    # -- joining -----------------------------------------------------------------------------

    def _register(self, run_id: str) -> bool:
        keys = [
            self.key("state", run_id),
            self.key("workers", run_id),
            self.key(f"alive:{self.worker_id}", run_id),
            self.key(f"leases:{self.worker_id}", run_id),
        ]
        args: list[str | int] = [
            self.worker_id, self.ttl_ms, now_iso(), START_LEASE, secrets.token_hex(8)
        ]  # fmt: skip
        token = self._join(keys=keys, args=args)
        if not token:
            return False
        self.token = _text(token)
        return True

    def _enter(self, run_id: str | None) -> str:
        if run_id and not RUN_ID.fullmatch(run_id):
            raise ValueError(f"bad run id {run_id!r}: letters, digits, '.', '_', '-' only")
        if run_id:
            if not self._register(run_id):
                raise RunFinished(f"run {run_id} of {self.spider} has already finished")
            return run_id
        # Without a run id: join the current run, or start one; a finished run never is current
        for _ in range(10):
            candidate = new_run_id()
            if self.server.set(self.current_key, candidate, nx=True):
                chosen = candidate
            else:
                raw = self.server.get(self.current_key)
                if raw is None:
                    continue
                chosen = _text(raw)
            if self._register(chosen):
                return chosen
            self._del_if_equal(keys=[self.current_key], args=[chosen])
        raise RuntimeError("could not join or start a run (is something resetting Redis?)")

    def state(self) -> dict[str, str]:
        raw = self.server.hgetall(self.key("state"))
        return {_text(k): _text(v) for k, v in raw.items()}

    # -- the worker's life ---------------------------------------------------------------------

    def heartbeat(self) -> None:
        """Renew this worker's heartbeat; RunStateLost when the run's marker is gone."""
        if self.left:
            return
        token = self.server.hget(self.key("state"), "token")
        if token is None or _text(token) != self.token:
            raise RunStateLost(
                f"run {self.run_id}: its state is gone from Redis (restarted empty or flushed);"
                " the run cannot finish"
            )
        pipe = self.server.pipeline(transaction=True)
        pipe.set(self.alive_key(), "1", px=self.ttl_ms)
        pipe.sadd(self.key("workers"), self.worker_id)
        pipe.execute()

    def pop(self) -> tuple[str, bytes] | None:
        """The next request's data, now leased to this worker, with its lease field."""
        result = self._pop(keys=[self.requests_key, self.leases_key()])
        if not result:
            return None
        field, data = result
        return _text(field), bytes(data)

    def note_lease(self, key: str | None, field: str) -> None:
        if key is not None:
            self.leases_by_key[key].add(field)

    def push(self, data: bytes, score: float, release: str | None = None) -> None:
        """Queue a request; when it is one this worker had leased, drop the lease atomically."""
        pipe = self.server.pipeline(transaction=True)
        pipe.zadd(self.requests_key, {data: score})
        if release:
            pipe.hdel(self.leases_key(), release)
        pipe.execute()
        if release:
            self._forget(release)

    def release(self, field: str) -> None:
        self.server.hdel(self.leases_key(), field)
        self._forget(field)

    def _forget(self, field: str) -> None:
        for key, fields in list(self.leases_by_key.items()):
            fields.discard(field)
            if not fields:
                del self.leases_by_key[key]

    def release_key(self, key: str) -> int:
        """The page `key` is in this worker's ledger: its request(s) are finished."""
        fields = self.leases_by_key.pop(key, set())
        if fields:
            self.server.hdel(self.leases_key(), *fields)
        return len(fields)

    def leases(self, worker: str | None = None) -> dict[str, bytes]:
        raw = self.server.hgetall(self.leases_key(worker))
        return {_text(k): v if isinstance(v, bytes) else str(v).encode() for k, v in raw.items()}

    def workers(self) -> set[str]:
        return {_text(w) for w in self.server.smembers(self.key("workers"))}

    def reclaim_dead(self) -> tuple[int, list[str]]:
        """Requeue the leases of workers whose heartbeat expired; (requests, workers)."""
        n, gone = self._reclaim(
            keys=[self.key("workers"), self.requests_key], args=[self.run_prefix, ""]
        )
        return int(n), [_text(w) for w in gone]

    def idle(self) -> str:
        """This worker has nothing in progress. What now?

        'reclaimed' (dead workers' requests are queued again), 'queued' (work arrived),
        'busy' (another worker holds leases: wait), 'done' (this worker saw the frontier
        drained and marked the run finished) or 'finished' (another worker did). RunStateLost
        when the run's marker is gone: an empty queue then proves nothing.
        """
        # Whatever is still leased here ended without a page (ignored, filtered): let it go.
        self.server.delete(self.leases_key())
        self.leases_by_key.clear()
        n, _ = self.reclaim_dead()
        if n:
            return "reclaimed"
        outcome = _text(
            self._check_done(
                keys=[self.key("state"), self.requests_key, self.key("workers")],
                args=[self.run_prefix, self.worker_id, now_iso(), self.token],
            )
        )
        if outcome == "lost":
            raise RunStateLost(
                f"run {self.run_id}: its state is gone from Redis (restarted empty or flushed);"
                " the run cannot finish"
            )
        if outcome == "done":
            pipe = self.server.pipeline(transaction=True)
            pipe.delete(self.requests_key, self.dupefilter_key)
            pipe.expire(self.key("state"), STATE_TTL_S)
            pipe.execute()
            self._del_if_equal(keys=[self.current_key], args=[self.run_id])
        if outcome in ("done", "finished"):
            self.finished_run = True
        return outcome

    def leave(self) -> int:
        """Deregister; leases still held go back to the queue (an interrupted worker)."""
        self.left = True
        n, _ = self._reclaim(
            keys=[self.key("workers"), self.requests_key], args=[self.run_prefix, self.worker_id]
        )
        pipe = self.server.pipeline(transaction=True)
        pipe.srem(self.key("workers"), self.worker_id)
        pipe.delete(self.alive_key(), self.leases_key())
        pipe.execute()
        self.leases_by_key.clear()
        return int(n)
