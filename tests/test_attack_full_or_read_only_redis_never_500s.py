"""Attack on the fail-open cache (claimcheck/cache.py) with a Redis that answers but refuses writes: full under a
`noeviction` policy (OOM) or a replica after a failover (READONLY). Every cached page, API answer and, since
c9f6bee, every verdict page's remembered validator writes to the cache on a miss; such a refusal is a
ResponseError, not a connection error, and was not failed open: readers got 500s.

Uses a private redis-server (tests/private_services.py), never the machine's shared Redis.
"""

from __future__ import annotations

import pytest
import redis
from django.core.cache import caches
from django.test import Client, override_settings

from tests import factories
from tests.private_services import PrivateRedis

pytestmark = [pytest.mark.django_db, pytest.mark.services]


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    settings = {
        "default": {
            "BACKEND": "claimcheck.cache.FailOpenRedisCache",
            "LOCATION": server.url(),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    try:
        with override_settings(CACHES=settings):
            yield server
            caches["default"].close()
    finally:
        server.stop()
        import claimcheck.cache

        claimcheck.cache._last_warning = 0.0  # the next test's outage warns again (one warning per 30 s)


@pytest.mark.parametrize("refusal", ["full", "read_only"])
def test_pages_and_the_api_answer_while_redis_refuses_writes(private_redis, refusal):
    verdict = factories.PublishedVerdictFactory()
    reader = Client(raise_request_exception=False)
    assert reader.get("/ratings/").status_code == 200  # the stamp exists before writes are refused
    admin = redis.Redis.from_url(private_redis.url())
    if refusal == "full":
        admin.config_set("maxmemory-policy", "noeviction")
        admin.config_set("maxmemory", 1)
    else:
        # A replica of nothing reachable: it refuses writes with READONLY, as a demoted primary does.
        admin.execute_command("REPLICAOF", "127.0.0.1", "1")
    for url in ("/topics/", "/pages/methodology/", verdict.claim.get_absolute_url(), "/api/v1/claims/"):
        assert reader.get(url).status_code == 200, url
