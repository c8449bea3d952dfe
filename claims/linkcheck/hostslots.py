"""Per-host politeness: at most LINKCHECK_PER_HOST_CONCURRENCY requests to one host at a time, across all workers.

Celery's `rate_limit` is per worker, so the limit needs shared state:

- Redis broker: a counting semaphore per host, a sorted set of leases scored by expiry time, taken and released
  by Lua scripts (atomic on the server). A lease outlives the longest check, so a worker killed while holding
  one (SIGKILL, OOM) frees it when the lease expires instead of blocking the host forever.
- Filesystem broker (the embedded default, one machine by definition): N lock files per host held with
  `flock`. The kernel drops a dead process's locks at once, so no lease is needed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

# A lease outlasts the longest check: the whole check has LINKCHECK_TIMEOUT, plus one read and one connect that
# may start just before the deadline. Short, so that a killed worker's slot comes back within a minute or so.
LEASE_MARGIN_SECONDS = 10


def lease_seconds() -> float:
    return 3 * settings.LINKCHECK_TIMEOUT + settings.LINKCHECK_CONNECT_TIMEOUT + LEASE_MARGIN_SECONDS


# How long a waiter waits before asking again for a slot. With Redis a release wakes one waiter at once (below),
# so this is only the safety net for a slot that frees without a release (a dead worker's lease expiring).
POLL_SECONDS = 0.05

_ACQUIRE = """
local key, now, limit, expires, token = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, expires, token)
  redis.call('EXPIRE', key, math.ceil(expires - now) + 60)
  return 1
end
return 0
"""


class HostBusy(Exception):
    """Every slot for the host stayed taken for as long as we were willing to wait: try again later."""


def host_key(host: str) -> str:
    return hashlib.sha256(host.lower().encode()).hexdigest()[:32]


# Releasing a lease also pushes a wake-up onto the host's list, which one waiter (BLPOP) takes: a freed slot is
# taken at once instead of at the next poll. The list is capped and expires, so wake-ups nobody took do not pile up.
_RELEASE = """
local key, wakeups, token = KEYS[1], KEYS[2], ARGV[1]
if redis.call('ZREM', key, token) == 1 then
  redis.call('LPUSH', wakeups, '1')
  redis.call('LTRIM', wakeups, 0, 15)
  redis.call('EXPIRE', wakeups, 60)
end
return 1
"""


class RedisHostSlots:
    def __init__(self, url: str, *, prefix: str = "claimcheck:hostslots:") -> None:
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix
        self._acquire = self.client.register_script(_ACQUIRE)
        self._release = self.client.register_script(_RELEASE)

    def try_acquire(self, host: str, limit: int) -> str | None:
        token = uuid.uuid4().hex
        now = time.time()
        taken = self._acquire(keys=[self.prefix + host_key(host)], args=[now, limit, now + lease_seconds(), token])
        return token if taken else None

    def release(self, host: str, token: str) -> None:
        key = self.prefix + host_key(host)
        self._release(keys=[key, key + ":wakeups"], args=[token])

    def wait_for_release(self, host: str, timeout: float) -> None:
        """Return when a slot of the host was released (by any worker), or after `timeout` seconds."""
        self.client.blpop([self.prefix + host_key(host) + ":wakeups"], timeout=max(timeout, 0.001))

    def holders(self, host: str) -> int:
        key = self.prefix + host_key(host)
        self.client.zremrangebyscore(key, "-inf", time.time())
        return int(self.client.zcard(key))


class FileHostSlots:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._held: dict[str, int] = {}

    def try_acquire(self, host: str, limit: int) -> str | None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for slot in range(limit):
            path = self.folder / f"{host_key(host)}-{slot}.lock"
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            token = f"{path}:{uuid.uuid4().hex}"
            self._held[token] = fd
            return token
        return None

    def release(self, host: str, token: str) -> None:
        fd = self._held.pop(token, None)
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def wait_for_release(self, host: str, timeout: float) -> None:
        time.sleep(timeout)  # one machine, a few processes: polling is enough


_slots: RedisHostSlots | FileHostSlots | None = None


def host_slots() -> RedisHostSlots | FileHostSlots:
    """Redis when the broker is Redis, lock files next to the filesystem broker otherwise."""
    global _slots
    if _slots is None:
        broker = settings.CELERY_BROKER_URL
        if broker.startswith(("redis://", "rediss://")):
            _slots = RedisHostSlots(broker)
        else:
            _slots = FileHostSlots(Path(settings.VAR_DIR) / "hostslots")
    return _slots


@contextlib.contextmanager
def host_slot(host: str, *, limit: int | None = None, wait: float | None = None, slots=None) -> Iterator[None]:
    """Hold one of the host's slots for the duration of the block; HostBusy if none frees up within `wait` seconds
    (LINKCHECK_HOST_WAIT_SECONDS by default)."""
    slots = slots or host_slots()
    limit = limit or settings.LINKCHECK_PER_HOST_CONCURRENCY
    wait = settings.LINKCHECK_HOST_WAIT_SECONDS if wait is None else wait
    deadline = time.monotonic() + wait
    while (token := slots.try_acquire(host, limit)) is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise HostBusy(f"{limit} checks of {host} already running")
        slots.wait_for_release(host, min(POLL_SECONDS, remaining))
    try:
        yield
    finally:
        slots.release(host, token)


# Pacing: at most N starts of one kind of request per rolling minute, across all workers (the archive's capture
# limit). A sliding window of start times: a sorted set in Redis, a small file under flock otherwise.
PACE_WINDOW_SECONDS = 60.0

_PACE = """
local key, now, limit, window, token = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, token)
  redis.call('EXPIRE', key, math.ceil(window) + 60)
  return '0'
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return tostring(tonumber(oldest[2]) + window - now)
"""


def pace_turn(name: str, *, per_minute: int, now: float | None = None) -> float:
    """Take a turn among at most `per_minute` starts of `name` per rolling minute, shared by every worker.

    Returns 0.0 when the turn is taken (go ahead now), otherwise the seconds until a turn frees up (nothing taken).
    """
    now = time.time() if now is None else now
    broker = settings.CELERY_BROKER_URL
    if broker.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(broker)
        try:
            script = client.register_script(_PACE)
            wait = script(
                keys=[f"claimcheck:pace:{name}"], args=[now, per_minute, PACE_WINDOW_SECONDS, uuid.uuid4().hex]
            )
        finally:
            client.close()
        # Workers' clocks (and threads' readings of one clock) differ slightly: never ask for more than a window.
        return min(PACE_WINDOW_SECONDS, max(0.0, float(wait)))
    folder = Path(settings.VAR_DIR) / "pace"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{host_key(name)}.times", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        starts = [float(line) for line in handle.read().split() if float(line) > now - PACE_WINDOW_SECONDS]
        if len(starts) >= per_minute:
            return min(PACE_WINDOW_SECONDS, max(0.0, min(starts) + PACE_WINDOW_SECONDS - now))
        starts.append(now)
        handle.seek(0)
        handle.truncate()
        handle.write("\n".join(f"{start:.3f}" for start in starts))
    return 0.0
