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

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("claimcheck.cache")

# What an unreachable or stalled Redis raises (a refused connection is a ConnectionError; OSError for the rest).
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
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


class FailOpenRedisCache(RedisCache):
    """RedisCache whose reads miss and whose writes are dropped while Redis is unreachable."""

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
