"""A rating has a label and description per language, edited in the admin: Persian readers, the Persian
ClaimReview and the API (`?lang=` or Accept-Language) get the Persian label; the slug is the same in every one."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from claims.models import Rating
from tests import factories

pytestmark = pytest.mark.django_db

PERSIAN = {"Accept-Language": "fa"}


def claim_review(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_the_default_scale_is_seeded_with_persian_labels():
    assert Rating.objects.get(slug="true").label_in("fa") == "درست"
    assert Rating.objects.get(slug="unproven").description_in("fa").startswith("شواهد")
    assert Rating.objects.get(slug="true").label_in("en") == "True"


def test_a_persian_review_names_its_rating_in_persian_in_claim_review_whatever_the_interface():
    factories.PublishedVerdictFactory(claim__slug="fa", claim__language="fa", rating=factories.rating("true"))
    factories.PublishedVerdictFactory(claim__slug="en", claim__language="en", rating=factories.rating("true"))
    for client in (Client(), Client(headers=PERSIAN)):
        assert claim_review(client.get("/claims/fa/").content.decode())["reviewRating"]["alternateName"] == "درست"
        assert claim_review(client.get("/claims/en/").content.decode())["reviewRating"]["alternateName"] == "True"


def test_the_api_serves_the_label_in_the_language_asked_for_and_the_same_slug(client):
    factories.PublishedVerdictFactory(claim__slug="c", rating=factories.rating("mostly-false"))

    def rating_of_claim(**kwargs) -> dict:
        return client.get("/api/v1/claims/", **kwargs).json()["results"][0]["verdict"]["rating"]

    assert rating_of_claim() == {"label": "Mostly false", "slug": "mostly-false", "value": 2}
    assert rating_of_claim(data={"lang": "fa"})["label"] == "بیشتر نادرست"
    assert rating_of_claim(headers=PERSIAN)["label"] == "بیشتر نادرست"
    assert rating_of_claim(headers=PERSIAN, data={"lang": "en"})["label"] == "Mostly false"
    assert rating_of_claim(data={"lang": "fa"})["slug"] == "mostly-false"
    scale = client.get("/api/v1/ratings/", {"lang": "fa"}).json()
    assert {"label": "نادرست", "slug": "false"}.items() <= scale[4].items()


def test_an_unknown_lang_is_a_400_that_names_the_known_languages(client):
    answer = client.get("/api/v1/claims/", {"lang": "xx"})
    assert answer.status_code == 400
    assert "en, fa" in json.dumps(answer.json(), ensure_ascii=False)


def test_an_editor_sets_a_ratings_persian_label_in_the_admin_and_readers_see_it(admin_client):
    rating = factories.rating("half-true")
    form = admin_client.get(f"/admin/claims/rating/{rating.pk}/change/").content.decode()
    assert 'name="label_fa"' in form and 'name="description_fa"' in form
    answer = admin_client.post(
        f"/admin/claims/rating/{rating.pk}/change/",
        {
            "label": "Half true",
            "slug": "half-true",
            "value": "3",
            "description": "Partly accurate.",
            "colour": "#8a5a00",
            "order": "2",
            "label_fa": "نیمه درست",
            "description_fa": "تا حدی دقیق.",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    rating.refresh_from_db()
    assert rating.translations == {"fa": {"label": "نیمه درست", "description": "تا حدی دقیق."}}
    factories.PublishedVerdictFactory(claim__slug="c", rating=rating)
    assert "نیمه درست" in Client(headers=PERSIAN).get("/claims/c/").content.decode()
    assert rating.history.count() >= 1
