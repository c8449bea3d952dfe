"""The Persian interface shows dates in the Solar Hijri calendar with Persian digits; `datetime` attributes stay
ISO 8601 Gregorian; the English interface keeps Gregorian dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import translation

from claims.dates import human_date, human_datetime
from claims.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db

PERSIAN = {"Accept-Language": "fa"}


def test_human_dates_in_persian_are_solar_hijri_with_persian_digits():
    with translation.override("fa"):
        assert human_date(dt.date(2026, 11, 30)) == "۹ آذر ۱۴۰۵"
        assert human_date(dt.date(2026, 3, 21)) == "۱ فروردین ۱۴۰۵"
        assert human_date(dt.date(2026, 11, 30), short=True) == "۱۴۰۵/۹/۹"
        assert human_datetime(dt.datetime(2026, 11, 30, 12, 5, tzinfo=dt.UTC)) == "۹ آذر ۱۴۰۵، ساعت ۱۲:۰۵"
        assert human_date(None) == ""
    with translation.override("en"):
        assert human_date(dt.date(2026, 11, 30)) == "Nov. 30, 2026"


def test_the_persian_verdict_page_and_home_page_show_solar_hijri_dates():
    verdict = factories.PublishedVerdictFactory(
        claim__slug="dated", claim__language="fa", claim__stated_on=dt.date(2026, 11, 21)
    )
    factories.ClaimSourceFactory(
        claim=verdict.claim,
        source=factories.SourceFactory(title="Council press release", published_on=dt.date(2026, 11, 20)),
    )
    published = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
    Verdict.objects.filter(pk=verdict.pk).update(published_at=published, updated_at=published)

    page = Client(headers=PERSIAN).get("/claims/dated/").content.decode()
    times = dict(re.findall(r'<time datetime="([^"]+)"[^>]*>([^<]+)</time>', page))
    assert times["2026-11-21"] == "۳۰ آبان ۱۴۰۵"
    assert times["2026-11-20"] == "۲۹ آبان ۱۴۰۵"
    assert times[published.isoformat()] == "۹ آذر ۱۴۰۵، ساعت ۱۲:۰۰"
    assert "نوامبر" not in page and "2026" not in "".join(times.values())

    home = Client(headers=PERSIAN).get("/").content.decode()
    assert f'<time datetime="{published.isoformat()}" dir="auto">۹ آذر ۱۴۰۵</time>' in home


def test_the_english_pages_keep_gregorian_dates():
    verdict = factories.PublishedVerdictFactory(claim__slug="dated")
    published = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
    Verdict.objects.filter(pk=verdict.pk).update(published_at=published, updated_at=published)
    assert "Nov. 30, 2026, noon" in Client().get("/claims/dated/").content.decode()
