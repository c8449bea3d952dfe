"""The verdict page and the API serve one ClaimReview: the same object for every published claim, whatever the
reader's interface language, before and after a correction."""

from __future__ import annotations

import pytest
from django.test import Client

from claims import services
from claims.models import Claim
from tests.api_support import fresh_throttle_counters  # noqa: F401
from tests.integration_support import claim_review_on_page

pytestmark = pytest.mark.django_db


def test_every_published_claims_page_embeds_exactly_the_claimreview_the_api_serves(worked_example, reviewer):
    corrected = Claim.objects.public().get(slug="straten-mixed-race-given-okay")
    services.correction_add(verdict=corrected.verdict, note="The date of the race was wrong.", user=reviewer)
    claims = list(Claim.objects.public())
    assert len(claims) >= 5
    for claim in claims:
        from_api = Client().get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
        for language in ("en", "fa"):
            page = Client(headers={"Accept-Language": language}).get(claim.get_absolute_url())
            assert claim_review_on_page(page.content.decode()) == from_api, f"{claim.slug} ({language})"
    assert "dateModified" in Client().get(f"/api/v1/claims/{corrected.pk}/claimreview/").json()
