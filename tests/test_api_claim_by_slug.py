"""A claim can be fetched by the slug its page shows: /api/v1/claims/by-slug/<slug>/, public claims only."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_published_claim_is_found_by_its_slug_as_by_its_id():
    claim = factories.PublishedVerdictFactory(claim__slug="stadium-holds-100000").claim
    client = APIClient()
    response = client.get("/api/v1/claims/by-slug/stadium-holds-100000/")
    assert response.status_code == 200
    assert response.json() == client.get(f"/api/v1/claims/{claim.pk}/").json()


@pytest.mark.parametrize("slug", ["no-such-claim", "a-draft"])
def test_an_unknown_or_draft_slug_is_a_json_404(slug):
    factories.VerdictFactory(claim__slug="a-draft")
    response = APIClient().get(f"/api/v1/claims/by-slug/{slug}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
