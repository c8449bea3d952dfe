"""Database-level integrity: each broken rule fails with a clear error and changes nothing else."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from claims.models import Claim, ClaimSource, Source, Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[int, ...]:
    return (Claim.objects.count(), Source.objects.count(), ClaimSource.objects.count(), Verdict.objects.count())


def test_it_rejects_a_duplicate_claim_slug():
    factories.ClaimFactory(slug="same-slug")
    before = snapshot()
    with pytest.raises(IntegrityError, match="slug"), transaction.atomic():
        factories.ClaimFactory(slug="same-slug")
    assert snapshot() == before


def test_it_rejects_a_duplicate_source_url_even_spelled_differently():
    factories.SourceFactory(url="https://news.example.org/story")
    before = snapshot()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(url="HTTPS://News.Example.org:443/story#comments", title="Same story")
    assert snapshot() == before


def test_many_sources_may_have_no_url():
    Source.objects.create(title="Interview notes")
    Source.objects.create(title="Letter from the ministry")
    assert Source.objects.filter(url="").count() == 2


def test_a_source_needs_only_a_url_and_a_title():
    source = Source.objects.create(url="https://example.org/report", title="Report")
    source.refresh_from_db()
    assert source.kind == Source.Kind.OTHER
    assert source.link_health == "unchecked"


def test_it_rejects_a_published_verdict_without_a_rating():
    claim = factories.ClaimFactory()
    before = snapshot()
    with pytest.raises(IntegrityError, match="verdict_published_has_rating_date_conclusion"), transaction.atomic():
        factories.PublishedVerdictFactory(claim=claim, rating=None)
    assert snapshot() == before


def test_it_rejects_deleting_a_cited_source():
    cited = factories.ClaimSourceFactory()
    factories.PublishedVerdictFactory(claim=cited.claim)
    before = snapshot()
    with pytest.raises(ProtectedError), transaction.atomic():
        cited.source.delete()
    assert snapshot() == before


def test_it_rejects_deleting_a_claimant_or_claim_under_a_published_verdict():
    verdict = factories.PublishedVerdictFactory()
    before = snapshot()
    with pytest.raises(ProtectedError), transaction.atomic():
        verdict.claim.claimant.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        verdict.claim.delete()
    assert snapshot() == before


def test_it_rejects_a_claim_longer_than_the_limit_at_the_database():
    claimant = factories.ClaimantFactory()
    with pytest.raises(IntegrityError, match="claim_text_max_length"), transaction.atomic():
        Claim.objects.create(text="x" * 200_000, slug="too-long", claimant=claimant)
    assert not Claim.objects.filter(slug="too-long").exists()


def test_a_claim_cannot_relate_to_itself():
    claim = factories.ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ClaimRelationFactory(from_claim=claim, to_claim=claim)
