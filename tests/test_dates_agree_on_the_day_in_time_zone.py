"""With TIME_ZONE=Asia/Tehran, a verdict published at 22:53 UTC on 30 November is published on 1 December in
Tehran (02:23 +03:30): the page, Open Graph and the ClaimReview JSON-LD all say 1 December."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client

from claims.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED_UTC = dt.datetime(2026, 11, 30, 22, 53, tzinfo=dt.UTC)


@pytest.fixture
def verdict_published_late_in_utc(settings) -> Verdict:
    settings.TIME_ZONE = "Asia/Tehran"
    verdict = factories.PublishedVerdictFactory(claim__slug="late")
    Verdict.objects.filter(pk=verdict.pk).update(published_at=PUBLISHED_UTC, updated_at=PUBLISHED_UTC)
    verdict.refresh_from_db()
    return verdict


def days_on_the_page(html: str) -> dict[str, str]:
    review = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    og = re.search(r'<meta property="article:published_time" content="([^"]+)"', html).group(1)
    footer = html.split('class="verdict-dates"')[1]
    shown = re.search(r'<time datetime="([^"]+)"[^>]*>([^<]+)</time>', footer)
    return {
        "ClaimReview datePublished": review["datePublished"][:10],
        "article:published_time": og[:10],
        "page time element": shown.group(1)[:10],
    }, shown.group(2)


def test_the_english_page_open_graph_and_claim_review_all_say_1_december(verdict_published_late_in_utc):
    html = Client().get("/claims/late/").content.decode()
    days, shown = days_on_the_page(html)
    assert set(days.values()) == {"2026-12-01"}, days
    assert shown == "Dec. 1, 2026, 2:23 a.m."


def test_the_persian_page_shows_the_same_day_in_the_solar_hijri_calendar(verdict_published_late_in_utc):
    html = Client(headers={"Accept-Language": "fa"}).get("/claims/late/").content.decode()
    days, shown = days_on_the_page(html)
    assert set(days.values()) == {"2026-12-01"}, days
    assert shown == "۱۰ آذر ۱۴۰۵، ساعت ۲:۲۳"  # 1 December 2026 is 10 Azar 1405
