"""A real Celery worker process on Redis runs the matching task: it loads the model from the installed package,
embeds the claim and records the suggestion in the database this test sees."""

from __future__ import annotations

import pytest

from claims.matching.models import ClaimEmbedding, MatchSuggestion
from claims.matching.tasks import match_claim
from tests import factories
from tests.matching_support import FUEL_EN, FUEL_FA_TRANSLATION, fresh_stored_corpus, seed_claim  # noqa: F401

pytestmark = pytest.mark.services


def test_a_worker_process_matches_a_new_claim_against_the_stored_ones(transactional_db, celery_worker_factory):
    original = seed_claim(FUEL_EN)
    repeat = factories.ClaimFactory(text=FUEL_FA_TRANSLATION, language="fa")
    worker = celery_worker_factory()

    made = worker.send(match_claim.name, repeat.pk).get(timeout=180)

    assert made == 1, worker.log()
    assert ClaimEmbedding.objects.filter(claim=repeat).exists()
    suggestion = MatchSuggestion.objects.get()
    assert (suggestion.claim_id, suggestion.candidate_id, suggestion.status) == (repeat.pk, original.pk, "pending")
