"""Django's Redis cache, failing open: a Redis outage costs speed (no cached sitemap, no throttle), never a 500.

Every cache use in ClaimCheck is an optimisation or a soft limit: the sitemap (rebuilt from the database when
missing), DRF's throttle counters (a missing history lets the request through) and the wrong-token counter. So
when Redis cannot be reached, reads answer "not cached", writes are dropped, and a warning is logged (at most
once every WARN_EVERY_SECONDS per process, so an outage does not flood the log with one line per request).

Django's own backend is used as it is; only its connection errors are caught. `OPTIONS` in CACHES set short
socket timeouts (settings.py) so that a Redis that does not answer costs a request ~0.5 s, not minutes.
"""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError as RedisOutOfMemoryError
from redis.exceptions import ReadOnlyError as RedisReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("claimcheck.cache")

# What an unreachable or stalled Redis raises (a refused connection is a ConnectionError; OSError for the rest),
# and what one that answers but refuses writes raises: full under a noeviction policy (OOM), or a replica after a
# failover (READONLY). Every cache miss of a public page writes, so either would otherwise be a 500 for readers.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, RedisOutOfMemoryError, RedisReadOnlyError, OSError)
WARN_EVERY_SECONDS = 30.0

_last_warning = 0.0


def _warn(operation: str, exc: BaseException) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARN_EVERY_SECONDS:
        _last_warning = now
        logger.warning("cache unavailable, failing open (%s): %s", operation, exc)


def _fail_open(default_factory):
    """Decorate a cache method: on a Redis outage, log and return default_factory(*args) instead of raising."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as exc:
                _warn(method.__name__, exc)
                return default_factory(*args, **kwargs)

        return wrapper

    return decorate


def _default_argument(key, default=None, *args, **kwargs):
    return kwargs.get("default", default)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one `redis.Redis` per connection pool instead of one per operation.

    Django builds a new `redis.Redis(connection_pool=pool)` for every get and set. With redis-py 8 that object's
    constructor (an event dispatcher, a few hundred response callbacks) cost 2.3-2.8 ms of CPU per cache call on
    this project's benchmark machine: more than a cached page's whole rendering, and every public request makes
    two or three calls (docs/benchmarks.md, "Newsroom scale"). A `redis.Redis` is safe to share between threads
    (each command borrows a connection from the pool), and the pool itself notices a fork and reconnects.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class FailOpenRedisCache(RedisCache):
    """RedisCache whose reads miss and whose writes are dropped while Redis is unreachable.

    Its client keeps one `redis.Redis` per pool (ReusedClientRedisCacheClient).
    """

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient  # RedisCache.__init__ sets its own client class

    get = _fail_open(_default_argument)(RedisCache.get)
    get_many = _fail_open(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _fail_open(lambda *args, **kwargs: False)(RedisCache.has_key)
    add = _fail_open(lambda *args, **kwargs: False)(RedisCache.add)
    set = _fail_open(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _fail_open(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    touch = _fail_open(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _fail_open(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _fail_open(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = _fail_open(lambda *args, **kwargs: False)(RedisCache.clear)

    def incr(self, key, delta=1, version=None):
        # Counting up is a write that also reads: fail open as "first hit" (nothing counted yet).
        try:
            return super().incr(key, delta, version=version)
        except UNAVAILABLE as exc:
            _warn("incr", exc)
            return delta

    def ping(self) -> bool:
        """True when Redis answers now (for /readyz): the one call that does not fail open."""
        return bool(self._cache.get_client(write=True).ping())
