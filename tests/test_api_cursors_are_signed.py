"""Cursors are signed for the endpoint and ordering that issued them: any other text is a 400, never a 500 and
never silently the first page (DRF's plain base64 cursors let `nope` and `o=5` through, and a position of `²`
gave a 500)."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def cursor_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


@pytest.fixture
def three_pages() -> None:
    for _ in range(5):
        factories.ClaimSourceFactory(claim=factories.PublishedVerdictFactory().claim)


@pytest.mark.parametrize("url", ["/api/v1/claims/", "/api/v1/claimants/", "/api/v1/sources/"])
@pytest.mark.parametrize(
    "cursor", ["nope", b64("o=5"), b64("p=²"), b64("p=1"), b64("o=1&r=1&p=3"), "", "a:b:c", "e30:1a2b3c"]
)
def test_a_cursor_the_api_did_not_issue_is_a_400(three_pages, url, cursor):
    response = APIClient().get(url, {"cursor": cursor, "page_size": 2})
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["cursor"]


def test_the_next_cursor_pages_through_and_only_where_it_was_issued(three_pages):
    client = APIClient()
    first = client.get("/api/v1/claims/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    assert second["results"] and not {c["id"] for c in second["results"]} & {c["id"] for c in first["results"]}
    cursor = cursor_of(first["next"])
    # The same cursor on another endpoint, or with another ordering, was not issued there.
    assert client.get("/api/v1/claimants/", {"cursor": cursor}).status_code == 400
    assert client.get("/api/v1/claims/", {"cursor": cursor, "ordering": "updated"}).status_code == 400
    # Changed by one character, it is refused.
    tampered = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    assert client.get("/api/v1/claims/", {"cursor": tampered, "page_size": 2}).status_code == 400


def test_previous_links_work_backwards(three_pages):
    client = APIClient()
    first = client.get("/api/v1/claimants/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert back["results"] == first["results"]
