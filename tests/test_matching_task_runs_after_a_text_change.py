"""Embeddings are computed off the request path: a task is enqueued after commit when a claim's text is new or
changed (not for other edits), and the task indexes the claim and records its suggestions."""

from __future__ import annotations

import pytest

from claims.matching.models import ClaimEmbedding, MatchSuggestion
from claims.matching.tasks import match_claim
from tests import factories
from tests.matching_support import FUEL_EN, FUEL_EN_PARAPHRASE, fresh_stored_corpus, seed_claim  # noqa: F401

pytestmark = pytest.mark.django_db


def _enqueued(callbacks) -> int:
    return sum("match_claim" in getattr(cb, "__code__", cb).co_names for cb in callbacks if hasattr(cb, "__code__"))


def test_a_new_claim_and_a_changed_text_enqueue_matching_and_other_edits_do_not(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as created:
        claim = factories.ClaimFactory(text=FUEL_EN)
    with django_capture_on_commit_callbacks() as other_edit:
        claim.summary = "Petrol up 50%"
        claim.save()
    with django_capture_on_commit_callbacks() as text_edit:
        claim.text = FUEL_EN_PARAPHRASE
        claim.save()

    assert (_enqueued(created), _enqueued(other_edit), _enqueued(text_edit)) == (1, 0, 1)


def test_the_task_indexes_the_claim_and_records_its_suggestions():
    original = seed_claim(FUEL_EN)
    repeat = factories.ClaimFactory(text=FUEL_EN_PARAPHRASE)

    made = match_claim.apply(args=[repeat.pk]).get()

    assert made == 1
    assert ClaimEmbedding.objects.filter(claim=repeat).exists()
    assert MatchSuggestion.objects.get().candidate_id == original.pk
    assert match_claim.apply(args=[987654321]).get() == 0  # deleted since enqueued: nothing to do
