"""A claimant's page, and the home page for the last 12 months, show how published claims were rated: SVG bars in
a table that screen readers read as text, each row linking to the matching list."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def chart_rows(body: str) -> dict[str, tuple[str, int, int]]:
    """rating slug → (link, bar width, count)."""
    figure = re.search(r'<figure class="rating-chart">(.*?)</figure>', body, re.S).group(1)
    rows = re.findall(
        r'<tr data-rating="([^"]+)">\s*<th scope="row"><a href="([^"]+)">[^<]+</a></th>\s*'
        r'<td class="bar"><svg [^>]*aria-hidden="true"[^>]*>'
        r'<rect [^>]*width="(\d+)"[^>]*fill="#[0-9a-fA-F]{6}"/></svg></td>\s*'
        r'<td class="count">(\d+)</td>',
        figure,
    )
    return {slug: (link, int(width), int(count)) for slug, link, width, count in rows}


def test_a_claimants_page_charts_how_their_published_claims_were_rated(client):
    claimant = factories.ClaimantFactory(slug="ali")
    for rating, count in (("false", 4), ("half-true", 2), ("true", 1)):
        factories.PublishedVerdictFactory.create_batch(count, claim__claimant=claimant, rating=factories.rating(rating))
    factories.VerdictFactory(claim__claimant=claimant, rating=factories.rating("mostly-true"))  # a draft
    factories.PublishedVerdictFactory(rating=factories.rating("mostly-false"))  # someone else
    rows = chart_rows(client.get("/claimants/ali/").content.decode())
    assert list(rows) == ["true", "half-true", "false"]  # scale order, only ratings used
    assert rows["false"] == ("/search/?claimant=ali&amp;rating=false", 100, 4)
    assert rows["half-true"][1:] == (50, 2)
    assert rows["true"][1:] == (25, 1)


def test_each_chart_row_leads_to_that_claimants_checks_with_that_rating(client):
    claimant = factories.ClaimantFactory(slug="ali")
    wanted = factories.PublishedVerdictFactory(claim__claimant=claimant, rating=factories.rating("false"))
    factories.PublishedVerdictFactory(claim__claimant=claimant, rating=factories.rating("true"))
    link = chart_rows(client.get("/claimants/ali/").content.decode())["false"][0].replace("&amp;", "&")
    body = client.get(link).content.decode()
    assert "1 result" in body and wanted.claim.get_absolute_url() in body


def test_the_home_page_charts_the_last_twelve_months_only(client):
    factories.PublishedVerdictFactory.create_batch(2, rating=factories.rating("true"))
    factories.PublishedVerdictFactory(
        rating=factories.rating("false"), published_at=timezone.now() - timedelta(days=400)
    )
    body = client.get("/").content.decode()
    assert "Our ratings over the last 12 months" in body
    rows = chart_rows(body)
    assert list(rows) == ["true"] and rows["true"][2] == 2
    assert rows["true"][0].startswith("/search/?published_from=")


def test_a_page_with_nothing_published_has_no_chart(client):
    factories.VerdictFactory(claim__claimant__slug="drafts-only")
    assert '<figure class="rating-chart">' not in client.get("/").content.decode()
