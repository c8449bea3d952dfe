"""/ratings/ explains the scale: every rating with its description, its colour and its count of published checks."""

from __future__ import annotations

import re

import pytest

from claims.models import Rating
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_ratings_page_lists_the_whole_scale_in_order_with_descriptions_colours_and_counts(client):
    factories.PublishedVerdictFactory.create_batch(2, rating=factories.rating("half-true"))
    factories.PublishedVerdictFactory(rating=factories.rating("false"))
    response = client.get("/ratings/")
    assert response.status_code == 200
    body = response.content.decode()
    scale = list(Rating.objects.order_by("order", "pk"))
    assert re.findall(r'data-rating="([^"]+)"', body) == [rating.slug for rating in scale]
    for rating in scale:
        row = body.split(f'data-rating="{rating.slug}"', 1)[1].split("</tr>", 1)[0]
        assert f'class="badge rating-{rating.pk}"' in row  # its colour comes from /ratings.css (CSP: no style=)
        assert f'href="/ratings/{rating.slug}/"' in row
        if rating.description:
            assert rating.description in row
    half_true = body.split('data-rating="half-true"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="count">2</td>' in half_true
    assert '<td class="count">1</td>' in body.split('data-rating="false"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="count">0</td>' in body.split('data-rating="true"', 1)[1].split("</tr>", 1)[0]


def test_an_edited_description_shows_at_once(client):
    Rating.objects.filter(slug="unproven").update(description="We could not find evidence either way.")
    assert "We could not find evidence either way." in client.get("/ratings/").content.decode()


def test_the_ratings_page_is_linked_from_every_pages_footer(client):
    verdict = factories.PublishedVerdictFactory()
    for url in ("/", verdict.claim.get_absolute_url(), "/search/", "/ratings/"):
        assert 'href="/ratings/"' in client.get(url).content.decode().split('<footer class="site-footer">')[1]
