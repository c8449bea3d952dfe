"""The admin lists show dates as the desk's language reads them: Solar Hijri with Persian digits in Persian,
Django's Gregorian formats in English; the column still sorts by the date."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED = dt.datetime(2026, 11, 30, 12, 5, tzinfo=dt.UTC)


@pytest.fixture
def published_verdict() -> Verdict:
    verdict = factories.PublishedVerdictFactory()
    Verdict.objects.filter(pk=verdict.pk).update(published_at=PUBLISHED)
    return verdict


def test_the_verdict_list_in_persian_shows_solar_hijri_dates(admin_client, published_verdict):
    page = admin_client.get("/admin/claims/verdict/", headers={"Accept-Language": "fa"}).content.decode()
    assert "۹ آذر ۱۴۰۵، ساعت ۱۲:۰۵" in page
    assert 'class="sortable column-published_at' in page  # still sortable by the date


def test_the_verdict_list_in_english_keeps_gregorian_dates(admin_client, published_verdict):
    page = admin_client.get("/admin/claims/verdict/").content.decode()
    assert "Nov. 30, 2026, 12:05 p.m." in page
    answer = admin_client.get("/admin/claims/verdict/", {"o": "4"})  # sorted by "published at"
    assert answer.status_code == 200
