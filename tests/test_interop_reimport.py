"""Importing the same review again (same URL) updates it: no second fact check, no second claim, no second source."""

from __future__ import annotations

import json

import pytest

from claims.interop.models import ExternalFactCheck, ImportRun
from claims.interop.services import claimreviews_import
from claims.models import Claim, ClaimSource, Source
from tests.interop_support import import_sample, sample

pytestmark = pytest.mark.django_db


def test_importing_a_feed_twice_updates_every_review_instead_of_duplicating_it():
    first = import_sample("datafeed.json")
    counts = (ExternalFactCheck.objects.count(), Claim.objects.count(), Source.objects.count())
    second = import_sample("datafeed.json")

    assert (first.created, first.updated) == (2, 0)
    assert (second.created, second.updated, second.claims_created) == (0, 2, 0)
    assert (ExternalFactCheck.objects.count(), Claim.objects.count(), Source.objects.count()) == counts
    assert ClaimSource.objects.count() == 1
    latest_run = ImportRun.objects.order_by("-pk").first()
    assert set(ExternalFactCheck.objects.values_list("import_run", flat=True)) == {latest_run.pk}


def test_a_changed_rating_in_a_later_import_updates_the_external_fact_check():
    import_sample("reviews.jsonl")
    line = json.loads(sample("reviews.jsonl").decode().splitlines()[0])
    line["reviewRating"]["alternateName"] = "False"
    line["headline"] = "Corrected headline"
    # The same URL written differently (trailing slash, upper-case host) is the same review.
    line["url"] = "https://LEDGER.example.com/fc/1"

    report = claimreviews_import(content=json.dumps(line), location="fix.jsonl", origin="file", user=None)

    assert (report.created, report.updated) == (0, 1)
    check = ExternalFactCheck.objects.get(url="https://ledger.example.com/fc/1")
    assert (check.textual_rating, check.title) == ("False", "Corrected headline")
    assert ExternalFactCheck.objects.count() == 3
