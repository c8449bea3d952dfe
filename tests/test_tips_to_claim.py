"""One click in the inbox turns a tip (and its repeats) into an unpublished claim with its appearance source."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimSource
from claims.tips.models import Tip
from claims.tips.services import tip_submit
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_turn_into_a_claim_action_creates_a_draft_claim_with_the_tips_text_and_urls(editor_client):
    first = tip_submit(text="The mayor said the bridge cost 5 million.", seen_at="https://tv.example.org/clip/1")
    repeat = tip_submit(text="the mayor said the bridge cost 5 million", seen_at="https://social.example.org/p/2")
    response = editor_client.post(
        "/admin/tips/tip/", {"action": "turn_into_claim", "_selected_action": [first.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "1 claim created from the tips." in response.content.decode()
    claim = Claim.objects.get()
    assert claim.text == "The mayor said the bridge cost 5 million."
    appearances = ClaimSource.objects.filter(claim=claim, role=ClaimSource.Role.APPEARANCE).select_related("source")
    assert {c.source.url for c in appearances} == {"https://tv.example.org/clip/1", "https://social.example.org/p/2"}
    for tip in (first, repeat):
        tip.refresh_from_db()
        assert tip.status == Tip.Status.CLAIMED and tip.claim == claim
    assert not Claim.objects.public().exists()  # a claim from a tip is unpublished work


def test_turning_the_same_tip_twice_makes_one_claim(editor_client):
    tip = tip_submit(text="The mayor said the bridge cost 5 million.")
    for _ in range(2):
        editor_client.post("/admin/tips/tip/", {"action": "turn_into_claim", "_selected_action": [tip.pk]})
    assert Claim.objects.count() == 1


def test_staff_who_may_not_add_claims_cannot_turn_tips_into_claims(client):
    from django.contrib.auth.models import Permission

    clerk = factories.UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(content_type__app_label="tips"))
    client.force_login(clerk)
    tip = tip_submit(text="The mayor said the bridge cost 5 million.")
    response = client.post("/admin/tips/tip/", {"action": "turn_into_claim", "_selected_action": [tip.pk]}, follow=True)
    assert "You may not add claims." in response.content.decode()
    assert Claim.objects.count() == 0
