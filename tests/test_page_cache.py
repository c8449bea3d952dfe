"""Public pages and API answers are served from the cache, and every change readers must see shows at once.

The page cache (claims/pagecache.py) keeps rendered answers under a stamp of the public data; these tests
change the data the ways a newsroom does and read the pages back as an anonymous reader.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims.models import InfoPage
from tests import factories

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = {"default": {"BACKEND": "claimcheck.cache.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


def get(client, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


@pytest.fixture
def publisher():
    return factories.UserFactory(is_superuser=True, is_staff=True)


@pytest.mark.parametrize(
    "url", ["/", "/search/?q=marathon", "/api/v1/claims/", "/feeds/latest/", "/feeds/latest/atom/"]
)
def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(client, url):
    factories.PublishedVerdictFactory(claim__text="The marathon was approved for everyone.")
    first, first_queries = get(client, url)
    second, second_queries = get(client, url)
    assert first.status_code == second.status_code == 200
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content


@pytest.mark.parametrize("url", ["/topics/", "/ratings/", "/topics/{topic}/", "/pages/{page}/"])
def test_topic_rating_and_info_pages_are_served_from_the_cache(client, url):
    verdict = factories.PublishedVerdictFactory()
    topic = factories.TopicFactory()
    verdict.claim.topics.add(topic)
    page = InfoPage.objects.create(slug="methodology-test", title="How we check", body="We read the sources.")
    url = url.format(topic=topic.slug, page=page.slug)
    first, first_queries = get(client, url)
    second, second_queries = get(client, url)
    assert first.status_code == second.status_code == 200
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content


def test_a_verdict_page_and_its_304_cost_no_query_once_cached(client):
    """The page's validator is remembered under the public stamp: a 304 and a cached 200 read only the cache."""
    verdict = factories.PublishedVerdictFactory()
    url = verdict.claim.get_absolute_url()
    first, first_queries = get(client, url)
    second, second_queries = get(client, url)
    assert second.content == first.content
    assert second_queries == 0 < first_queries
    with CaptureQueriesContext(connection) as captured:
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert len(captured) == 0


def test_an_edit_moves_the_remembered_validator_of_a_verdict_page(client):
    verdict = factories.PublishedVerdictFactory(claim__text="The first wording.")
    url = verdict.claim.get_absolute_url()
    etag = client.get(url)["ETag"]
    verdict.claim.text = "The second wording."
    verdict.claim.save()
    answer = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 200
    assert answer["ETag"] != etag
    assert "The second wording." in answer.content.decode()


def test_an_info_page_edit_shows_at_once(client):
    page = InfoPage.objects.create(slug="corrections-policy-test", title="Corrections", body="We correct fast.")
    assert "We correct fast." in client.get(f"/pages/{page.slug}/").content.decode()
    page.body = "We correct openly."
    page.save()
    assert "We correct openly." in client.get(f"/pages/{page.slug}/").content.decode()


def test_a_cached_api_answer_keeps_its_bytes_and_headers_and_costs_no_query():
    factories.PublishedVerdictFactory.create_batch(3)
    api = APIClient()
    first, first_queries = get(api, "/api/v1/claims/?page_size=2")
    second, second_queries = get(api, "/api/v1/claims/?page_size=2")
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    assert second.json()["next"] == first.json()["next"]  # the cursor link, part of the cached bytes
    assert second["Vary"] == first["Vary"]
    assert second["Allow"] == first["Allow"]


def test_the_redis_cache_keeps_one_client_per_pool():
    """Django builds a redis.Redis per cache call; with redis-py 8 that alone cost ~2.5 ms (claimcheck/cache.py)."""
    from django.core.cache import caches

    from tests.services import require_redis

    url = require_redis()
    with override_settings(CACHES={"default": {"BACKEND": "claimcheck.cache.FailOpenRedisCache", "LOCATION": url}}):
        cache = caches["default"]
        cache.set("claims:test:reuse", "value", 10)
        assert cache.get("claims:test:reuse") == "value"
        assert cache._cache.get_client() is cache._cache.get_client(write=True)
        cache.delete("claims:test:reuse")
