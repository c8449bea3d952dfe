"""Public pages and API answers are served from the cache, and every change readers must see shows at once.

The page cache (claims/pagecache.py) keeps rendered answers under a stamp of the public data; these tests
change the data the ways a newsroom does and read the pages back as an anonymous reader.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims.models import Rating
from claims.services import correction_add, verdict_publish, verdict_unpublish
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


def test_a_verdict_page_is_served_from_the_cache_after_its_one_stamp_query(client):
    verdict = factories.PublishedVerdictFactory()
    url = verdict.claim.get_absolute_url()
    first, first_queries = get(client, url)
    second, second_queries = get(client, url)
    assert second.content == first.content
    assert second_queries == 1 < first_queries  # the ETag's stamp, the same query a 304 costs


def test_publishing_shows_at_once_on_the_home_page_and_in_the_api(client, publisher):
    verdict = factories.VerdictFactory(claim__text="A claim about to be published.", conclusion="No.")
    verdict.rating = Rating.objects.first()
    verdict.save()
    assert "about to be published" not in client.get("/").content.decode()
    assert APIClient().get("/api/v1/claims/").json()["results"] == []
    verdict_publish(verdict=verdict, user=publisher)
    assert "about to be published" in client.get("/").content.decode()
    assert len(APIClient().get("/api/v1/claims/").json()["results"]) == 1


def test_unpublishing_shows_at_once_on_every_page(client, publisher):
    verdict = factories.PublishedVerdictFactory(claim__text="A claim soon withdrawn.")
    claim = verdict.claim
    pages = ["/", claim.get_absolute_url(), claim.claimant.get_absolute_url(), f"/api/v1/claims/{claim.pk}/"]
    for url in pages:
        assert client.get(url).status_code == 200
    verdict_unpublish(verdict=verdict, user=publisher)
    assert "soon withdrawn" not in client.get("/").content.decode()
    assert client.get(claim.get_absolute_url()).status_code == 404
    assert client.get(claim.claimant.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/claims/{claim.pk}/").status_code == 404


def test_an_edit_of_a_published_claim_shows_at_once(client):
    verdict = factories.PublishedVerdictFactory(claim__text="The old wording.")
    claim = verdict.claim
    assert "The old wording." in client.get(claim.get_absolute_url()).content.decode()
    assert "The old wording." in client.get("/").content.decode()
    claim.text = "The new wording."
    claim.save()
    assert "The new wording." in client.get(claim.get_absolute_url()).content.decode()
    assert "The new wording." in client.get("/").content.decode()
    assert APIClient().get(f"/api/v1/claims/{claim.pk}/").json()["text"] == "The new wording."


def test_a_correction_shows_at_once(client, publisher):
    verdict = factories.PublishedVerdictFactory()
    url = verdict.claim.get_absolute_url()
    client.get(url)
    before = client.get("/feeds/latest/atom/").content.decode()
    correction_add(verdict=verdict, note="We misnamed the ministry.", user=publisher)
    assert "We misnamed the ministry." in client.get(url).content.decode()
    assert client.get("/feeds/latest/atom/").content.decode() != before  # the entry's updated date moved


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_by_another_transaction_shows_at_once(client):
    verdict = factories.PublishedVerdictFactory(claim__text="Before the commit.")
    assert "Before the commit." in client.get("/").content.decode()
    with transaction.atomic():
        claim = verdict.claim
        claim.text = "After the commit."
        claim.save()
    assert "After the commit." in client.get("/").content.decode()


def test_staff_never_get_a_page_cached_for_readers_nor_leave_one(client, publisher):
    draft = factories.VerdictFactory(claim__text="Still a draft.")
    client.force_login(publisher)
    assert client.get(draft.claim.get_absolute_url()).status_code == 200  # the staff preview
    client.logout()
    assert client.get(draft.claim.get_absolute_url()).status_code == 404


@override_settings(CACHES=CLOSED_PORT_REDIS)
def test_reader_pages_answer_when_the_cache_is_unreachable(client):
    """Production's Redis backend fails open (claimcheck/cache.py), so the page cache serves pages uncached."""
    verdict = factories.PublishedVerdictFactory(claim__text="Served without a cache.")
    for url in ["/", verdict.claim.get_absolute_url(), "/search/?q=cache", "/?page=2"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Served without a cache." in client.get("/").content.decode()
