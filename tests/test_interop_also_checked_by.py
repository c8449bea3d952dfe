"""Imported reviews are shown on the verdict page once the claim is published ("Also checked by"), to editors in
the preview before that, and never to readers of a draft; a re-import moves the page's ETag."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from claims.interop.models import ExternalFactCheck
from claims.interop.services import claimreviews_import
from claims.models import Claim
from claims.services.verdicts import verdict_publish
from tests.interop_support import import_sample, sample

pytestmark = pytest.mark.django_db


def publish_imported(claim: Claim, reviewer) -> None:
    verdict = claim.verdict
    verdict.conclusion = "Our own conclusion."
    verdict.save()
    verdict_publish(verdict=verdict, user=reviewer)


def test_readers_see_other_newsrooms_reviews_only_once_our_verdict_is_published(reviewer, editor):
    import_sample("search_response.json")
    claim = Claim.objects.get(text="Women were banned from the Tehran marathon")

    assert Client().get(claim.get_absolute_url()).status_code == 404
    staff = Client()
    staff.force_login(editor)
    assert "Also checked by" in staff.get(claim.get_absolute_url()).content.decode()

    publish_imported(claim, reviewer)
    page = Client().get(claim.get_absolute_url()).content.decode()
    section = page.split('id="also-checked"')[1].split("</section>")[0]
    assert "Checkers" in section and "Desert Fact Desk" in section
    assert 'href="https://checkers.example.org/2017/04/women-banned"' in section
    assert "(Mostly False)" in section and "(Missing context)" in section


def test_a_persian_review_is_marked_with_its_language(reviewer):
    import_sample("search_response.json")
    claim = Claim.objects.get(text="زنان از ماراتن تهران منع شدند")
    publish_imported(claim, reviewer)

    page = Client().get(claim.get_absolute_url()).content.decode()

    assert 'lang="fa" dir="auto">(گمراه‌کننده)</span>' in page


def test_a_reimported_review_changes_the_pages_etag(reviewer):
    import_sample("search_response.json")
    claim = Claim.objects.get(text="Women were banned from the Tehran marathon")
    publish_imported(claim, reviewer)
    client = Client()
    etag = client.get(claim.get_absolute_url())["ETag"]

    changed = json.loads(sample("search_response.json"))
    changed["claims"][0]["claimReview"][0]["textualRating"] = "False"
    claimreviews_import(content=json.dumps(changed), location="again.json", origin="file", user=None)

    again = client.get(claim.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 200
    assert "(False)" in again.content.decode()
    assert ExternalFactCheck.objects.filter(claim=claim).count() == 2
