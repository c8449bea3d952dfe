"""Readers make cache keys at will: every query string, every search and every Accept header is a key of its own.

With the cache in a Redis of its own that evicts at a memory cap (docker-compose.yml's `cache` service:
--maxmemory, allkeys-lru), a flood of such keys costs hit rate, never memory beyond the cap nor a failed page:
the public stamp, a page or the prebuilt sitemap that is evicted is simply made again. Uses a private
redis-server (tests/private_services.py) with production's fail-open backend.
"""

from __future__ import annotations

import pytest
import redis
from django.test import Client

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.services]

CAP = 2 * 1024 * 1024


def test_a_flood_of_query_strings_stays_under_the_cache_cap_and_every_page_still_answers(private_redis_cache):
    verdict = factories.PublishedVerdictFactory()
    admin = redis.Redis.from_url(private_redis_cache.url())
    admin.config_set("maxmemory-policy", "allkeys-lru")
    admin.config_set("maxmemory", CAP)
    reader = Client(raise_request_exception=False)
    page = verdict.claim.get_absolute_url()

    for n in range(400):
        response = reader.get(page, {"utm_source": f"flood-{n}", "padding": "x" * 2000}, HTTP_ACCEPT=f"text/html;v={n}")
        assert response.status_code == 200, n
        if n < 100:  # below the anonymous API throttle (which counts in this same cache)
            assert reader.get("/api/v1/claims/", {"q": f"marathon {n}"}).status_code == 200, n

    memory = admin.info("memory")
    assert memory["used_memory"] <= CAP * 1.1, memory["used_memory_human"]
    assert admin.info("stats")["evicted_keys"] > 0  # the cap was reached: the flood was bigger than it
    for url in (page, "/", "/topics/", "/sitemap.xml"):
        assert reader.get(url).status_code == 200, url
    admin.close()
