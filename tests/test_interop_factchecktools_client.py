"""Google's own Fact Check Tools client (google-api-python-client, unmodified, its shipped discovery document)
reads our published claims from a live server: paging with pageToken, languageCode and maxAgeDays filters."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from claims.interop.factchecktools import our_site
from claims.interop.models import ExternalFactCheck
from claims.models import Claim
from tests.factories import ClaimFactory, PublishedVerdictFactory, VerdictFactory

pytestmark = pytest.mark.django_db(transaction=True)


def publish(text: str, *, language: str = "en", days_ago: int = 1) -> str:
    published_at = timezone.now() - timedelta(days=days_ago)
    claim = ClaimFactory(text=text, language=language, stated_on=published_at.date())
    PublishedVerdictFactory(claim=claim, published_at=published_at)
    return text


@pytest.fixture
def factcheck_service(live_server):
    """The client exactly as an integrator builds it for Google, pointed at our server instead."""
    service = build(
        "factchecktools",
        "v1alpha1",
        developerKey="any-key-is-accepted",
        client_options={"api_endpoint": f"{live_server.url}/factchecktools/"},
        static_discovery=True,
        cache_discovery=False,
    )
    yield service
    service.close()


def every_page(service, **params) -> tuple[list[dict], int]:
    """(every claim of every page, number of pages), following nextPageToken with the client's own search_next."""
    claims_api = service.claims()
    request = claims_api.search(**params)
    found: list[dict] = []
    pages = 0
    while request is not None:
        response = request.execute()
        pages += 1
        assert len(response.get("claims", [])) <= params.get("pageSize", 10)
        found.extend(response.get("claims", []))
        request = claims_api.search_next(request, response)
    return found, pages


def test_the_google_client_pages_through_every_published_claim_matching_a_query(factcheck_service):
    expected = {publish(f"The marathon had {n} runners") for n in range(7)}
    expected |= {publish(f"ماراتن marathon claim {n} in Persian", language="fa") for n in range(2)}
    publish("Nothing about running at all")
    VerdictFactory(claim=ClaimFactory(text="A draft marathon claim"))  # never public

    found, pages = every_page(factcheck_service, query="marathon", pageSize=3)

    assert sorted(claim["text"] for claim in found) == sorted(expected)
    assert pages == 3
    first = next(claim for claim in found if claim["text"] == "The marathon had 0 runners")
    assert set(first) == {"text", "claimant", "claimDate", "claimReview"}
    (review,) = first["claimReview"]
    assert set(review) == {"publisher", "url", "title", "reviewDate", "textualRating", "languageCode"}
    assert review["publisher"] == {"name": settings.PUBLISHER_NAME, "site": our_site()}
    assert review["textualRating"] == "False"
    assert review["reviewDate"].endswith("Z")
    assert review["url"] == settings.SITE_URL + Claim.objects.get(text=first["text"]).get_absolute_url()


def test_the_language_filter_returns_claims_with_a_review_in_that_language_and_only_those_reviews(
    factcheck_service,
):
    persian = {publish(f"marathon گزارش {n}", language="fa") for n in range(3)}
    english = publish("The marathon route was changed")
    publish("The marathon was cancelled")
    claim_with_persian_check = ExternalFactCheck.objects.create(
        claim=Claim.objects.get(text=english),
        url="https://factnameh.example/fa/route",
        publisher_name="فکت‌نامه نمونه",
        publisher_site="factnameh.example",
        textual_rating="نادرست",
        language="fa",
        reviewed_at=timezone.now(),
    )

    found, _pages = every_page(factcheck_service, query="marathon", languageCode="fa-IR", pageSize=2)

    assert sorted(claim["text"] for claim in found) == sorted(persian | {english})
    assert {review["languageCode"] for claim in found for review in claim["claimReview"]} == {"fa"}
    (external,) = next(claim for claim in found if claim["text"] == english)["claimReview"]
    assert external == {
        "publisher": {"name": "فکت‌نامه نمونه", "site": "factnameh.example"},
        "url": claim_with_persian_check.url,
        "textualRating": "نادرست",
        "languageCode": "fa",
        "reviewDate": external["reviewDate"],
    }


def test_max_age_days_leaves_out_claims_whose_claim_and_review_dates_are_both_older(factcheck_service):
    recent = {publish(f"Recent marathon claim {n}", days_ago=3) for n in range(4)}
    publish("Old marathon claim", days_ago=400)
    publish("Another old marathon claim", days_ago=45)

    found, _pages = every_page(factcheck_service, query="marathon", maxAgeDays=30, pageSize=3)

    assert sorted(claim["text"] for claim in found) == sorted(recent)


def test_the_google_client_reads_our_errors_in_googles_shape(factcheck_service):
    with pytest.raises(HttpError) as refused:
        factcheck_service.claims().search(languageCode="en").execute()

    assert refused.value.status_code == 400
    assert refused.value.reason == "Either query or reviewPublisherSiteFilter is required."
    assert json.loads(refused.value.content) == {
        "error": {"code": 400, "message": refused.value.reason, "status": "INVALID_ARGUMENT"}
    }
