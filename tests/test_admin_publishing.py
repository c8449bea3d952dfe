"""Publishing from the admin: an editor cannot publish by any path; a reviewer can; status never comes from a form."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages

from claims import services
from claims.models import Claim, Correction, Verdict
from tests import factories
from tests.admin_support import change_page_data

pytestmark = pytest.mark.django_db


def claim_url(claim: Claim) -> str:
    return f"/admin/claims/claim/{claim.pk}/change/"


def verdict_url(verdict: Verdict) -> str:
    return f"/admin/claims/verdict/{verdict.pk}/change/"


def post_claim_page(client, claim: Claim, **changes):
    data = change_page_data(client.get(claim_url(claim)))
    data.update(changes)
    return client.post(claim_url(claim), data)


def form_errors(response) -> str:
    context = response.context
    errors = [context["adminform"].form.errors]
    for inline in context.get("inline_admin_formsets", []):
        errors += [inline.formset.non_form_errors(), *inline.formset.errors]
    return str(errors)


def assert_still_unpublished(verdict: Verdict, *, status: str = Verdict.Status.DRAFT) -> None:
    verdict.refresh_from_db()
    assert verdict.status == status
    assert verdict.published_at is None
    assert not Claim.objects.public().filter(pk=verdict.claim_id).exists()


# --- An editor, by every path --------------------------------------------------------------------------------


def test_an_editor_is_not_offered_publish_anywhere(editor_client):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    claim_page = editor_client.get(claim_url(verdict.claim)).content.decode()
    claim_list = editor_client.get("/admin/claims/claim/").content.decode()
    verdict_list = editor_client.get("/admin/claims/verdict/").content.decode()
    assert 'value="publish"' not in claim_page
    assert 'value="publish"' not in claim_list
    assert 'value="publish"' not in verdict_list
    assert 'value="send_to_review"' in claim_list


def test_an_editor_cannot_publish_with_a_crafted_workflow_step_on_the_claim_page(editor_client):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    response = post_claim_page(editor_client, verdict.claim, **{"verdict-0-next_step": "publish"})
    assert response.status_code == 200
    assert "Select a valid choice" in form_errors(response)
    assert_still_unpublished(verdict, status=Verdict.Status.IN_REVIEW)


def test_an_editor_cannot_publish_with_a_crafted_status_field_on_the_claim_page(editor_client):
    verdict = factories.VerdictFactory()
    response = post_claim_page(
        editor_client,
        verdict.claim,
        **{"verdict-0-status": "published", "verdict-0-published_at": "2026-01-01 10:00", "verdict-0-conclusion": "X."},
    )
    assert response.status_code == 302
    assert_still_unpublished(verdict)
    assert verdict.conclusion == "X."  # the legitimate edit went through; the status did not


def test_an_editor_cannot_add_a_claim_whose_new_verdict_is_published(editor_client):
    data = change_page_data(editor_client.get("/admin/claims/claim/add/"))
    data.update(
        {
            "text": "A claim.",
            "language": "en",
            "new_claimant_name": "Someone",
            "verdict-0-rating": str(factories.rating("false").pk),
            "verdict-0-conclusion": "False.",
            "verdict-0-status": "published",
            "verdict-0-published_at": "2026-01-01 10:00",
        }
    )
    response = editor_client.post("/admin/claims/claim/add/", data)
    assert response.status_code == 302, form_errors(response)
    assert_still_unpublished(Verdict.objects.get(claim__text="A claim."))


def test_an_editor_cannot_add_a_published_verdict_on_the_verdict_admin(editor_client):
    claim = factories.ClaimFactory()
    data = change_page_data(editor_client.get("/admin/claims/verdict/add/"))
    data.update(
        {
            "claim": str(claim.pk),
            "rating": str(factories.rating("false").pk),
            "conclusion": "False.",
            "status": "published",
            "published_at": "2026-01-01 10:00",
        }
    )
    response = editor_client.post("/admin/claims/verdict/add/", data)
    assert response.status_code == 302
    assert_still_unpublished(Verdict.objects.get(claim=claim))


def test_an_editor_cannot_publish_on_the_verdict_admin_change_page(editor_client):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    data = change_page_data(editor_client.get(verdict_url(verdict)))
    data.update({"status": "published", "published_at": "2026-01-01 10:00"})
    assert editor_client.post(verdict_url(verdict), data).status_code == 302
    assert_still_unpublished(verdict, status=Verdict.Status.IN_REVIEW)

    data["next_step"] = "publish"
    response = editor_client.post(verdict_url(verdict), data)
    assert response.status_code == 200
    assert "Select a valid choice" in form_errors(response)
    assert_still_unpublished(verdict, status=Verdict.Status.IN_REVIEW)


@pytest.mark.parametrize("changelist", ["/admin/claims/claim/", "/admin/claims/verdict/"])
def test_an_editor_cannot_publish_with_a_crafted_list_or_bulk_action(editor_client, changelist):
    verdicts = factories.VerdictFactory.create_batch(3, status=Verdict.Status.IN_REVIEW)
    ids = [str(v.claim_id if "claim/" in changelist else v.pk) for v in verdicts]
    for payload in (
        {"action": "publish", ACTION_CHECKBOX_NAME: ids},
        {"action": "publish", ACTION_CHECKBOX_NAME: ids[:1], "select_across": "1"},  # "select all N" bulk form
    ):
        response = editor_client.post(changelist, payload, follow=True)
        assert response.status_code == 200
        assert "No action selected" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    for verdict in verdicts:
        assert_still_unpublished(verdict, status=Verdict.Status.IN_REVIEW)


def test_an_editor_cannot_publish_by_reverting_to_a_published_version(editor_client, reviewer):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    services.verdict_publish(verdict=verdict, user=reviewer)
    published_record = verdict.history.first()
    services.verdict_unpublish(verdict=verdict, user=reviewer)

    revert_url = f"/admin/claims/verdict/{verdict.pk}/history/{published_record.history_id}/"
    data = change_page_data(editor_client.get(revert_url))
    data.update({"status": "published"})
    response = editor_client.post(revert_url, data)

    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT
    assert not Claim.objects.public().filter(pk=verdict.claim_id).exists()


def test_an_editor_sends_a_draft_to_review_from_the_claim_page(editor_client, editor):
    verdict = factories.VerdictFactory()
    response = post_claim_page(editor_client, verdict.claim, **{"verdict-0-next_step": "submit"})
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW
    latest = verdict.history.first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Sent to review")


# --- A reviewer ----------------------------------------------------------------------------------------------


def test_a_reviewer_publishes_from_the_claim_page_and_history_names_them(reviewer_client, reviewer):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    response = post_claim_page(reviewer_client, verdict.claim, **{"verdict-0-next_step": "publish"})
    assert response.status_code == 302, form_errors(response)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.published_at is not None
    assert verdict.reviewer == reviewer
    latest = verdict.history.first()
    assert (latest.history_user, latest.history_change_reason) == (reviewer, "Published")
    assert Claim.objects.public().filter(pk=verdict.claim_id).exists()


def test_a_reviewer_publishes_and_unpublishes_with_list_actions(reviewer_client):
    ready = factories.VerdictFactory.create_batch(2, status=Verdict.Status.IN_REVIEW)
    unrated = factories.VerdictFactory(rating=None, status=Verdict.Status.IN_REVIEW)
    ids = [str(v.claim_id) for v in [*ready, unrated]]

    payload = {"action": "publish", ACTION_CHECKBOX_NAME: ids}
    response = reviewer_client.post("/admin/claims/claim/", payload, follow=True)

    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "2 published." in shown
    assert "needs a rating" in shown
    assert Verdict.objects.published().count() == 2
    assert_still_unpublished(unrated, status=Verdict.Status.IN_REVIEW)
    first_published_at = {v.pk: v.published_at for v in Verdict.objects.published()}

    reviewer_client.post("/admin/claims/verdict/", {"action": "unpublish", ACTION_CHECKBOX_NAME: [ready[0].pk]})
    reviewer_client.post("/admin/claims/verdict/", {"action": "publish", ACTION_CHECKBOX_NAME: [ready[0].pk]})
    ready[0].refresh_from_db()
    assert ready[0].status == Verdict.Status.PUBLISHED
    assert ready[0].published_at == first_published_at[ready[0].pk]  # set once


def test_publishing_without_a_rating_is_a_form_error_and_saves_nothing(reviewer_client):
    verdict = factories.VerdictFactory(rating=None, status=Verdict.Status.IN_REVIEW)
    response = post_claim_page(
        reviewer_client,
        verdict.claim,
        **{"verdict-0-next_step": "publish", "verdict-0-conclusion": "Changed in the same save.", "text": "New text."},
    )
    assert response.status_code == 200
    assert "needs a rating" in form_errors(response)
    assert_still_unpublished(verdict, status=Verdict.Status.IN_REVIEW)
    assert verdict.conclusion == "A one-line conclusion."
    verdict.claim.refresh_from_db()
    assert verdict.claim.text != "New text."


# --- After publication: corrections --------------------------------------------------------------------------


def test_a_substantive_edit_after_publication_asks_for_a_correction_note_and_saves_nothing_without_it(
    reviewer_client,
):
    verdict = factories.PublishedVerdictFactory()
    response = post_claim_page(reviewer_client, verdict.claim, **{"verdict-0-conclusion": "Mostly false, in fact."})
    assert response.status_code == 200
    assert "say what changed and why" in form_errors(response)
    verdict.refresh_from_db()
    assert verdict.conclusion == "A one-line conclusion."
    assert not Correction.objects.exists()


def test_a_correction_note_is_saved_through_the_service_and_reaches_the_public_queryset(reviewer_client, reviewer):
    verdict = factories.PublishedVerdictFactory()
    response = post_claim_page(
        reviewer_client,
        verdict.claim,
        **{
            "verdict-0-rating": str(factories.rating("mostly-false").pk),
            "verdict-0-correction_note": "We first rated this False; a second record shows it is Mostly false.",
        },
    )
    assert response.status_code == 302, form_errors(response)
    verdict.refresh_from_db()
    assert verdict.rating.slug == "mostly-false"
    public = Claim.objects.public().for_display().get(pk=verdict.claim_id)
    (correction,) = public.verdict.corrections.all()
    assert correction.note.startswith("We first rated this False")
    assert correction.created_by == reviewer
    assert "We first rated this False" in reviewer_client.get(claim_url(verdict.claim)).content.decode()


def test_an_unchanged_save_of_a_published_verdict_needs_no_correction(reviewer_client):
    verdict = factories.PublishedVerdictFactory()
    # Where the claim appeared is not on the verdict's rating line: no correction needed for it.
    response = post_claim_page(reviewer_client, verdict.claim, appeared_in="A radio interview.")
    assert response.status_code == 302, form_errors(response)
    assert not Correction.objects.exists()


def test_an_editor_cannot_change_the_substance_of_a_published_verdict(editor_client):
    verdict = factories.PublishedVerdictFactory()
    response = post_claim_page(
        editor_client,
        verdict.claim,
        **{"verdict-0-explanation": "Rewritten.", "verdict-0-correction_note": "Rewrote the explanation."},
    )
    # The editor's page shows the published verdict as text (no inputs): a crafted POST is ignored or refused.
    assert response.status_code == 200
    assert "Only a reviewer can add a correction" in form_errors(response)
    verdict.refresh_from_db()
    assert verdict.explanation == "Why we rated it so."
    assert not Correction.objects.exists()


def test_an_editor_cannot_unpublish_with_a_crafted_workflow_step_or_action(editor_client):
    verdict = factories.PublishedVerdictFactory()
    response = post_claim_page(editor_client, verdict.claim, **{"verdict-0-next_step": "unpublish"})
    assert "Select a valid choice" in form_errors(response)
    editor_client.post("/admin/claims/verdict/", {"action": "unpublish", ACTION_CHECKBOX_NAME: [verdict.pk]})
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
