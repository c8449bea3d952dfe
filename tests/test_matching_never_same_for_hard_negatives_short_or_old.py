"""Only ever suggested, never linked: a hard negative (same words, another number or fact), a short text, an old
claim. And the same wording retyped with Persian letters and digits is linked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.matching.matcher import find_matches
from claims.models import Claim
from tests.matching_support import FUEL_EN, FUEL_EN_OTHER_NUMBER, fresh_stored_corpus, seed_claim  # noqa: F401

pytestmark = pytest.mark.django_db


def _match_for(claim, text):
    return next((m for m in find_matches(text=text, include_drafts=True) if m.claim_id == claim.pk), None)


def test_the_same_words_with_another_number_are_not_above_suggest():
    fuel = seed_claim(FUEL_EN)

    match = _match_for(fuel, FUEL_EN_OTHER_NUMBER)

    assert match is None or match.tier == "suggest"
    assert match is None or match.only_suggest == "numbers"


def test_the_same_words_with_the_opposite_fact_are_not_above_suggest():
    pensions = seed_claim("Pensions will be cut by 20 percent from next month, the labour ministry announced.")

    raised = "Pensions will be raised by 20 percent from next month, the labour ministry announced."
    match = _match_for(pensions, raised)

    assert match is None or match.tier == "suggest"


def test_a_short_text_is_never_same_even_word_for_word():
    garlic = seed_claim("Eating raw garlic prevents heart attacks.")

    match = _match_for(garlic, "Eating raw garlic prevents heart attacks.")

    assert match.score >= 0.99
    assert match.tier == "suggest"
    assert match.only_suggest == "short"


def test_a_claim_older_than_the_set_age_is_never_same(settings):
    fuel = seed_claim(FUEL_EN)
    Claim.objects.filter(pk=fuel.pk).update(
        created_at=timezone.now() - timedelta(days=settings.MATCHING_MAX_AGE_DAYS_FOR_SAME + 1)
    )

    match = _match_for(fuel, FUEL_EN)

    assert (match.tier, match.only_suggest) == ("suggest", "old")


def test_the_same_persian_wording_typed_with_arabic_letters_and_digits_is_same():
    doctors = seed_claim("هر ماه حدود ۹۰۰ پزشک از ایران مهاجرت می‌کنند و به کشورهای دیگر می‌روند.", language="fa")

    match = _match_for(doctors, "هر ماه حدود 900 پزشك از ايران مهاجرت ميكنند و به كشورهاي ديگر ميروند.")

    assert (match.tier, match.only_suggest) == ("same", "")
