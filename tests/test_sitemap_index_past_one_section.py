"""Past SECTION_LIMIT public claims (2,000) /sitemap.xml is an index of sections of at most SECTION_LIMIT URLs that
together list every public verdict, claimant and rating page exactly once."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from claims.models import Claim, Verdict
from claims.sitemaps.sections import SECTION_LIMIT
from claims.templatetags.claims_pages import FOOTER_PAGES
from tests import factories

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "https://factcheck.example.org"
PUBLIC_CLAIMS = SECTION_LIMIT + 10


def add_public_claims(count: int) -> None:
    claimant = factories.ClaimantFactory(slug="bulk-claimant")
    claims = Claim.objects.bulk_create(
        (Claim(text=f"Bulk claim {n}", slug=f"bulk-{n}", claimant=claimant) for n in range(count)), batch_size=5000
    )
    rating, now = factories.rating("false"), timezone.now()
    Verdict.objects.bulk_create(
        (
            Verdict(claim=claim, rating=rating, conclusion="Wrong.", status=Verdict.Status.PUBLISHED, published_at=now)
            for claim in claims
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        # As after any bulk import: without fresh statistics the planner joins 50,000 rows it thinks are none.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE claims_claim, claims_verdict, claims_claimant")


def locations(client: Client, url: str, element: str) -> list[str]:
    response = client.get(url.removeprefix(SITE))
    assert response.status_code == 200, url
    assert len(response.content) < 50 * 1024 * 1024
    return [loc.text for loc in ET.fromstring(response.content).findall(f"s:{element}/s:loc", NS)]  # noqa: S314


def test_a_sitemap_index_over_fifty_thousand_public_claims_lists_each_url_once(settings):
    settings.SITE_URL = SITE
    add_public_claims(PUBLIC_CLAIMS)
    factories.VerdictFactory(claim__slug="still-a-draft")
    client = Client()

    sections = locations(client, "/sitemap.xml", "sitemap")
    assert f"{SITE}/sitemap-claims.xml" in sections
    assert f"{SITE}/sitemap-claims.xml?p=2" in sections
    urls: list[str] = []
    for section in sections:
        listed = locations(client, section, "url")
        assert len(listed) <= SECTION_LIMIT, section
        assert listed or "topics" in section, section  # only the topics section may be empty (no topic here)
        urls += listed

    counts = Counter(urls)
    assert [url for url, seen in counts.items() if seen > 1] == []
    claim_urls = {url for url in urls if url.startswith(f"{SITE}/claims/")}
    assert claim_urls == {f"{SITE}/claims/bulk-{n}/" for n in range(PUBLIC_CLAIMS)}
    assert f"{SITE}/claimants/bulk-claimant/" in counts
    assert f"{SITE}/ratings/false/" in counts
    assert f"{SITE}/" in counts
    fixed_pages = 2 + len(FOOTER_PAGES)  # /ratings/, /topics/ and the newsroom's info pages
    assert len(urls) == PUBLIC_CLAIMS + 3 + fixed_pages
    assert client.get("/sitemap-claims.xml?p=3").status_code == 404
