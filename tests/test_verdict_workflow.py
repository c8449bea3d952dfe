"""claims.services: draft → in review → published, guarded by claims.publish_verdict, recorded in history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Claim, Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_editor_sends_a_draft_to_review_and_history_names_them(editor):
    verdict = factories.VerdictFactory()
    services.verdict_submit_for_review(verdict=verdict, user=editor)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW
    latest = verdict.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Sent to review"


def test_an_editor_cannot_publish(editor):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        services.verdict_publish(verdict=verdict, user=editor)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW
    assert verdict.published_at is None


def test_a_reviewer_publishes_and_published_at_is_set_once(reviewer):
    verdict = factories.VerdictFactory(status=Verdict.Status.IN_REVIEW)
    services.verdict_publish(verdict=verdict, user=reviewer)
    verdict.refresh_from_db()
    first_published = verdict.published_at
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.reviewer == reviewer
    assert Claim.objects.public().filter(pk=verdict.claim_id).exists()

    services.verdict_unpublish(verdict=verdict, user=reviewer)
    assert not Claim.objects.public().filter(pk=verdict.claim_id).exists()
    services.verdict_publish(verdict=verdict, user=reviewer)
    verdict.refresh_from_db()
    assert verdict.published_at == first_published
    reasons = list(verdict.history.values_list("history_change_reason", flat=True))
    assert reasons[:3] == ["Published", "Unpublished", "Published"]


def test_publishing_needs_a_rating_and_a_conclusion(reviewer):
    verdict = factories.VerdictFactory(rating=None, conclusion="")
    with pytest.raises(ValidationError) as excinfo:
        services.verdict_publish(verdict=verdict, user=reviewer)
    assert set(excinfo.value.message_dict) == {"rating", "conclusion"}
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT


def test_a_correction_needs_a_published_verdict_and_moves_updated_at(reviewer):
    draft = factories.VerdictFactory()
    with pytest.raises(ValidationError):
        services.correction_add(verdict=draft, note="Fixed a date.", user=reviewer)
    published = factories.PublishedVerdictFactory()
    before = published.updated_at
    correction = services.correction_add(verdict=published, note="Fixed a date.", user=reviewer)
    published.refresh_from_db()
    assert published.updated_at > before
    assert correction.created_by == reviewer
    with pytest.raises(ValidationError):
        services.correction_add(verdict=published, note="   ", user=reviewer)
