"""/api/v1/ review loop: send to review (checked as publishing is, optionally to one reviewer), return with a reason."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import InternalNote, ReviewRequest, Verdict
from tests import factories
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_reviewer_returns_a_verdict_in_review_to_its_editor_with_a_reason(reviewer):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    response = token_client(reviewer).post(
        f"/api/v1/verdicts/{verdict.pk}/return/", {"reason": "The second source does not say this."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft"
    (note,) = InternalNote.objects.filter(claim=verdict.claim)
    assert (note.kind, note.body, note.author) == ("returned", "The second source does not say this.", reviewer)
    assert verdict.history.first().history_change_reason == "Returned to editor"


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_returning_without_a_reason_is_a_400_naming_reason_and_changes_nothing(reviewer, body):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    response = token_client(reviewer).post(f"/api/v1/verdicts/{verdict.pk}/return/", body, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW
    assert not InternalNote.objects.exists()


def test_an_editor_cannot_return_a_verdict_and_a_draft_cannot_be_returned(editor, reviewer):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    refused = token_client(editor).post(f"/api/v1/verdicts/{verdict.pk}/return/", {"reason": "No."}, format="json")
    assert refused.status_code == 403
    draft = factories.VerdictFactory()
    wrong_state = token_client(reviewer).post(f"/api/v1/verdicts/{draft.pk}/return/", {"reason": "No."}, format="json")
    assert wrong_state.status_code == 400
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW
    assert not InternalNote.objects.exists()


@pytest.mark.parametrize(
    ("missing", "fields"),
    [
        ({"rating": None}, {"rating"}),
        ({"conclusion": ""}, {"conclusion"}),
        ({"rating": None, "conclusion": ""}, {"rating", "conclusion"}),
    ],
)
def test_submitting_without_a_rating_or_conclusion_is_a_400_saying_what_is_missing(editor, missing, fields):
    verdict = factories.VerdictFactory(**missing)
    response = token_client(editor).post(f"/api/v1/verdicts/{verdict.pk}/submit/")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == fields
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT
    by_status = token_client(editor).patch(f"/api/v1/verdicts/{verdict.pk}/", {"status": "in_review"}, format="json")
    assert by_status.status_code == 400
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT


def test_an_editor_asks_a_reviewer_and_publishing_closes_the_request(editor, reviewer):
    verdict = factories.VerdictFactory()
    response = token_client(editor).post(
        f"/api/v1/verdicts/{verdict.pk}/submit/", {"reviewer": reviewer.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    request = ReviewRequest.objects.get(verdict=verdict)
    assert (request.reviewer, request.requested_by, request.closed_at) == (reviewer, editor, None)
    assert token_client(reviewer).post(f"/api/v1/verdicts/{verdict.pk}/publish/").status_code == 200
    request.refresh_from_db()
    assert request.closed_at is not None


def test_asking_someone_who_cannot_publish_is_a_400(editor):
    verdict = factories.VerdictFactory()
    other_editor = factories.UserFactory(username="other-editor")
    response = token_client(editor).post(
        f"/api/v1/verdicts/{verdict.pk}/submit/", {"reviewer": other_editor.pk}, format="json"
    )
    assert response.status_code == 400
    assert "reviewer" in response.json()["errors"]
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT


def test_internal_notes_never_reach_readers(reviewer):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    secret = "INTERNAL-ONLY reason"
    token_client(reviewer).post(f"/api/v1/verdicts/{verdict.pk}/return/", {"reason": secret}, format="json")
    token_client(reviewer).post(f"/api/v1/verdicts/{verdict.pk}/publish/")
    reader = APIClient()
    assert reader.get(f"/api/v1/claims/{verdict.claim_id}/").status_code == 200
    export = reader.get("/api/v1/claims/export.jsonl")
    assert secret.encode() not in b"".join(export.streaming_content)
    pages = [f"/api/v1/claims/{verdict.claim_id}/", "/api/v1/claims/", verdict.claim.get_absolute_url(), "/"]
    pages += ["/feeds/latest/", "/feeds/latest/atom/", "/corrections/", "/corrections/atom/"]
    for url in pages:
        response = reader.get(url)
        assert response.status_code == 200, url
        assert secret.encode() not in response.content
