"""The ClaimReview JSON-LD of verdict pages: one block, valid JSON, every property aggregators read."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from claims.models import Claim, ClaimSource, Rating
from tests import factories

pytestmark = pytest.mark.django_db

SITE = "https://factcheck.example.org"
SCRIPT_BREAKOUT = '"</script><script>alert(1)</script>'
JSON_LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def publisher(settings):
    settings.SITE_URL = SITE
    settings.PUBLISHER_NAME = "Tehran Fact Desk"
    settings.PUBLISHER_URL = "https://desk.example.org/"


def claim_review_of(client, claim: Claim) -> dict:
    body = client.get(claim.get_absolute_url()).content.decode()
    blocks = JSON_LD_BLOCK.findall(body)
    assert len(blocks) == 1, f"expected one JSON-LD block on {claim.slug}, found {len(blocks)}"
    return json.loads(blocks[0])


def assert_claim_review(review: dict, claim: Claim) -> None:
    verdict = claim.verdict
    rating = verdict.rating
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"{SITE}/claims/{claim.slug}/"
    assert review["claimReviewed"] == claim.short_text
    assert rating.label not in review["claimReviewed"]
    assert datetime.datetime.fromisoformat(review["datePublished"]) == verdict.published_at
    assert review["author"] == {"@type": "Organization", "name": "Tehran Fact Desk", "url": "https://desk.example.org/"}
    assert review["inLanguage"] == claim.language

    review_rating = review["reviewRating"]
    assert review_rating["@type"] == "Rating"
    assert review_rating["alternateName"] == rating.label_in(claim.language)  # in the review's language
    numeric = {"ratingValue", "bestRating", "worstRating"}
    if rating.value is None:
        assert not numeric & review_rating.keys(), "a rating outside the scale carries no numbers, not even null"
    else:
        worst, best = Rating.objects.scale_bounds()
        assert (review_rating["ratingValue"], review_rating["worstRating"], review_rating["bestRating"]) == (
            rating.value,
            worst,
            best,
        )

    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    claimant = claim.claimant
    assert item["author"]["@type"] == ("Person" if claimant.kind == claimant.Kind.PERSON else "Organization")
    assert item["author"]["name"] == claimant.name
    if claim.stated_on:
        assert item["datePublished"] == claim.stated_on.isoformat()
    else:
        assert "datePublished" not in item
    appearance_titles = [
        cs.source.title for cs in claim.claim_sources.filter(role=ClaimSource.Role.APPEARANCE).select_related("source")
    ]
    if appearance_titles:
        assert sorted(work["name"] for work in item["appearance"]) == sorted(appearance_titles)
        assert item["firstAppearance"] == item["appearance"][0]
    else:
        assert "appearance" not in item and "firstAppearance" not in item

    if verdict.corrections.exists():
        assert datetime.datetime.fromisoformat(review["dateModified"]) == verdict.updated_at
    else:
        assert "dateModified" not in review


def test_every_published_fixture_claim_has_a_complete_claim_review(client, worked_example):
    claims = list(Claim.objects.public().select_related("verdict__rating", "claimant"))
    assert len(claims) == 6
    for claim in claims:
        assert_claim_review(claim_review_of(client, claim), claim)


def test_the_fixtures_cover_an_unnumbered_rating_a_correction_and_persian(client, worked_example):
    straten = claim_review_of(client, Claim.objects.get(slug="straten-mixed-race-given-okay"))
    assert straten["reviewRating"]["alternateName"] == "Unproven" and "ratingValue" not in straten["reviewRating"]
    corrected = claim_review_of(client, Claim.objects.get(slug="women-limited-to-10k-in-stadium"))
    assert corrected["dateModified"].startswith("2026-11-22T15:30:00")
    persian = claim_review_of(client, Claim.objects.get(slug="federation-women-10k-stadium-fa"))
    assert persian["inLanguage"] == "fa"
    assert persian["claimReviewed"] == "زنان فقط در ۱۰ کیلومتر و جدا از مردان در ورزشگاه می\u200cدوند"
    assert persian["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "فدراسیون دو و میدانی ایران",
        "description": "Iran's track and field federation",
    }


def test_claim_text_that_tries_to_close_the_script_element_stays_inside_valid_json(client):
    verdict = factories.PublishedVerdictFactory(
        claim__text=f"He said {SCRIPT_BREAKOUT} & more",
        claim__summary="",
        claim__stated_on=datetime.date(2026, 10, 1),
        rating=factories.rating("mostly-false"),
    )
    appearance = factories.SourceFactory(title="Broadcast <b>interview</b>", published_on=datetime.date(2026, 10, 2))
    factories.ClaimSourceFactory(claim=verdict.claim, source=appearance, role=ClaimSource.Role.APPEARANCE)
    body = client.get(verdict.claim.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body
    review = claim_review_of(client, verdict.claim)
    assert review["claimReviewed"] == f"He said {SCRIPT_BREAKOUT} & more"
    assert review["itemReviewed"]["datePublished"] == "2026-10-01"
    assert review["itemReviewed"]["firstAppearance"]["name"] == "Broadcast <b>interview</b>"
    assert review["itemReviewed"]["firstAppearance"]["datePublished"] == "2026-10-02"
    assert_claim_review(review, verdict.claim)


def test_a_persian_claim_with_quotes_and_a_script_tag_is_valid_json_in_persian(client):
    text = f"وزیر گفت «هرگز» {SCRIPT_BREAKOUT}"
    verdict = factories.PublishedVerdictFactory(claim__text=text, claim__summary="", claim__language="fa")
    factories.CorrectionFactory(verdict=verdict, note="تاریخ اصلاح شد.")
    review = claim_review_of(client, verdict.claim)
    assert review["claimReviewed"] == text
    assert review["inLanguage"] == "fa"
    assert_claim_review(review, verdict.claim)


def test_the_earliest_appearance_is_the_first_appearance(client):
    verdict = factories.PublishedVerdictFactory()
    later = factories.SourceFactory(title="Later repeat", published_on=datetime.date(2026, 5, 2))
    earlier = factories.SourceFactory(title="Original post", published_on=datetime.date(2026, 5, 1))
    for source in (later, earlier):
        factories.ClaimSourceFactory(claim=verdict.claim, source=source, role=ClaimSource.Role.APPEARANCE)
    review = claim_review_of(client, verdict.claim)
    assert review["itemReviewed"]["firstAppearance"]["name"] == "Original post"
    assert review["itemReviewed"]["firstAppearance"]["url"] == earlier.url
    assert [work["name"] for work in review["itemReviewed"]["appearance"]] == ["Original post", "Later repeat"]
