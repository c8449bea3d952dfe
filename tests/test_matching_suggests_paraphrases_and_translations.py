"""A paraphrase and a translation of a seeded claim are suggested, and ranked first among other claims."""

from __future__ import annotations

import pytest

from claims.matching.matcher import find_matches
from tests.matching_support import (
    FUEL_EN,
    FUEL_EN_PARAPHRASE,
    FUEL_FA_TRANSLATION,
    fresh_stored_corpus,  # noqa: F401
    seed_claim,
    seed_others,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", [FUEL_EN_PARAPHRASE, FUEL_FA_TRANSLATION], ids=["paraphrase", "translation"])
def test_a_paraphrase_or_a_translation_of_a_stored_claim_is_suggested_first(text):
    seed_others()
    fuel = seed_claim(FUEL_EN)

    matches = find_matches(text=text, include_drafts=False)

    assert matches, "nothing suggested"
    assert matches[0].claim_id == fuel.pk
    assert matches[0].tier in ("suggest", "same")


def test_a_paraphrase_of_a_claim_is_never_linked_automatically():
    fuel = seed_claim(FUEL_EN)

    [match] = [m for m in find_matches(text=FUEL_EN_PARAPHRASE, include_drafts=False) if m.claim_id == fuel.pk]

    assert match.tier == "suggest"
    assert match.only_suggest == "reworded"


def test_a_draft_is_matched_only_when_drafts_are_asked_for():
    draft = seed_claim(FUEL_EN, published=False)

    assert [m.claim_id for m in find_matches(text=FUEL_EN_PARAPHRASE, include_drafts=True)] == [draft.pk]
    assert find_matches(text=FUEL_EN_PARAPHRASE, include_drafts=False) == []
