""" "Not the same" is final: the pair is never suggested again, whichever of the two claims is re-matched."""

from __future__ import annotations

import pytest

from claims.matching import services
from claims.matching.models import MatchSuggestion
from tests.matching_support import FUEL_EN, FUEL_EN_PARAPHRASE, fresh_stored_corpus, seed_claim  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_rejected_pair_is_not_suggested_again_in_either_direction(editor):
    original = seed_claim(FUEL_EN)
    repeat = seed_claim(FUEL_EN_PARAPHRASE, published=False)
    [suggestion] = services.claim_refresh_matches(claim_id=repeat.pk)
    assert (suggestion.candidate_id, suggestion.status) == (original.pk, MatchSuggestion.Status.PENDING)

    services.pair_reject(claim_id=repeat.pk, candidate_id=original.pk, user=editor)

    assert services.claim_refresh_matches(claim_id=repeat.pk) == []
    assert services.claim_refresh_matches(claim_id=original.pk) == []
    assert services.claim_repeat_candidates(claim_id=repeat.pk) == []
    assert MatchSuggestion.objects.get().status == MatchSuggestion.Status.REJECTED
