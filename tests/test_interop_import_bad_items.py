"""Hostile or broken items are refused one by one with a reason a person can act on, never a crash, and the good
items beside them are imported."""

from __future__ import annotations

import json

import pytest

from claims.interop.models import ExternalFactCheck
from claims.interop.services import claimreviews_import
from claims.models import Claim, Source

pytestmark = pytest.mark.django_db


def review(url: str, text: str = "A claim", **extra) -> dict:
    return {"@type": "ClaimReview", "url": url, "claimReviewed": text, **extra}


def import_list(items: list) -> object:
    return claimreviews_import(content=json.dumps(items), location="list.json", origin="file", user=None)


def test_each_bad_review_in_a_list_is_named_by_its_index_and_the_good_one_lands():
    report = import_list(
        [
            review("javascript:alert(1)"),
            review("https://checks.example.org/" + "a" * 2000),
            review("https:///no-host"),
            review("https://checks.example.org/long", text="x" * 2001),
            "a string, not an object",
            review("https://checks.example.org/good", text="Good\x00 claim"),
        ]
    )

    messages = {error.position: error.message for error in report.errors}
    assert set(messages) == {"[0]", "[1]", "[2]", "[3]"}
    assert "not an http(s) address" in messages["[0]"]
    assert "longer than 2000 characters" in messages["[1]"]
    assert "host" in messages["[2]"]
    assert "longer than 2000 characters" in messages["[3]"]
    assert report.created == 1
    assert Claim.objects.get().text == "Good claim"  # NUL removed: PostgreSQL text cannot hold it


def test_a_single_claimreview_object_is_read_and_a_bad_one_is_named_item():
    good = claimreviews_import(
        content=json.dumps(review("https://checks.example.org/one")), location="one.json", origin="file", user=None
    )
    bad = claimreviews_import(
        content=json.dumps({"@type": "ClaimReview", "claimReviewed": "No address"}),
        location="two.json",
        origin="file",
        user=None,
    )

    assert (good.created, good.errors) == (1, [])
    assert [(error.position, "url" in error.message) for error in bad.errors] == [("item", True)]


def test_appearances_that_are_not_http_urls_are_skipped_without_refusing_the_review():
    report = import_list(
        [
            review(
                "https://checks.example.org/appear",
                itemReviewed={
                    "appearance": ["javascript:alert(1)", "ftp://files.example.org/x", "https://ok.example/"]
                },
            )
        ]
    )

    assert (report.created, report.errors) == (1, [])
    assert list(Source.objects.values_list("url", flat=True)) == ["https://ok.example/"]
    assert ExternalFactCheck.objects.get().claim.claim_sources.count() == 1
