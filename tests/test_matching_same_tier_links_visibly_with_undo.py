"""Above `same` the relation is created automatically and shown as such, with an undo; and listed on the dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.matching import services
from claims.matching.models import MatchSuggestion
from claims.models import ClaimRelation
from tests.admin_support import change_page_data
from tests.matching_support import fresh_stored_corpus, seed_claim  # noqa: F401

pytestmark = pytest.mark.django_db

ORIGINAL = "هر ماه حدود ۹۰۰ پزشک از ایران مهاجرت می‌کنند و به کشورهای دیگر می‌روند."
RETYPED = "هر ماه حدود 900 پزشك از ايران مهاجرت ميكنند و به كشورهاي ديگر ميروند."


def test_a_same_tier_repeat_is_linked_shown_on_both_pages_and_can_be_undone(editor_client):
    original = seed_claim(ORIGINAL, language="fa")
    repeat = seed_claim(RETYPED, language="fa", published=False)

    [made] = services.claim_refresh_matches(claim_id=repeat.pk)

    assert made.status == MatchSuggestion.Status.LINKED
    assert ClaimRelation.objects.filter(from_claim=repeat, to_claim=original, relation="repeats").count() == 1
    page = editor_client.get(reverse("admin:claims_claim_change", args=[repeat.pk])).content.decode()
    assert "Linked automatically" in page and "Undo the link" in page
    dashboard = editor_client.get(reverse("admin:index")).content.decode()
    assert "Possibly repeated claims to review" in dashboard
    assert reverse("admin:claims_claim_change", args=[original.pk]) in dashboard

    editor_client.post(reverse("admin:claims_claim_repeat_decision", args=[repeat.pk, original.pk, "reject"]))

    assert not ClaimRelation.objects.exists()
    assert MatchSuggestion.objects.get().status == MatchSuggestion.Status.UNDONE
    assert services.claim_refresh_matches(claim_id=repeat.pk) == []
    dashboard = editor_client.get(reverse("admin:index")).content.decode()
    assert "No possible repeats waiting." in dashboard


def test_right_after_adding_a_repeated_claim_the_desk_lands_on_its_page_with_the_candidates(editor_client):
    original = seed_claim(ORIGINAL, language="fa")
    # The POST a browser sends from the add page (every inline's management form), with the new claim typed in.
    form = change_page_data(editor_client.get(reverse("admin:claims_claim_add")))
    form.update(
        {
            "text": "ماهانه نزدیک به ۹۰۰ پزشک ایران را ترک می‌کنند و به کشورهای دیگر مهاجرت می‌کنند.",
            "language": "fa",
            "claimant": original.claimant_id,
        }
    )

    response = editor_client.post(reverse("admin:claims_claim_add"), form, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Possibly the same claim as" in page, page[:3000]
    assert f'data-claim-id="{original.pk}"' in page
