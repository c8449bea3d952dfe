"""Confirm creates exactly one `repeats` relation, from the claim page as from the service, however often."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.matching import services
from claims.matching.models import MatchSuggestion
from claims.models import ClaimRelation
from tests.matching_support import FUEL_EN, FUEL_FA_TRANSLATION, fresh_stored_corpus, seed_claim  # noqa: F401

pytestmark = pytest.mark.django_db


def test_confirming_on_the_claim_page_creates_exactly_one_repeats_relation(editor_client):
    original = seed_claim(FUEL_EN)
    repeat = seed_claim(FUEL_FA_TRANSLATION, language="fa", published=False)
    services.claim_refresh_matches(claim_id=repeat.pk)
    page = editor_client.get(reverse("admin:claims_claim_change", args=[repeat.pk]))
    assert "Possibly the same claim as" in page.content.decode()
    assert f'data-claim-id="{original.pk}"' in page.content.decode()
    confirm = reverse("admin:claims_claim_repeat_decision", args=[repeat.pk, original.pk, "confirm"])

    editor_client.post(confirm)
    editor_client.post(confirm)

    relation = ClaimRelation.objects.get()
    assert (relation.from_claim_id, relation.to_claim_id, relation.relation) == (repeat.pk, original.pk, "repeats")
    assert MatchSuggestion.objects.get().status == MatchSuggestion.Status.CONFIRMED
    page = editor_client.get(reverse("admin:claims_claim_change", args=[repeat.pk]))
    assert f'data-claim-id="{original.pk}"' not in page.content.decode()


def test_confirming_is_refused_where_the_claims_are_already_related_otherwise(editor):
    original = seed_claim(FUEL_EN)
    other = seed_claim(FUEL_FA_TRANSLATION, language="fa")
    ClaimRelation.objects.create(from_claim=other, to_claim=original, relation=ClaimRelation.Relation.CONTRADICTS)

    with pytest.raises(services.MatchDecisionError):
        services.pair_confirm(claim_id=original.pk, candidate_id=other.pk, user=editor)

    assert list(ClaimRelation.objects.values_list("relation", flat=True)) == ["contradicts"]


def test_a_decision_on_the_claim_page_needs_a_post_and_the_relation_permission(client, editor_client):
    from tests.factories import UserFactory

    original = seed_claim(FUEL_EN)
    repeat = seed_claim(FUEL_FA_TRANSLATION, language="fa")
    confirm = reverse("admin:claims_claim_repeat_decision", args=[repeat.pk, original.pk, "confirm"])
    client.force_login(UserFactory(username="staff-without-perms", is_staff=True))

    assert editor_client.get(confirm).status_code == 405
    assert client.post(confirm).status_code == 403
    assert not ClaimRelation.objects.exists()
