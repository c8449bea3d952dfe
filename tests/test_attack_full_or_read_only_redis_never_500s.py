"""Attack on the fail-open cache (claimcheck/cache.py) with a Redis that answers but refuses writes: full under a
`noeviction` policy (OOM) or a replica after a failover (READONLY). Every cached page, API answer and, since
c9f6bee, every verdict page's remembered validator writes to the cache on a miss; such a refusal is a
ResponseError, not a connection error, and was not failed open: readers got 500s.

Uses a private redis-server (tests/private_services.py), never the machine's shared Redis.
"""

from __future__ import annotations

import pytest
import redis
from django.test import Client

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.services]


@pytest.mark.parametrize("refusal", ["full", "read_only"])
def test_pages_and_the_api_answer_while_redis_refuses_writes(private_redis_cache, refusal):
    verdict = factories.PublishedVerdictFactory()
    reader = Client(raise_request_exception=False)
    assert reader.get("/ratings/").status_code == 200  # the stamp exists before writes are refused
    admin = redis.Redis.from_url(private_redis_cache.url())
    if refusal == "full":
        admin.config_set("maxmemory-policy", "noeviction")
        admin.config_set("maxmemory", 1)
    else:
        # A replica of nothing reachable: it refuses writes with READONLY, as a demoted primary does.
        admin.execute_command("REPLICAOF", "127.0.0.1", "1")
    for url in ("/topics/", "/pages/methodology/", verdict.claim.get_absolute_url(), "/api/v1/claims/"):
        assert reader.get(url).status_code == 200, url
