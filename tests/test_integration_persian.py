"""A Persian reader sees the link checker's, the corrections' and the lists' wording in Persian, feeds included."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from claims import services
from claims.bidi import isolate
from claims.linkcheck import services as link_services
from claims.linkcheck.outcomes import LinkHealth
from claims.models import Claim
from tests import factories

pytestmark = pytest.mark.django_db

PERSIAN = {"Accept-Language": "fa"}


def visible_text(html: str) -> str:
    body = html.split("<body", 1)[1]
    return re.sub(r"<[^>]+>", " ", body)


@pytest.fixture
def corrected_claim_citing_a_dead_archived_link(worked_example) -> Claim:
    claim = Claim.objects.public().get(slug="federation-women-10k-stadium-fa")
    dead = factories.SourceFactory(title="گزارش", link_health=LinkHealth.DEAD)
    factories.ClaimSourceFactory(claim=claim, source=dead)
    link_services.source_record_archive(
        source_id=dead.pk, archive_url="https://web.archive.org/web/2026/x", archived_at=timezone.now()
    )
    services.correction_add(verdict=claim.verdict, note="تاریخ مسابقه اصلاح شد.", user=None)
    return claim


def test_the_persian_verdict_page_says_link_unavailable_archived_copy_and_corrections_in_persian(
    corrected_claim_citing_a_dead_archived_link,
):
    page = Client(headers=PERSIAN).get(corrected_claim_citing_a_dead_archived_link.get_absolute_url())
    assert page.headers["Content-Language"] == "fa"
    text = visible_text(page.content.decode())
    for persian in ("پیوند در دسترس نیست", "نسخهٔ بایگانی‌شده", "اصلاحیه‌ها"):
        assert persian in text
    for english in ("link unavailable", "archived copy", "Corrections", "Published", "Updated", "Sources"):
        assert english not in text


def test_the_persian_home_page_paginates_in_persian(worked_example):
    factories.PublishedVerdictFactory.create_batch(21)
    text = visible_text(Client(headers=PERSIAN).get("/?page=2").content.decode())
    assert "جدیدتر" in text and "صفحهٔ 2 از 2" in text
    assert "Newer" not in text and "Page 2 of 2" not in text


@pytest.mark.parametrize(("feed", "item_title"), [("/feeds/latest/", "item/title"), ("/feeds/latest/atom/", None)])
def test_the_persian_feeds_name_each_rating_in_persian_as_the_page_badge_does(worked_example, feed, item_title):
    claim = Claim.objects.public().select_related("verdict__rating").get(slug="federation-women-10k-stadium-fa")
    badge = re.search(
        r'<span class="badge[^"]*">([^<]+)</span>',
        Client(headers=PERSIAN).get(claim.get_absolute_url()).content.decode(),
    ).group(1)
    assert badge != claim.verdict.rating.label  # the page translates the seeded label

    root = ET.fromstring(Client(headers=PERSIAN).get(feed).content)  # noqa: S314 (our own feed, in a test)
    if item_title:
        titles = [element.text for element in root.iterfind(f"channel/{item_title}")]
    else:
        titles = [element.text for element in root.iterfind("{http://www.w3.org/2005/Atom}entry/{*}title")]
    assert f"{badge}: {isolate(claim.short_text)}" in titles
