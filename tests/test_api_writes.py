"""/api/v1/ writes: token authentication, model permissions, the admin's validation, and who may publish."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, ClaimSource, Source, Verdict, bcp47_validator
from tests import factories
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401

pytestmark = pytest.mark.django_db


def claim_payload(**overrides) -> dict:
    claimant = factories.ClaimantFactory()
    return {"text": "The stadium holds 100,000 people.", "claimant": claimant.pk, "language": "en", **overrides}


def test_writing_without_a_token_is_a_401_with_a_json_reason():
    response = APIClient().post("/api/v1/claims/", claim_payload(), format="json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided.", "code": "not_authenticated"}
    assert response["WWW-Authenticate"] == "Token"
    assert not Claim.objects.exists()


def test_a_bad_token_is_a_401_even_for_reading():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_token_without_model_permissions_is_a_403():
    reader = factories.UserFactory()
    response = token_client(reader).post("/api/v1/claims/", claim_payload(), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Claim.objects.exists()


def test_an_editor_creates_and_updates_a_draft_claim_and_history_names_them(editor):
    client = token_client(editor)
    topic = factories.TopicFactory(slug="sport")
    created = client.post("/api/v1/claims/", claim_payload(topics=["sport"]), format="json")
    assert created.status_code == 201, created.content
    claim = Claim.objects.get(pk=created.json()["id"])
    assert claim.slug == "the-stadium-holds-100000-people"
    assert list(claim.topics.all()) == [topic]
    assert claim.history.first().history_user == editor

    updated = client.patch(f"/api/v1/claims/{claim.pk}/", {"summary": "Stadium capacity"}, format="json")
    assert updated.status_code == 200, updated.content
    claim.refresh_from_db()
    assert claim.summary == "Stadium capacity"
    # Still a draft (no published verdict): the public API does not show it.
    assert APIClient().get(f"/api/v1/claims/{claim.pk}/").status_code == 404


def test_a_claim_is_validated_by_the_model_as_in_the_admin(editor):
    client = token_client(editor)
    response = client.post("/api/v1/claims/", claim_payload(language="not a language"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["language"] == [str(bcp47_validator.message)]
    too_long = client.post("/api/v1/claims/", claim_payload(text="x" * 2001), format="json")
    assert too_long.status_code == 400
    assert "text" in too_long.json()["errors"]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [('{"text": "unterminated', "application/json"), ("[1, 2", "application/json"), ("", "application/json")],
)
def test_a_malformed_json_body_is_a_400(editor, body, content_type):
    response = token_client(editor).generic("POST", "/api/v1/claims/", body, content_type=content_type)
    assert response.status_code == 400
    assert response.json()["code"] in {"parse_error", "invalid"}
    assert response.json()["detail"]
    assert not Claim.objects.exists()


def test_a_json_list_instead_of_an_object_is_a_400(editor):
    response = token_client(editor).post("/api/v1/claims/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_an_editor_creates_a_source_and_the_models_url_rules_apply(editor):
    client = token_client(editor)
    created = client.post(
        "/api/v1/sources/", {"url": "HTTPS://News.Example.org:443/a#top", "title": "A report"}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["url"] == "https://news.example.org/a"
    duplicate = client.post("/api/v1/sources/", {"url": "https://NEWS.example.org/a", "title": "Again"}, format="json")
    assert duplicate.status_code == 400
    assert Source.objects.count() == 1
    not_http = client.post("/api/v1/sources/", {"url": "ftp://example.org/x", "title": "FTP"}, format="json")
    assert not_http.status_code == 400
    assert "url" in not_http.json()["errors"]


def test_an_editor_cites_a_source_on_a_claim_once_per_role(editor):
    client = token_client(editor)
    claim, source = factories.ClaimFactory(), factories.SourceFactory()
    body = {"claim": claim.pk, "source": source.pk, "role": "refutes", "excerpt": "No such order."}
    assert client.post("/api/v1/claim-sources/", body, format="json").status_code == 201
    again = client.post("/api/v1/claim-sources/", body, format="json")
    assert again.status_code == 400
    assert ClaimSource.objects.count() == 1


# --- Verdicts and publishing -----------------------------------------------------------------------------------


def test_an_editor_writes_a_draft_verdict_and_sends_it_to_review(editor):
    client = token_client(editor)
    claim = factories.ClaimFactory()
    created = client.post(
        "/api/v1/verdicts/",
        {"claim": claim.pk, "rating": "false", "conclusion": "Wrong.", "explanation": "Because."},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"
    verdict = Verdict.objects.get(pk=created.json()["id"])
    assert verdict.author == editor
    submitted = client.post(f"/api/v1/verdicts/{verdict.pk}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "in_review"


def test_an_editor_token_cannot_publish_by_any_write_path(editor):
    client = token_client(editor)
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    other_claim = factories.ClaimFactory()
    full = {"claim": verdict.claim_id, "rating": "false", "conclusion": "Wrong.", "explanation": "Why."}
    attempts = [
        client.post(f"/api/v1/verdicts/{verdict.pk}/publish/"),
        client.patch(f"/api/v1/verdicts/{verdict.pk}/", {"status": "published"}, format="json"),
        client.put(f"/api/v1/verdicts/{verdict.pk}/", {**full, "status": "published"}, format="json"),
        client.post("/api/v1/verdicts/", {**full, "claim": other_claim.pk, "status": "published"}, format="json"),
    ]
    for response in attempts:
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "permission_denied"
        assert "publish" in response.json()["detail"]
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW
    assert not Verdict.objects.filter(claim=other_claim).exists()  # the create was rolled back
    assert not Claim.objects.public().exists()


def test_an_editor_token_cannot_unpublish_or_rewrite_a_published_verdict(editor):
    client = token_client(editor)
    verdict = factories.PublishedVerdictFactory(conclusion="As published.")
    responses = [
        client.post(f"/api/v1/verdicts/{verdict.pk}/unpublish/"),
        client.patch(f"/api/v1/verdicts/{verdict.pk}/", {"status": "draft"}, format="json"),
        client.patch(f"/api/v1/verdicts/{verdict.pk}/", {"conclusion": "Quietly changed."}, format="json"),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403]
    verdict.refresh_from_db()
    assert (verdict.status, verdict.conclusion) == (Verdict.Status.PUBLISHED, "As published.")


def test_a_reviewer_token_publishes_and_the_claim_appears(reviewer):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    assert APIClient().get(f"/api/v1/claims/{verdict.claim_id}/").status_code == 404
    response = token_client(reviewer).post(f"/api/v1/verdicts/{verdict.pk}/publish/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"
    assert response.json()["published_at"] is not None
    verdict.refresh_from_db()
    assert verdict.reviewer == reviewer
    assert APIClient().get(f"/api/v1/claims/{verdict.claim_id}/").status_code == 200


def test_a_reviewer_publishes_by_changing_the_status(reviewer):
    verdict = factories.VerdictFactory()
    response = token_client(reviewer).patch(f"/api/v1/verdicts/{verdict.pk}/", {"status": "published"}, format="json")
    assert response.status_code == 200, response.content
    assert Claim.objects.public().filter(pk=verdict.claim_id).exists()


def test_a_reviewer_creates_a_verdict_already_published(reviewer):
    claim = factories.ClaimFactory()
    response = token_client(reviewer).post(
        "/api/v1/verdicts/",
        {"claim": claim.pk, "rating": "true", "conclusion": "Right.", "status": "published"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "published"
    assert APIClient().get(f"/api/v1/claims/{claim.pk}/").json()["verdict"]["conclusion"] == "Right."


def test_publishing_an_incomplete_verdict_is_a_400_from_the_services(reviewer):
    verdict = factories.VerdictFactory(rating=None, conclusion="")
    response = token_client(reviewer).post(f"/api/v1/verdicts/{verdict.pk}/publish/")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"rating", "conclusion"}
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT


def test_an_impossible_status_change_is_a_400(reviewer):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    response = token_client(reviewer).patch(f"/api/v1/verdicts/{verdict.pk}/", {"status": "draft"}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_a_second_verdict_for_a_claim_is_refused_by_the_model(editor):
    verdict = factories.VerdictFactory()
    response = token_client(editor).post(
        "/api/v1/verdicts/", {"claim": verdict.claim_id, "conclusion": "Again."}, format="json"
    )
    assert response.status_code == 400
    assert "claim" in response.json()["errors"]


def test_only_reviewers_add_corrections(editor, reviewer):
    verdict = factories.PublishedVerdictFactory()
    url = f"/api/v1/verdicts/{verdict.pk}/corrections/"
    assert token_client(editor).post(url, {"note": "Fixed a date."}, format="json").status_code == 403
    response = token_client(reviewer).post(url, {"note": "Fixed a date."}, format="json")
    assert response.status_code == 201
    assert response.json()["note"] == "Fixed a date."
    empty = token_client(reviewer).post(url, {"note": "  "}, format="json")
    assert empty.status_code == 400
    assert verdict.corrections.count() == 1


def test_a_verdict_id_that_does_not_exist_is_a_404_for_writers(reviewer):
    response = token_client(reviewer).post("/api/v1/verdicts/999999/publish/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
