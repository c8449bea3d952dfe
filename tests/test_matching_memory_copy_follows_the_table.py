"""Each process keeps the stored embeddings in memory: a new claim, a changed text and a deleted claim are seen by
the very next match, without a restart."""

from __future__ import annotations

import pytest

from claims.matching import services
from claims.matching.matcher import find_matches
from tests.matching_support import FUEL_EN, FUEL_EN_PARAPHRASE, fresh_stored_corpus, seed_claim  # noqa: F401

pytestmark = pytest.mark.django_db

DAMS = "Tehran's dams hold only 8 percent of their capacity, so the city will run out of water in a month."


def _found(text: str) -> list[int]:
    return [m.claim_id for m in find_matches(text=text, include_drafts=True)]


def test_new_changed_and_deleted_claims_are_seen_by_the_next_match():
    dams = seed_claim(DAMS)
    assert _found(FUEL_EN_PARAPHRASE) == []  # loads the memory copy

    fuel = seed_claim(FUEL_EN, published=False)
    assert _found(FUEL_EN_PARAPHRASE) == [fuel.pk]

    dams.text = "The government doubled the price of petrol overnight in November 2019, officials said."
    dams.save()
    services.claims_index(claim_ids=[dams.pk])
    assert set(_found(FUEL_EN_PARAPHRASE)) == {fuel.pk, dams.pk}

    fuel.delete()
    assert _found(FUEL_EN_PARAPHRASE) == [dams.pk]
