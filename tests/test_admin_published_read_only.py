"""A published claim and verdict look read-only to people who cannot change them: text, not refused inputs."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def inputs(page: str) -> set[str]:
    names = {"text", "summary", "claimant", "verdict-0-rating", "verdict-0-conclusion", "verdict-0-explanation"}
    names |= {"verdict-0-correction_note", "correction_note"}
    return {name for name in names if f'name="{name}"' in page}


def test_an_editor_sees_a_published_claim_and_verdict_as_text(editor_client):
    verdict = factories.PublishedVerdictFactory(conclusion="As published, for readers.")
    page = editor_client.get(f"/admin/claims/claim/{verdict.claim_id}/change/").content.decode()
    assert inputs(page) == set()
    assert "As published, for readers." in page  # shown, as text
    verdict_page = editor_client.get(f"/admin/claims/verdict/{verdict.pk}/change/").content.decode()
    assert 'name="conclusion"' not in verdict_page and 'name="correction_note"' not in verdict_page
    assert "As published, for readers." in verdict_page


def test_a_reviewer_gets_inputs_and_the_correction_note_and_an_editor_still_edits_drafts(
    reviewer_client, editor_client
):
    published = factories.PublishedVerdictFactory()
    page = reviewer_client.get(f"/admin/claims/claim/{published.claim_id}/change/").content.decode()
    assert inputs(page) == {
        "text", "summary", "claimant", "verdict-0-rating", "verdict-0-conclusion", "verdict-0-explanation",
        "verdict-0-correction_note", "correction_note",
    }  # fmt: skip
    draft = factories.VerdictFactory()
    draft_page = editor_client.get(f"/admin/claims/claim/{draft.claim_id}/change/").content.decode()
    assert {"text", "verdict-0-conclusion"} <= inputs(draft_page)
    assert "correction_note" not in inputs(draft_page)
