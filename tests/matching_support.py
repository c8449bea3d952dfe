"""Helpers shared by the tests/test_matching_*.py files: claims seeded and indexed with the real model."""

from __future__ import annotations

import pytest

from claims.matching import services
from claims.matching.matcher import stored_corpus
from claims.models import Claim
from tests import factories

FUEL_EN = "The government raised the price of petrol by 50 percent overnight in November 2019."
FUEL_EN_PARAPHRASE = "Overnight in November 2019, the authorities hiked gasoline prices by 50%."
FUEL_FA_TRANSLATION = "دولت در نوامبر ۲۰۱۹ قیمت بنزین را یک‌شبه ۵۰ درصد افزایش داد."
FUEL_EN_OTHER_NUMBER = "The government raised the price of petrol by 300 percent overnight in November 2019."
# Claims on other subjects, so that a match is a choice among several.
OTHER_CLAIMS = [
    ("The measles vaccine causes autism in one out of every ten children who receive it.", "en"),
    ("Tehran's dams hold only 8 percent of their capacity, so the city will run out of water in a month.", "en"),
    ("دریاچه ارومیه به طور کامل خشک شده و دیگر آبی در آن نیست.", "fa"),
    ("قیمت هر کیلو مرغ در بازار تهران به ۱۵۰ هزار تومان رسید.", "fa"),
]


@pytest.fixture(autouse=True)
def fresh_stored_corpus():
    """The matcher keeps stored embeddings in memory per process: each test starts from its own database."""
    stored_corpus.forget()
    yield
    stored_corpus.forget()


def seed_claim(text: str, *, language: str = "en", published: bool = True, index: bool = True) -> Claim:
    claim = factories.ClaimFactory(text=text, language=language)
    if published:
        factories.PublishedVerdictFactory(claim=claim)
    if index:
        services.claims_index(claim_ids=[claim.pk])
    return claim


def seed_others() -> list[Claim]:
    return [seed_claim(text, language=language) for text, language in OTHER_CLAIMS]
