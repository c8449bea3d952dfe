"""A correction made in the editors' desk reaches readers and API clients, and invalidates their cached copies."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.test import Client

from claims.models import Correction, Verdict
from tests import factories
from tests.admin_support import change_page_data
from tests.api_support import fresh_throttle_counters  # noqa: F401
from tests.integration_support import backdate_claim, claim_review_on_page

pytestmark = pytest.mark.django_db

NOTE = "We first rated this False; a second statement by the federation shows it is Mostly false."


def correct_through_the_admin(client: Client, verdict: Verdict) -> None:
    """A reviewer changes the rating of a published verdict on the claim page, with the correction note."""
    url = f"/admin/claims/claim/{verdict.claim_id}/change/"
    data = change_page_data(client.get(url))
    data["verdict-0-rating"] = str(factories.rating("mostly-false").pk)
    data["verdict-0-correction_note"] = NOTE
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def published_yesterday() -> Verdict:
    verdict = factories.PublishedVerdictFactory(claim__text="Women were banned from the Tehran marathon.")
    factories.ClaimSourceFactory(claim=verdict.claim)
    backdate_claim(verdict.claim)
    verdict.refresh_from_db()
    return verdict


def test_a_correction_added_in_the_admin_shows_on_the_page_with_its_date_and_date_modified_in_the_claimreview(
    reviewer_client, published_yesterday
):
    verdict = published_yesterday
    reader = Client()
    page_before = reader.get(verdict.claim.get_absolute_url()).content.decode()
    assert "dateModified" not in claim_review_on_page(page_before)
    assert NOTE not in page_before

    correct_through_the_admin(reviewer_client, verdict)

    correction = Correction.objects.get(verdict=verdict)
    verdict.refresh_from_db()
    page = reader.get(verdict.claim.get_absolute_url()).content.decode()
    corrections = page.split('id="corrections"')[1].split("</section>")[0]
    assert NOTE in corrections
    (shown_at,) = re.findall(r'<time datetime="([^"]+)"', corrections)
    assert datetime.fromisoformat(shown_at) == correction.published_at
    review = claim_review_on_page(page)
    assert datetime.fromisoformat(review["dateModified"]) == verdict.updated_at
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert verdict.updated_at > verdict.published_at


def test_a_correction_added_in_the_admin_is_in_the_api_claim(reviewer_client, published_yesterday):
    verdict = published_yesterday
    api = Client()
    before = api.get(f"/api/v1/claims/{verdict.claim_id}/").json()
    assert before["corrections"] == []

    correct_through_the_admin(reviewer_client, verdict)

    correction = Correction.objects.get(verdict=verdict)
    after = api.get(f"/api/v1/claims/{verdict.claim_id}/").json()
    assert [c["note"] for c in after["corrections"]] == [NOTE]
    assert datetime.fromisoformat(after["corrections"][0]["published_at"]) == correction.published_at
    assert after["verdict"]["rating"]["slug"] == "mostly-false"
    assert datetime.fromisoformat(after["verdict"]["updated_at"]) > datetime.fromisoformat(
        before["verdict"]["updated_at"]
    )
    updated_since = api.get("/api/v1/claims/", {"updated_since": correction.published_at.isoformat()}).json()
    assert [c["id"] for c in updated_since["results"]] == [verdict.claim_id]


def test_after_a_correction_the_pages_old_etag_and_last_modified_get_the_new_page_not_a_304(
    reviewer_client, published_yesterday
):
    url = published_yesterday.claim.get_absolute_url()
    reader = Client()
    first = reader.get(url)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert reader.get(url, headers={"if-none-match": etag}).status_code == 304  # the validators work at all
    assert reader.get(url, headers={"if-modified-since": last_modified}).status_code == 304

    correct_through_the_admin(reviewer_client, published_yesterday)

    by_etag = reader.get(url, headers={"if-none-match": etag})
    by_date = reader.get(url, headers={"if-modified-since": last_modified})
    for response in (by_etag, by_date):
        assert response.status_code == 200
        assert NOTE in response.content.decode()
    assert by_etag.headers["ETag"] != etag
    assert by_date.headers["Last-Modified"] != last_modified


def test_after_a_correction_the_api_details_old_etag_gets_the_new_claim_not_a_304(reviewer_client, published_yesterday):
    # The API detail's validator is ConditionalGetMiddleware's hash of the body (no Last-Modified is sent).
    url = f"/api/v1/claims/{published_yesterday.claim_id}/"
    client = Client()
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    correct_through_the_admin(reviewer_client, published_yesterday)

    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 200
    assert [c["note"] for c in again.json()["corrections"]] == [NOTE]
    assert again.headers["ETag"] != etag
