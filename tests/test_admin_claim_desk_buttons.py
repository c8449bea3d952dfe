"""The claim page's "Save and add verdict" and "Save and send to review" buttons."""

from __future__ import annotations

import pytest

from claims.models import Claim, Verdict
from tests import factories
from tests.admin_support import change_page_data
from tests.test_admin_claim_page import ADD_URL, new_claim_data

pytestmark = pytest.mark.django_db


def test_the_claim_page_offers_both_shortcut_buttons(editor_client):
    html = editor_client.get(ADD_URL).content.decode()
    assert 'name="_save_add_verdict"' in html
    assert 'name="_save_send_review"' in html


def test_save_and_add_verdict_saves_the_claim_and_opens_it_at_the_verdict(editor_client):
    data = new_claim_data(editor_client)
    data["_save_add_verdict"] = "Save and add verdict"
    response = editor_client.post(ADD_URL, data)
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/claims/claim/{claim.pk}/change/#verdict-group"
    assert not Verdict.objects.exists()


def test_save_and_send_to_review_saves_the_verdict_and_moves_it_to_review(editor_client, editor):
    data = new_claim_data(editor_client)
    data.update(
        {
            "verdict-0-rating": str(factories.rating("false").pk),
            "verdict-0-conclusion": "No such rule.",
            "_save_send_review": "Save and send to review",
        }
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302
    verdict = Claim.objects.get().verdict
    assert verdict.status == Verdict.Status.IN_REVIEW
    assert verdict.history.first().history_change_reason == "Sent to review"


def test_save_and_send_to_review_without_a_verdict_saves_the_claim_and_says_why_nothing_was_sent(editor_client):
    data = new_claim_data(editor_client)
    data["_save_send_review"] = "Save and send to review"
    response = editor_client.post(ADD_URL, data, follow=True)
    assert Claim.objects.count() == 1
    assert "no verdict to send to review" in response.content.decode()


def test_save_and_send_to_review_of_a_published_verdict_is_refused_by_the_service_and_changes_nothing(
    reviewer_client,
):
    verdict = factories.PublishedVerdictFactory()
    url = f"/admin/claims/claim/{verdict.claim.pk}/change/"
    data = change_page_data(reviewer_client.get(url))
    data["_save_send_review"] = "Save and send to review"
    response = reviewer_client.post(url, data, follow=True)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert "not sent to review" in response.content.decode()


def test_save_stays_the_first_button_so_enter_in_a_text_box_still_means_save(editor_client):
    html = editor_client.get(ADD_URL).content.decode()
    assert html.index('name="_save"') < html.index('name="_save_add_verdict"')
