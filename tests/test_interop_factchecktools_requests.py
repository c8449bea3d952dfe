"""claims:search answers bad parameters with Google's error shape, never a 500, and filters by publisher site."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.interop.models import ExternalFactCheck
from tests.factories import ClaimFactory, PublishedVerdictFactory, VerdictFactory

pytestmark = pytest.mark.django_db

SEARCH = "/factchecktools/v1alpha1/claims:search"


def search(**params):
    return Client(raise_request_exception=False).get(SEARCH, params)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Either query or reviewPublisherSiteFilter is required."),
        ({"query": "x", "pageSize": "ten"}, "Invalid value at 'pageSize' (TYPE_INT32), \"ten\""),
        ({"query": "x", "pageSize": "0"}, "pageSize must be between"),
        ({"query": "x", "maxAgeDays": "-3"}, "maxAgeDays must be between"),
        ({"query": "x", "offset": "99999999999"}, "offset must be between"),
        ({"query": "x", "languageCode": "<script>"}, "languageCode must be"),
        ({"query": "x" * 201}, "query is longer than 200 characters."),
        ({"query": "x", "pageToken": "forged"}, "Invalid pageToken."),
    ],
)
def test_bad_parameters_are_a_400_in_googles_error_shape(params, message):
    response = search(**params)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == 400
    assert error["status"] == "INVALID_ARGUMENT"
    assert error["message"].startswith(message)


def test_a_page_token_cannot_be_replayed_with_other_parameters():
    for n in range(3):
        PublishedVerdictFactory(claim=ClaimFactory(text=f"Runners claim {n}"))
    token = search(query="runners", pageSize=2).json()["nextPageToken"]

    assert search(query="runners", pageSize=2, pageToken=token).json()["claims"][0]["text"] == "Runners claim 0"
    replayed = search(query="other words", pageSize=2, pageToken=token)
    assert replayed.status_code == 400
    assert "other parameters" in replayed.json()["error"]["message"]


def test_offset_is_read_when_there_is_no_page_token():
    for n in range(3):
        PublishedVerdictFactory(claim=ClaimFactory(text=f"Runners claim {n}"))

    texts = [claim["text"] for claim in search(query="runners", offset=1).json()["claims"]]

    assert texts == ["Runners claim 1", "Runners claim 0"]


def test_the_publisher_site_filter_lists_only_that_publishers_reviews_and_needs_no_query():
    checked = PublishedVerdictFactory(claim=ClaimFactory(text="Checked elsewhere too")).claim
    PublishedVerdictFactory(claim=ClaimFactory(text="Checked only by us"))
    draft = VerdictFactory(claim=ClaimFactory(text="A draft checked elsewhere")).claim
    for claim, path in ((checked, "one"), (draft, "two")):
        ExternalFactCheck.objects.create(
            claim=claim,
            url=f"https://www.checkers.example.org/{path}",
            publisher_name="Checkers",
            publisher_site="checkers.example.org",
            textual_rating="False",
        )

    body = search(reviewPublisherSiteFilter="www.checkers.example.org", key="ignored").json()

    assert [claim["text"] for claim in body["claims"]] == ["Checked elsewhere too"]
    assert [review["url"] for review in body["claims"][0]["claimReview"]] == ["https://www.checkers.example.org/one"]
    assert "nextPageToken" not in body


def test_other_methods_are_refused_with_a_json_error():
    response = Client().post(SEARCH, {"query": "x"})

    assert response.status_code == 405
    assert response.json()["error"]["code"] == 405


def test_other_fact_check_tools_methods_are_a_404_in_googles_shape():
    response = Client().get("/factchecktools/v1alpha1/pages", {"organization": "x"})

    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": 404, "message": "Only claims:search is offered here.", "status": "NOT_FOUND"}
    }
