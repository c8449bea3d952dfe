"""A common word ranks only the newest matches: bounded work whatever the archive's size (PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from claims import search
from claims.models import Claim
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_matching_claims():
    now = timezone.now()
    return [
        factories.PublishedVerdictFactory(
            claim__text=f"The zebra crossing number {n} was repainted.", published_at=now - timedelta(days=n)
        ).claim
        for n in range(5)
    ]


def test_search_ranks_only_the_newest_candidates(monkeypatch, five_matching_claims):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search only")
    monkeypatch.setattr(search, "SEARCH_CANDIDATES", 3)
    found = list(search.search_claims(Claim.objects.public(), "zebra"))
    assert sorted(c.pk for c in found) == sorted(c.pk for c in five_matching_claims[:3])


def test_the_results_page_says_when_it_shows_only_the_newest_matches(client, monkeypatch, five_matching_claims):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search only")
    monkeypatch.setattr(search, "SEARCH_CANDIDATES", 3)
    monkeypatch.setattr("claims.views.SEARCH_CANDIDATES", 3)
    page = client.get("/search/?q=zebra").content.decode()
    assert "The newest 3 results for “<bdi>zebra</bdi>”" in page
    assert page.count("claim-card-title") == 3
    assert "crossing number 4" not in page
