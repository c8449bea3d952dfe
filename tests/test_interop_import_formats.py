"""The importer reads the four shapes ClaimReviews travel in, keeps the good items and names each bad one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from claims.interop.models import ExternalFactCheck, ImportRun
from claims.models import Claim, ClaimSource, Verdict
from tests.interop_support import import_sample, positions

pytestmark = pytest.mark.django_db


def test_a_page_with_several_json_ld_blocks_imports_each_review_and_reports_the_broken_block(editor):
    report = import_sample("page.html", user=editor)

    assert report.format == "html"
    assert (report.created, report.updated, report.claims_created) == (2, 0, 2)
    assert positions(report) == ["JSON-LD block 3"]
    assert "Not JSON" in report.errors[0].message

    check = ExternalFactCheck.objects.get(url="https://desertfacts.example/checks/marathon-mixed")
    assert check.textual_rating == "Misleading"
    assert check.rating_value is None  # a textual rating with no value stays without one
    assert (check.publisher_name, check.publisher_site) == ("Desert Fact Desk", "desertfacts.example")
    assert check.title == "No, the Tehran marathon was not mixed"
    assert check.reviewed_at == datetime(2017, 4, 8, 5, 0, tzinfo=UTC)  # +04:30 read as such
    claim = check.claim
    assert claim.text == "Men and women ran the Tehran marathon together"
    assert (claim.claimant.name, claim.claimant.kind) == ("Sebastiaan Straten", "person")
    assert claim.stated_on == date(2017, 4, 1)
    appearances = claim.claim_sources.filter(role=ClaimSource.Role.APPEARANCE).select_related("source")
    assert sorted(cs.source.url for cs in appearances) == [
        "https://news.example.net/marathon-interview",
        "https://video.example.net/watch/123",
    ]
    assert {cs.source.title for cs in appearances} == {"news.example.net/marathon-interview", "Press conference"}

    valued = ExternalFactCheck.objects.get(url="https://desertfacts.example/checks/runners-count")
    assert (valued.rating_value, valued.best_rating, valued.worst_rating) == (Decimal(4), Decimal(5), Decimal(1))
    assert valued.claim.claimant.kind == "organization"

    run = ImportRun.objects.get()
    assert (run.location, run.origin, run.imported_by, run.created_count) == ("page.html", "file", editor, 2)
    assert run.errors == [report.errors[0].as_dict()]


def test_a_datafeed_imports_its_claimreviews_skips_mediareview_and_names_the_item_without_a_url():
    report = import_sample("datafeed.json")

    assert report.format == "datafeed"
    assert report.created == 2
    assert positions(report) == ["dataFeedElement[3].item[0]"]
    assert "url" in report.errors[0].message

    nameless = ExternalFactCheck.objects.get(url="https://checkers.example.org/2024/03/minister-quote")
    assert nameless.publisher_name == "checkers.example.org"  # an author without a name is named by its site
    assert nameless.rating_value == Decimal(1)  # "1", a string, as real feeds send it
    assert nameless.reviewed_at == datetime(2024, 3, 1, tzinfo=UTC)  # a date without a time

    persian = ExternalFactCheck.objects.get(url="https://factnameh.example/fa/checks/marathon")
    assert persian.textual_rating == "نادرست"
    assert persian.language == "fa"
    assert persian.claim.text == "ماراتن تهران برای زنان و مردان مختلط بود"
    assert persian.claim.language == "fa"
    assert persian.claim.claimant.name == "سباستیان استراتن"
    assert not ExternalFactCheck.objects.filter(url="https://checkers.example.org/video").exists()


def test_a_json_lines_file_imports_good_lines_and_names_each_bad_line():
    report = import_sample("reviews.jsonl")

    assert report.format == "jsonl"
    assert report.created == 3
    assert positions(report) == ["line 3", "line 4"]
    assert "Not JSON" in report.errors[0].message
    assert "claimReviewed" in report.errors[1].message
    assert ExternalFactCheck.objects.get(url="https://ledger.example.com/fc/1").language == "en-GB"


def test_a_claims_search_response_keeps_several_reviews_of_one_claim_on_one_claim():
    report = import_sample("search_response.json")

    assert report.format == "factchecktools"
    assert (report.created, report.claims_created) == (3, 2)
    assert positions(report) == ["claims[1].claimReview[1]"]

    banned = Claim.objects.get(text="Women were banned from the Tehran marathon")
    checks = banned.external_fact_checks.order_by("reviewed_at")
    assert [(c.publisher_name, c.publisher_site, c.textual_rating) for c in checks] == [
        ("Checkers", "checkers.example.org", "Mostly False"),
        ("Desert Fact Desk", "desertfacts.example", "Missing context"),
    ]
    assert banned.claimant.name == "Social media posts"
    assert banned.stated_on == date(2017, 4, 6)
    # The first review's rating decides the draft's rating; a later one never changes the local verdict.
    assert banned.verdict.rating.slug == "mostly-false"
    assert banned.verdict.status == Verdict.Status.DRAFT

    persian = Claim.objects.get(text="زنان از ماراتن تهران منع شدند")
    assert persian.external_fact_checks.get().title == "آیا زنان منع شدند؟"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"just some words", "Not JSON"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b'{"@type": "Organization", "name": "Nobody"}', "No ClaimReview"),
        (b"<html><body>No data here</body></html>", "no JSON-LD"),
    ],
)
def test_input_with_no_claimreview_at_all_is_reported_and_writes_nothing_but_its_provenance(content, message):
    from claims.interop.services import claimreviews_import

    report = claimreviews_import(content=content, location="upload.bin", origin="file", user=None)

    assert positions(report) == ["input"]
    assert message in report.errors[0].message
    assert not ExternalFactCheck.objects.exists()
    assert not Claim.objects.exists()
    assert ImportRun.objects.get().errors == [{"position": "input", "message": report.errors[0].message}]
