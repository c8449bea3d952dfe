"""Claims in Persian (or any non-Latin script) get readable slugs: never `claim` or a bare number."""

from __future__ import annotations

import pytest

from claims.models import Claim
from tests.factories import ClaimantFactory
from tests.interop_support import import_sample

pytestmark = pytest.mark.django_db


def test_imported_persian_claims_get_transliterated_slugs():
    import_sample("datafeed.json")

    claim = Claim.objects.get(text="ماراتن تهران برای زنان و مردان مختلط بود")
    assert claim.slug == "mrtn-thrn-bry-znn-w-mrdn-mkhtlt-bwd"
    assert claim.claimant.slug.startswith("sbstyn")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("۳۷۰", "claim-370"), ("370", "claim-370"), ("؟!", "claim"), ("Tehran’s marathon", "tehrans-marathon")],
)
def test_a_claim_whose_text_has_no_letters_gets_a_prefixed_slug(text, expected):
    claim = Claim.objects.create(text=text, claimant=ClaimantFactory())
    assert claim.slug == expected
    again = Claim.objects.create(text=text, claimant=ClaimantFactory())
    assert again.slug.startswith(f"{expected}-")
    assert not again.slug.replace("-", "").isdigit()
