"""The review loop in the admin: return to editor with a reason, ask a reviewer, notes the desk sees."""

from __future__ import annotations

import pytest
from django.test import Client

from claims import services
from claims.models import Claim, InternalNote, Verdict
from tests import factories
from tests.admin_support import change_page_data

pytestmark = pytest.mark.django_db


def claim_url(claim: Claim) -> str:
    return f"/admin/claims/claim/{claim.pk}/change/"


def post_claim_page(client, claim: Claim, **changes):
    data = change_page_data(client.get(claim_url(claim)))
    data.update(changes)
    return client.post(claim_url(claim), data)


def test_a_reviewer_returns_a_verdict_to_its_editor_with_a_reason_shown_on_claim_and_dashboard(
    reviewer_client, editor, editor_client
):
    verdict = factories.VerdictFactory(author=editor)
    services.verdict_submit_for_review(verdict=verdict, user=editor)
    page = reviewer_client.get(claim_url(verdict.claim)).content.decode()
    assert 'value="return"' in page and "Reason for returning" in page

    response = post_claim_page(
        reviewer_client,
        verdict.claim,
        **{"verdict-0-next_step": "return", "verdict-0-step_reason": "Cite the ministry's own figures."},
    )
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT
    assert InternalNote.objects.get(claim=verdict.claim).body == "Cite the ministry's own figures."
    assert "Cite the ministry&#x27;s own figures." in editor_client.get(claim_url(verdict.claim)).content.decode()
    dashboard = editor_client.get("/admin/").content.decode()
    assert 'id="cc-returned-to-me"' in dashboard and "Cite the ministry&#x27;s own figures." in dashboard


def test_returning_without_a_reason_is_a_form_error_and_changes_nothing(reviewer_client, editor):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    response = post_claim_page(reviewer_client, verdict.claim, **{"verdict-0-next_step": "return"})
    assert response.status_code == 200
    assert "Say why: the editor reads this reason." in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW
    assert not InternalNote.objects.exists()


def test_an_editor_is_not_offered_the_return_step_and_a_crafted_one_is_refused(editor_client):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    assert 'value="return"' not in editor_client.get(claim_url(verdict.claim)).content.decode()
    response = post_claim_page(
        editor_client, verdict.claim, **{"verdict-0-next_step": "return", "verdict-0-step_reason": "x"}
    )
    assert "Select a valid choice" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW


def test_sending_to_review_without_a_rating_says_what_is_missing(editor_client):
    verdict = factories.VerdictFactory(rating=None, conclusion="")
    response = post_claim_page(editor_client, verdict.claim, **{"verdict-0-next_step": "submit"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "A published verdict needs a rating." in page
    assert "A published verdict needs a one-line conclusion." in page
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT


def test_the_asked_reviewer_sees_it_waiting_for_them_oldest_first(editor_client, editor, reviewer, reviewer_client):
    first, second = factories.VerdictFactory(), factories.VerdictFactory()
    for verdict in (first, second):
        response = post_claim_page(
            editor_client, verdict.claim, **{"verdict-0-next_step": "submit", "verdict-0-ask_reviewer": reviewer.pk}
        )
        assert response.status_code == 302
    someone_else = factories.VerdictFactory()
    services.verdict_submit_for_review(verdict=someone_else, user=editor)

    dashboard = reviewer_client.get("/admin/").content.decode()
    waiting = dashboard.split('id="cc-waiting-for-me"')[1].split("</table>")[0]
    assert waiting.index(str(first.claim)) < waiting.index(str(second.claim))
    assert str(someone_else.claim) not in waiting
    assert 'id="cc-waiting-for-me"' not in editor_client.get("/admin/").content.decode()


def test_anyone_on_the_desk_leaves_an_internal_note_that_readers_never_see(editor_client, editor):
    verdict = factories.PublishedVerdictFactory()
    response = post_claim_page(editor_client, verdict.claim, **{"internal_notes-0-body": "Call the ministry back."})
    assert response.status_code == 302
    note = InternalNote.objects.get(claim=verdict.claim)
    assert (note.author, note.kind) == (editor, InternalNote.Kind.NOTE)
    assert b"Call the ministry back." not in Client().get(verdict.claim.get_absolute_url()).content
