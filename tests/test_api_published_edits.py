"""/api/v1/ edits under a published verdict: only a publisher, only with a public correction, saved together."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import ClaimSource, Correction, Verdict
from tests import factories
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401
from tests.integration_support import backdate_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def published() -> Verdict:
    return factories.PublishedVerdictFactory(conclusion="As published.", explanation="Why, as published.")


@pytest.mark.parametrize("change", [{"conclusion": "Quietly changed."}, {"rating": "true"}, {"explanation": "New."}])
def test_a_reviewer_patch_of_what_readers_see_without_a_correction_note_is_a_400_and_changes_nothing(
    reviewer, published, change
):
    for note in ({}, {"correction_note": "   "}):
        response = token_client(reviewer).patch(f"/api/v1/verdicts/{published.pk}/", {**change, **note}, format="json")
        assert response.status_code == 400, response.content
        assert "correction_note" in response.json()["errors"]
    published.refresh_from_db()
    assert (published.conclusion, published.rating.slug, published.explanation) == (
        "As published.",
        "false",
        "Why, as published.",
    )
    assert not Correction.objects.exists()


def test_a_reviewer_patch_with_a_correction_note_is_saved_with_one_public_correction(reviewer, published):
    before = published.updated_at
    response = token_client(reviewer).patch(
        f"/api/v1/verdicts/{published.pk}/",
        {"rating": "true", "correction_note": "We misread the table: the claim is right."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert "correction_note" not in response.json()  # write-only
    published.refresh_from_db()
    assert published.rating.slug == "true"
    assert published.updated_at > before
    (correction,) = Correction.objects.filter(verdict=published)
    assert (correction.note, correction.created_by) == ("We misread the table: the claim is right.", reviewer)
    public = APIClient().get(f"/api/v1/claims/{published.claim_id}/").json()
    assert [c["note"] for c in public["corrections"]] == ["We misread the table: the claim is right."]


def test_an_unchanged_put_of_a_published_verdict_needs_no_correction(reviewer, published):
    body = {
        "claim": published.claim_id,
        "rating": "false",
        "conclusion": "As published.",
        "explanation": published.explanation,
    }
    response = token_client(reviewer).put(f"/api/v1/verdicts/{published.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert not Correction.objects.exists()


def test_an_editor_patch_of_a_published_claims_text_is_a_403_and_changes_nothing(editor, published):
    claim = published.claim
    for body in ({"text": "A different claim."}, {"text": "A different claim.", "correction_note": "Reworded."}):
        response = token_client(editor).patch(f"/api/v1/claims/{claim.pk}/", body, format="json")
        assert response.status_code == 403, response.content
    claim.refresh_from_db()
    assert claim.text != "A different claim."
    assert not Correction.objects.exists()


def test_a_reviewer_changes_a_published_claims_summary_only_with_a_correction(reviewer, published):
    url = f"/api/v1/claims/{published.claim_id}/"
    refused = token_client(reviewer).patch(url, {"summary": "Shorter."}, format="json")
    assert refused.status_code == 400
    assert "correction_note" in refused.json()["errors"]
    response = token_client(reviewer).patch(
        url, {"summary": "Shorter.", "correction_note": "The summary overstated the claim."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert APIClient().get(url).json()["summary"] == "Shorter."
    assert published.corrections.get().note == "The summary overstated the claim."


def test_an_editor_still_edits_a_draft_claim_and_a_published_claims_other_fields(editor, published):
    draft = factories.VerdictFactory()
    assert (
        token_client(editor).patch(f"/api/v1/claims/{draft.claim_id}/", {"text": "New."}, format="json").status_code
        == 200
    )
    other = token_client(editor).patch(
        f"/api/v1/claims/{published.claim_id}/", {"appeared_in": "A radio interview."}, format="json"
    )
    assert other.status_code == 200, other.content
    assert not Correction.objects.exists()


def test_citations_of_a_published_claim_change_only_by_a_publisher_and_move_date_modified(editor, reviewer, published):
    source = factories.SourceFactory()
    body = {"claim": published.claim_id, "source": source.pk, "role": "refutes"}
    assert token_client(editor).post("/api/v1/claim-sources/", body, format="json").status_code == 403
    assert not ClaimSource.objects.filter(claim=published.claim).exists()

    backdate_claim(published.claim)  # published yesterday, so that a change today is a modification
    published.refresh_from_db()
    before = published.updated_at
    assert "dateModified" not in APIClient().get(f"/api/v1/claims/{published.claim_id}/claimreview/").json()
    created = token_client(reviewer).post("/api/v1/claim-sources/", body, format="json")
    assert created.status_code == 201, created.content
    published.refresh_from_db()
    assert published.updated_at > before
    assert published.history.first().history_change_reason == "Cited sources changed"
    claimreview = APIClient().get(f"/api/v1/claims/{published.claim_id}/claimreview/").json()
    assert claimreview["dateModified"] == published.updated_at.isoformat()

    citation = f"/api/v1/claim-sources/{created.json()['id']}/"
    assert token_client(editor).patch(citation, {"role": "supports"}, format="json").status_code == 403
    assert token_client(editor).delete(citation).status_code == 403
    assert ClaimSource.objects.get(pk=created.json()["id"]).role == "refutes"
    assert token_client(reviewer).delete(citation).status_code == 204
