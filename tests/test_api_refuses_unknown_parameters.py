"""Every list endpoint refuses a query parameter it does not read with a 400 that names it and lists the accepted
ones, rather than answering as if it had not been asked (`?query=marathon` used to return every claim)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db

CLAIM_PARAMETERS = [
    "rating",
    "claimant",
    "topic",
    "language",
    "published_after",
    "published_before",
    "updated_since",
    "q",
    "ordering",
    "lang",
    "cursor",
    "page_size",
]
ACCEPTED = {
    "/api/v1/claims/": CLAIM_PARAMETERS,
    "/api/v1/claimants/": ["lang", "cursor", "page_size"],
    "/api/v1/sources/": ["lang", "cursor", "page_size"],
    "/api/v1/ratings/": ["lang"],
    "/api/v1/claims/export.jsonl": [],
}


@pytest.mark.parametrize("url", list(ACCEPTED))
@pytest.mark.parametrize("parameter", ["query", "pageSize", "offset", "maxAgeDays", "format"])
def test_an_unknown_parameter_is_a_400_naming_it_and_listing_the_accepted_ones(worked_example, url, parameter):
    response = APIClient().get(url, {parameter: "5"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [parameter]
    [message] = body["errors"][parameter]
    accepted = ACCEPTED[url]
    assert message.endswith(f"Accepted: {', '.join(accepted) if accepted else 'none'}.")
    assert parameter in body["detail"]


def test_every_accepted_parameter_of_the_claim_list_is_listed_in_the_error(worked_example):
    message = APIClient().get("/api/v1/claims/", {"query": "marathon"}).json()["errors"]["query"][0]
    for name in CLAIM_PARAMETERS:
        assert f" {name}," in message or f" {name}." in message, name


@pytest.mark.parametrize("url", ["/api/v1/claims/", "/api/v1/claimants/", "/api/v1/sources/"])
def test_page_on_a_cursor_endpoint_is_a_400_that_names_cursor(worked_example, url):
    response = APIClient().get(url, {"page": "2"})
    assert response.status_code == 400
    assert "`cursor`" in response.json()["errors"]["page"][0]


def test_format_json_on_the_export_is_a_400_not_json_lines(worked_example):
    response = APIClient().get("/api/v1/claims/export.jsonl", {"format": "json"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert not response.streaming


def test_known_parameters_still_answer(worked_example):
    response = APIClient().get("/api/v1/claims/", {"q": "marathon", "page_size": "5", "ordering": "-updated"})
    assert response.status_code == 200
