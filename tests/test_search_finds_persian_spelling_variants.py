"""A Persian claim is found whichever way a reader types the word: Arabic letters, no ZWNJ, any digit system;
and a claim typed with the variant is found by the Persian form. On /search/ and the API's `?q=`, on
PostgreSQL (the stored, folded search document) and on SQLite (folded comparison)."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

ZWNJ = "\u200c"
# (how the claim is written, how a reader types it)
VARIANTS = {
    "arabic kaf": ("کتاب", "كتاب"),
    "arabic yeh": ("ایران", "ايران"),
    "alef maksura": ("وزیر", "وزىر"),
    "missing zwnj": (f"می{ZWNJ}گوید", "میگوید"),
    "ascii digits": ("۱۳۹۵", "1395"),
    "arabic-indic digits": ("۱۳۹۵", "١٣٩٥"),
    "persian digits for arabic-indic": ("١٣٩٥", "۱۳۹۵"),
    "tatweel": ("کتاب", "کـــتاب"),
    "harakat": ("محمد", "مُحَمَّد"),
}
CASES = [pytest.param(stored, typed, id=f"{name}, persian claim") for name, (stored, typed) in VARIANTS.items()] + [
    pytest.param(typed, stored, id=f"{name}, variant claim") for name, (stored, typed) in VARIANTS.items()
]


def published_claim(word: str) -> str:
    verdict = factories.PublishedVerdictFactory(
        claim__text=f"وزارت ورزش {word} را در گزارش سالانه آورد.", claim__language="fa", claim__slug="the-claim"
    )
    factories.PublishedVerdictFactory(claim__text="An unrelated claim about a marathon.", claim__slug="other")
    return verdict.claim.slug


@pytest.mark.parametrize(("stored", "typed"), CASES)
def test_the_reader_search_page_finds_the_claim(client, stored, typed):
    slug = published_claim(stored)
    body = client.get("/search/", {"q": typed}).content.decode()
    assert f'href="/claims/{slug}/"' in body
    assert 'href="/claims/other/"' not in body


@pytest.mark.parametrize(("stored", "typed"), CASES)
def test_the_api_q_filter_finds_the_claim(client, stored, typed):
    slug = published_claim(stored)
    results = client.get("/api/v1/claims/", {"q": typed}).json()["results"]
    assert [claim["slug"] for claim in results] == [slug]


def test_a_word_that_differs_by_more_than_spelling_is_not_found(client):
    published_claim("کتاب")
    assert client.get("/api/v1/claims/", {"q": "کتابخانه"}).json()["results"] == []
