"""Constant query counts: a page of 1 or 100 claims, a claim with 1 or 40 sources, cost the same queries."""

from __future__ import annotations

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests import factories
from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db

# claims page, topics, cited sources (+ source), corrections, related claims out, related claims in.
CLAIM_LIST_QUERIES = 6


def rich_published_claim(*, sources: int = 2):
    verdict = factories.PublishedVerdictFactory()
    claim = verdict.claim
    claim.topics.add(factories.TopicFactory(slug="health"), factories.TopicFactory(slug="economy"))
    for position in range(sources):
        factories.ClaimSourceFactory(claim=claim, position=position)
    factories.CorrectionFactory(verdict=verdict)
    return claim


def queries_for(url: str) -> int:
    """Queries of one uncached answer: the page cache would otherwise answer with none at all."""
    cache.clear()
    client = APIClient()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


def test_a_list_page_costs_the_same_queries_at_page_size_1_and_100():
    claims = [rich_published_claim() for _ in range(100)]
    for earlier, later in itertools.pairwise(claims):
        factories.ClaimRelationFactory(from_claim=later, to_claim=earlier)
    one = queries_for("/api/v1/claims/?page_size=1")
    hundred = queries_for("/api/v1/claims/?page_size=100")
    assert one == hundred == CLAIM_LIST_QUERIES
    assert len(APIClient().get("/api/v1/claims/?page_size=100").json()["results"]) == 100


def test_filters_add_a_fixed_number_of_queries_whatever_the_page_size():
    for _ in range(30):
        rich_published_claim()
    url = "/api/v1/claims/?rating=false&topic=health&language=en&q=Claim&page_size={}"
    assert queries_for(url.format(1)) == queries_for(url.format(100))


def test_a_claim_with_many_sources_costs_what_a_claim_with_one_costs():
    few = rich_published_claim(sources=1)
    many = rich_published_claim(sources=40)
    assert queries_for(f"/api/v1/claims/{few.pk}/") == queries_for(f"/api/v1/claims/{many.pk}/")
    assert len(APIClient().get(f"/api/v1/claims/{many.pk}/").json()["sources"]) == 40


def test_the_claimreview_of_a_claim_with_many_sources_costs_a_fixed_number_of_queries():
    few = rich_published_claim(sources=1)
    many = rich_published_claim(sources=40)
    for claim in (few, many):
        for cited in claim.claim_sources.all()[:1]:
            cited.role = "appearance"
            cited.save()
    assert queries_for(f"/api/v1/claims/{few.pk}/claimreview/") == queries_for(f"/api/v1/claims/{many.pk}/claimreview/")


def test_source_and_claimant_lists_cost_the_same_at_page_size_1_and_100():
    for _ in range(100):
        rich_published_claim(sources=1)
    for url in ("/api/v1/sources/", "/api/v1/claimants/"):
        assert queries_for(f"{url}?page_size=1") == queries_for(f"{url}?page_size=100") == 1
