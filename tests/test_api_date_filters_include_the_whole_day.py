"""A date (not a date-time) in `published_before` / `published_after` includes that whole day (UTC): a reader asking
for claims published before 2026-11-30 means up to and including the 30th."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_around_the_30th() -> None:
    for slug, moment in [
        ("on-the-29th", datetime(2026, 11, 29, 23, 59, tzinfo=UTC)),
        ("early-30th", datetime(2026, 11, 30, 0, 0, tzinfo=UTC)),
        ("late-30th", datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC)),
        ("on-the-1st", datetime(2026, 12, 1, 0, 0, tzinfo=UTC)),
    ]:
        factories.PublishedVerdictFactory(claim__slug=slug, published_at=moment)


def slugs(**params) -> set[str]:
    response = APIClient().get("/api/v1/claims/", params)
    assert response.status_code == 200, response.content
    return {claim["slug"] for claim in response.json()["results"]}


def test_published_before_a_date_includes_that_day(published_around_the_30th):
    assert slugs(published_before="2026-11-30") == {"on-the-29th", "early-30th", "late-30th"}


def test_published_after_a_date_includes_that_day(published_around_the_30th):
    assert slugs(published_after="2026-11-30") == {"early-30th", "late-30th", "on-the-1st"}


def test_a_single_day_is_both_bounds(published_around_the_30th):
    assert slugs(published_after="2026-11-30", published_before="2026-11-30") == {"early-30th", "late-30th"}


def test_a_date_time_is_still_an_exact_bound(published_around_the_30th):
    assert slugs(published_before="2026-11-30T00:00:00Z") == {"on-the-29th"}


def test_the_last_representable_day_is_a_400_not_a_500(published_around_the_30th):
    response = APIClient().get("/api/v1/claims/", {"published_before": "9999-12-31"})
    assert response.status_code == 400
