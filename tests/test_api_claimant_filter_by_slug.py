"""`claimant` takes a claimant's slug as well as its id, as the other filters take slugs."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_claimants():
    minister = factories.PublishedVerdictFactory(claim__slug="by-minister", claim__claimant__slug="minister").claim
    factories.PublishedVerdictFactory(claim__slug="by-someone-else")
    return minister.claimant


def slugs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {claim["slug"] for claim in response.json()["results"]}


def test_claimant_filters_by_slug_and_by_id_alike(two_claimants):
    client = APIClient()
    assert slugs(client.get("/api/v1/claims/", {"claimant": "minister"})) == {"by-minister"}
    assert slugs(client.get("/api/v1/claims/", {"claimant": str(two_claimants.pk)})) == {"by-minister"}


@pytest.mark.parametrize("value", ["nobody", "99999999", "9" * 30, "²"])
def test_an_unknown_claimant_is_a_400_that_says_id_or_slug(two_claimants, value):
    response = APIClient().get("/api/v1/claims/", {"claimant": value})
    assert response.status_code == 400
    assert "id or slug" in response.json()["errors"]["claimant"][0]
