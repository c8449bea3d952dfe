"""GET /feeds/claimreview.json: every published ClaimReview in a schema.org DataFeed, as the verdict pages show it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from extruct.jsonld import JsonLdExtractor

from claims.models import Claim, Verdict
from claims.services.verdicts import correction_add

pytestmark = pytest.mark.django_db

FEED = "/feeds/claimreview.json"


def read_feed(client: Client | None = None, **params) -> dict:
    response = (client or Client()).get(FEED, params)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(b"".join(response.streaming_content))


def page_reviews(claim: Claim) -> list[dict]:
    """The ClaimReview JSON-LD a crawler reads from the public verdict page, through extruct."""
    html = Client().get(claim.get_absolute_url()).content.decode()
    return [item for item in JsonLdExtractor().extract(html) if item.get("@type") == "ClaimReview"]


def test_the_feed_parses_back_into_the_same_reviews_as_the_pages_json_ld(worked_example):
    feed = read_feed()

    assert feed["@context"] == "https://schema.org"
    assert feed["@type"] == "DataFeed"
    assert feed["sdLicense"] == settings.CLAIMREVIEW_FEED_LICENSE
    published = Claim.objects.public().order_by("pk")
    assert len(feed["dataFeedElement"]) == published.count() > 0
    for element, claim in zip(feed["dataFeedElement"], published, strict=True):
        assert element["@type"] == "DataFeedItem"
        assert element["dateCreated"] == claim.verdict.published_at.isoformat()
        assert element["dateModified"] >= element["dateCreated"]
        (review,) = element["item"]
        assert review.pop("sdLicense") == settings.CLAIMREVIEW_FEED_LICENSE
        assert review.pop("sdPublisher") == {
            "@type": "Organization",
            "name": settings.PUBLISHER_NAME,
            "url": settings.PUBLISHER_URL,
        }
        (on_page,) = page_reviews(claim)
        on_page.pop("@context")
        assert review == on_page


def test_drafts_and_reviews_in_review_are_never_in_the_feed(worked_example):
    hidden = Claim.objects.exclude(verdict__status=Verdict.Status.PUBLISHED)
    assert hidden.exists()
    body = json.dumps(read_feed(), ensure_ascii=False)
    for claim in hidden:
        assert claim.get_absolute_url() not in body


def test_modified_since_lists_only_claims_changed_since_then(worked_example, reviewer):
    before = timezone.now() - timedelta(seconds=1)
    Claim.objects.public().update(updated_at=before - timedelta(days=1))
    Verdict.objects.update(updated_at=before - timedelta(days=1))
    corrected = Claim.objects.public().order_by("pk").last()
    correction_add(verdict=corrected.verdict, note="The date was wrong.", user=reviewer)

    feed = read_feed(modified_since=before.isoformat())

    assert [element["item"][0]["url"] for element in feed["dataFeedElement"]] == [
        settings.SITE_URL + corrected.get_absolute_url()
    ]
    assert "dateModified" in feed["dataFeedElement"][0]["item"][0]  # corrections make reviews machine-readable
    assert read_feed(modified_since=(timezone.now() + timedelta(days=1)).isoformat())["dataFeedElement"] == []


def test_a_bad_modified_since_is_a_400_with_the_reason():
    response = Client(raise_request_exception=False).get(FEED, {"modified_since": "yesterday"})

    assert response.status_code == 400
    assert "ISO 8601" in response.json()["detail"]


def test_the_feed_answers_conditional_requests_and_changes_its_etag_when_a_verdict_changes(worked_example, reviewer):
    client = Client()
    first = client.get(FEED)
    etag, last_modified = first["ETag"], first["Last-Modified"]

    assert client.get(FEED, headers={"if-none-match": etag}).status_code == 304
    assert client.get(FEED, headers={"if-modified-since": last_modified}).status_code == 304

    correction_add(verdict=Claim.objects.public().first().verdict, note="Fixed a name.", user=reviewer)
    again = client.get(FEED, headers={"if-none-match": etag})
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_the_home_page_links_the_feed_from_its_head(worked_example):
    head = Client().get("/").content.decode().split("</head>")[0]

    assert '<link rel="alternate" type="application/ld+json" href="/feeds/claimreview.json"' in head
