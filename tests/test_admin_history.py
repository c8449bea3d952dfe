"""History in the admin: every edit recorded with who made it and what changed; an edit can be reverted."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim
from tests import factories
from tests.admin_support import change_page_data

pytestmark = pytest.mark.django_db


def edit_claim_text(client, claim: Claim, text: str) -> None:
    url = f"/admin/claims/claim/{claim.pk}/change/"
    data = change_page_data(client.get(url))
    data["text"] = text
    response = client.post(url, data)
    assert response.status_code == 302


def test_an_edit_is_recorded_with_the_editor_and_the_history_page_shows_what_changed(editor_client, editor):
    claim = factories.ClaimFactory(text="The marathon was open to women.")
    edit_claim_text(editor_client, claim, "The marathon was closed to women.")

    latest = claim.history.first()
    assert latest.history_user == editor
    assert latest.text == "The marathon was closed to women."
    page = editor_client.get(f"/admin/claims/claim/{claim.pk}/history/").content.decode()
    assert "The marathon was open to women." in page  # the old value, in the "Changes" column
    assert "The marathon was closed to women." in page
    assert "&rarr;" in page or "→" in page


def test_an_edit_is_reverted_from_the_history_page(editor_client, editor):
    claim = factories.ClaimFactory(text="Original wording.")
    edit_claim_text(editor_client, claim, "A mistaken edit.")
    original = claim.history.order_by("history_date").first()

    revert_url = f"/admin/claims/claim/{claim.pk}/history/{original.history_id}/"
    form_page = editor_client.get(revert_url)
    assert form_page.status_code == 200
    response = editor_client.post(revert_url, change_page_data(form_page))

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Original wording."
    assert claim.history.count() == 3
    assert claim.history.first().history_user == editor


def test_verdict_history_lists_each_status_change_with_who_made_it(reviewer_client, editor, reviewer):
    verdict = factories.VerdictFactory()
    services.verdict_submit_for_review(verdict=verdict, user=editor)
    services.verdict_publish(verdict=verdict, user=reviewer)

    page = reviewer_client.get(f"/admin/claims/verdict/{verdict.pk}/history/").content.decode()

    assert "Sent to review" in page and "Published" in page
    assert ">editor<" in page and ">reviewer<" in page
    assert "In review" in page  # the status column: draft → in review → published


def test_a_verdict_history_shows_empty_people_as_a_dash_and_long_explanations_whole(reviewer_client, editor, reviewer):
    long_text = " ".join(f"word{i}" for i in range(150))
    verdict = factories.VerdictFactory(reviewer=None, explanation="Short.")
    verdict.explanation = long_text
    verdict.save()
    services.verdict_submit_for_review(verdict=verdict, user=editor)
    services.verdict_publish(verdict=verdict, user=reviewer)

    page = reviewer_client.get(f"/admin/claims/verdict/{verdict.pk}/history/").content.decode()

    assert "Deleted user" not in page
    assert "word149" in page and "chars]" not in page
