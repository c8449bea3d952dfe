"""Search filters: rating, claimant, topic, language and date range, combined with the query, kept in the URL;
a bad value gets a clear message and a 400, never a 500."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    """Four published checks that differ in one respect each."""
    health = factories.TopicFactory(name="Health", slug="health")
    ali = factories.ClaimantFactory(name="Ali Rezaei", slug="ali-rezaei")
    rows = {
        "old_false": factories.PublishedVerdictFactory(
            claim__text="Vaccines cause the flu", rating=factories.rating("false"),
            published_at=datetime(2025, 1, 10, tzinfo=UTC),
        ),
        "new_true": factories.PublishedVerdictFactory(
            claim__text="Vaccines are tested for years", rating=factories.rating("true"),
            published_at=datetime(2026, 6, 1, tzinfo=UTC), claim__claimant=ali,
        ),
        "persian": factories.PublishedVerdictFactory(
            claim__text="واکسن آنفلوانزا رایگان است", claim__language="fa", rating=factories.rating("true"),
            published_at=datetime(2026, 7, 1, tzinfo=UTC),
        ),
        "roads": factories.PublishedVerdictFactory(
            claim__text="Road deaths halved last year", rating=factories.rating("false"),
            published_at=datetime(2026, 8, 1, tzinfo=UTC),
        ),
    }  # fmt: skip
    for key in ("old_false", "new_true", "persian"):
        rows[key].claim.topics.add(health)
    return rows


def listed(client: Client, params: dict) -> set[str]:
    response = client.get("/search/", params)
    assert response.status_code == 200, response.content.decode()[:2000]
    body = response.content.decode()
    return {slug for slug in _slugs(body)}


def _slugs(body: str) -> list[str]:
    import re

    return re.findall(r'<h2 class="claim-card-title"[^>]*><a href="/claims/([^/]+)/"', body)


def slugs(desk, *keys: str) -> set[str]:
    return {desk[key].claim.slug for key in keys}


def test_each_filter_narrows_the_results(client, desk):
    assert listed(client, {"rating": "false"}) == slugs(desk, "old_false", "roads")
    assert listed(client, {"claimant": "ali-rezaei"}) == slugs(desk, "new_true")
    assert listed(client, {"topic": "health"}) == slugs(desk, "old_false", "new_true", "persian")
    assert listed(client, {"language": "fa"}) == slugs(desk, "persian")
    assert listed(client, {"published_from": "2026-06-15"}) == slugs(desk, "persian", "roads")
    assert listed(client, {"published_to": "2025-12-31"}) == slugs(desk, "old_false")


def test_filters_combine_with_each_other_and_with_the_query(client, desk):
    assert listed(client, {"q": "vaccines", "rating": "false"}) == slugs(desk, "old_false")
    assert listed(client, {"q": "vaccines", "topic": "health", "published_from": "2026-01-01"}) == slugs(
        desk, "new_true"
    )
    assert listed(client, {"topic": "health", "language": "en", "rating": "true"}) == slugs(desk, "new_true")


def test_the_filters_stay_in_the_url_across_pages_and_in_the_form(client):
    for _ in range(21):
        factories.PublishedVerdictFactory(rating=factories.rating("false"), claim__text="Budget claim")
    body = client.get("/search/", {"q": "budget", "rating": "false"}).content.decode()
    assert 'href="?q=budget&amp;rating=false&amp;page=2"' in body
    assert '<option value="false" selected>' in body
    assert 'id="filter-q" name="q" value="budget"' in body
    second = client.get("/search/", {"q": "budget", "rating": "false", "page": "2"}).content.decode()
    assert second.count('<li class="claim-card">') == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"rating": "no-such-rating"}, "There is no such rating."),
        ({"topic": "no-such-topic"}, "There is no such topic."),
        ({"claimant": "nobody"}, "There is no such claimant."),
        ({"rating": "<script>"}, "Enter a valid “slug”"),
        ({"language": "english please"}, "Enter a BCP-47 language tag"),
        ({"published_from": "yesterday"}, "Enter a valid date."),
        ({"published_to": "2026-02-30"}, "Enter a valid date."),
        ({"published_from": "99999-01-01"}, "Enter a valid date."),
        ({"published_from": "2026-05-01", "published_to": "2026-01-01"}, "The start date is after the end date."),
        ({"topic": "x" * 500}, "Ensure this value has at most 100 characters"),
        ({"claimant": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_a_bad_filter_value_gets_a_400_with_the_reason_and_no_results(client, desk, params, message):
    response = Client(raise_request_exception=False).get("/search/", params)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Some filters could not be used" in body
    assert _slugs(body) == []


def test_the_filter_menus_offer_only_public_ratings_and_topics(client, desk):
    factories.TopicFactory(name="Draft topic", slug="draft-topic")
    body = client.get("/search/").content.decode()
    assert '<option value="health"' in body
    assert "draft-topic" not in body
    assert '<option value="false"' in body and '<option value="unproven"' not in body


def test_filters_without_words_list_the_newest_first(client, desk):
    body = client.get("/search/", {"rating": "false"}).content.decode()
    assert _slugs(body) == [desk["roads"].claim.slug, desk["old_false"].claim.slug]
