"""`language` matches BCP-47 tags as RFC 5646 says they compare: case-insensitively, and a tag finds its more
specific subtags (`en` finds `en-US`)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims_in_several_languages() -> None:
    for slug, language in [("plain-en", "en"), ("us-en", "en-US"), ("gb-en", "en-GB"), ("fa", "fa"), ("eno", "eno")]:
        factories.PublishedVerdictFactory(claim__slug=slug, claim__language=language)


def slugs_for(language: str) -> set[str]:
    response = APIClient().get("/api/v1/claims/", {"language": language})
    assert response.status_code == 200, response.content
    return {claim["slug"] for claim in response.json()["results"]}


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        ("en", {"plain-en", "us-en", "gb-en"}),
        ("EN", {"plain-en", "us-en", "gb-en"}),
        ("en-US", {"us-en"}),
        ("en-us", {"us-en"}),
        ("EN-us", {"us-en"}),
        ("fa", {"fa"}),
        ("de", set()),
    ],
)
def test_language_matches_case_insensitively_and_by_prefix(claims_in_several_languages, asked, found):
    assert slugs_for(asked) == found


def test_a_malformed_language_tag_is_a_400(claims_in_several_languages):
    response = APIClient().get("/api/v1/claims/", {"language": "en_US"})
    assert response.status_code == 400
    assert "language" in response.json()["errors"]
