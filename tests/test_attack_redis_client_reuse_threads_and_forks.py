"""Attack on c9f6bee's ReusedClientRedisCacheClient (one redis.Redis per pool, shared by every thread of a process
and inherited across forks): gunicorn's threads and forked workers and Celery's prefork children must never read
one another's answers off a shared socket, and a child must not close the parent's connections.

Against the real Redis (tests/services.require_redis), in a database and key prefix of this test's own.
"""

from __future__ import annotations

import multiprocessing
import threading
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.services import require_redis

ROUNDS = 300


@pytest.fixture
def redis_cache():
    url = require_redis()
    prefix = f"attack-{uuid.uuid4().hex[:8]}"
    settings = {"default": {"BACKEND": "claimcheck.cache.FailOpenRedisCache", "LOCATION": url, "KEY_PREFIX": prefix}}
    with override_settings(CACHES=settings):
        cache = caches["default"]
        yield cache
        cache.delete("warm")


def hammer(cache, name: str) -> list[str]:
    """Write and read back this worker's own values; return every mismatch seen."""
    wrong = []
    for round_ in range(ROUNDS):
        value = f"{name}:{round_}"
        cache.set(f"k-{name}", value, 30)
        got = cache.get(f"k-{name}")
        if got != value:
            wrong.append(f"{value} read back as {got!r}")
    cache.delete(f"k-{name}")
    return wrong


def test_threads_sharing_the_client_never_read_each_others_answers(redis_cache):
    redis_cache.set("warm", 1, 30)  # the shared client and pool exist before the threads start
    results: dict[str, list[str]] = {}

    def run(name: str) -> None:
        results[name] = hammer(redis_cache, name)

    threads = [threading.Thread(target=run, args=(f"t{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 8
    assert all(not wrong for wrong in results.values()), results


def _child(cache, name: str, queue) -> None:
    queue.put((name, hammer(cache, name)))


def test_forked_children_get_their_own_connections_and_the_parent_keeps_working(redis_cache):
    redis_cache.set("warm", 1, 30)  # the parent's pool holds an open connection when it forks, as gunicorn's does
    client = redis_cache._cache.get_client()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    children = [context.Process(target=_child, args=(redis_cache, f"c{n}", queue)) for n in range(3)]
    for child in children:
        child.start()
    parent_wrong = hammer(redis_cache, "parent")
    results = dict(queue.get(timeout=120) for _ in children)
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    assert parent_wrong == []
    assert all(not wrong for wrong in results.values()), results
    assert redis_cache._cache.get_client() is client
    assert redis_cache.get("warm") == 1  # the children's exits did not close the parent's connection under it
