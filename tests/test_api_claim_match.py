"""POST /api/v1/claims/match/: the contract, who may ask, what they see, and its 400s (which change nothing)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from claims.matching.models import ClaimEmbedding, MatchSuggestion
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401
from tests.factories import UserFactory
from tests.matching_support import (  # noqa: F401
    FUEL_EN,
    FUEL_FA_TRANSLATION,
    fresh_stored_corpus,
    seed_claim,
    seed_others,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/claims/match/"


def test_an_editors_token_gets_the_best_matches_first_in_the_documented_shape(editor):
    seed_others()
    fuel = seed_claim(FUEL_EN)

    response = token_client(editor).post(URL, {"text": FUEL_FA_TRANSLATION, "language": "fa"}, format="json")

    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert 1 <= len(results) <= 10
    assert set(results[0]) == {"id", "slug", "text", "language", "rating", "score", "tier"}
    assert (results[0]["id"], results[0]["slug"], results[0]["language"]) == (fuel.pk, fuel.slug, "en")
    assert results[0]["rating"] == fuel.verdict.rating.label
    assert results[0]["tier"] in ("same", "suggest")
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    assert all(0 <= r["score"] <= 1 for r in results)


def test_drafts_are_shown_only_to_a_token_that_may_edit_claims(editor):
    draft = seed_claim(FUEL_EN, published=False)
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_claim", content_type__app_label="claims"))

    as_editor = token_client(editor).post(URL, {"text": FUEL_EN}, format="json").json()["results"]
    as_viewer = token_client(viewer).post(URL, {"text": FUEL_EN}, format="json").json()["results"]

    assert [r["id"] for r in as_editor] == [draft.pk]
    assert as_viewer == []


def test_anonymous_and_unprivileged_callers_are_refused():
    plain = UserFactory(username="plain")

    assert APIClient().post(URL, {"text": FUEL_EN}, format="json").status_code == 401
    assert token_client(plain).post(URL, {"text": FUEL_EN}, format="json").status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"text": ""},
        {"text": "   "},
        {"text": "x" * 2001},
        {},
        {"text": FUEL_EN, "language": "not a language!"},
        {"text": ["a", "list"]},
        {"text": "petrol\x00prices"},
    ],
    ids=["empty", "blank", "too-long", "missing", "bad-language", "not-a-string", "nul"],
)
def test_bad_input_is_a_400_with_a_reason_and_changes_nothing(editor, body):
    seed_claim(FUEL_EN)
    before = (ClaimEmbedding.objects.count(), MatchSuggestion.objects.count())

    response = token_client(editor).post(URL, body, format="json")

    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert (ClaimEmbedding.objects.count(), MatchSuggestion.objects.count()) == before


@pytest.mark.parametrize(
    "raw",
    ["[1, 2]", '{"text": "petrol \\ud800 prices"}', '{"text": "petrol', "NaN"],
    ids=["list", "surrogate", "cut", "nan"],
)
def test_a_body_that_is_not_a_json_object_of_text_is_a_400(editor, raw):
    response = token_client(editor).post(URL, raw, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json()["detail"]
