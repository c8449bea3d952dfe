"""The worked example in fixtures/ loads into an empty database and tells the Tehran-marathon dispute."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimRelation, Correction, Verdict

pytestmark = pytest.mark.django_db


def test_it_loads_the_two_disputed_claims_as_contradicting(worked_example):
    straten = Claim.objects.get(claimant__name="Sebastiaan Straten")
    minister = Claim.objects.get(claimant__name="Massoud Solanifar")
    assert "given the okay" in straten.text
    assert "from the start, there was no chance the competition would be mixed" in minister.text.lower()
    assert minister.claimant.role == "Sports Minister of Iran"
    relation = ClaimRelation.objects.get(from_claim=straten, to_claim=minister)
    assert relation.relation == ClaimRelation.Relation.CONTRADICTS
    minister = Claim.objects.with_public_relations().get(pk=minister.pk)
    assert ("contradicts", False, straten) in minister.public_related_claims()


def test_the_public_queryset_hides_the_draft_and_the_item_in_review(worked_example):
    hidden = Claim.objects.exclude(verdict__status=Verdict.Status.PUBLISHED)
    assert {c.verdict.status for c in hidden} == {Verdict.Status.DRAFT, Verdict.Status.IN_REVIEW}
    public_slugs = set(Claim.objects.public().values_list("slug", flat=True))
    assert public_slugs.isdisjoint(hidden.values_list("slug", flat=True))
    assert len(public_slugs) == 6
    assert not Claim.objects.public().filter(verdict__explanation__contains="DRAFT-NOT-PUBLIC").exists()


def test_it_ships_a_correction_on_a_published_verdict(worked_example):
    correction = Correction.objects.get()
    assert correction.verdict.is_published
    assert "21K" in correction.note
    assert correction.verdict.updated_at >= correction.published_at


def test_persian_text_round_trips_through_the_database(worked_example):
    persian = Claim.objects.get(slug="federation-women-10k-stadium-fa")
    assert persian.language == "fa"
    assert persian.text_direction == "rtl"
    assert persian.text.startswith("بانوان تنها در مسابقهٔ ۱۰ کیلومتری")
    assert persian.claimant.name == "فدراسیون دو و میدانی ایران"
    assert Claim.objects.filter(text__contains="ورزشگاه").get() == persian


def test_no_fixture_source_invents_an_article_url(worked_example):
    from claims.models import Source

    urls = set(Source.objects.with_url().values_list("url", flat=True))
    # Only an organisation's home page carries an address; articles named without one are recorded without.
    assert urls == {"https://freetorun.org/"}
    assert Source.objects.filter(url="", publisher="The Washington Post").exists()
