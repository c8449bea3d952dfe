"""The claim timeline: claim, verdict, citations, corrections and notes together, newest first, with who and a
word-level diff of long texts, whole; system writes as "System"."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db

LONG = " ".join(f"word{i}" for i in range(150))


def timeline_url(claim) -> str:
    return f"/admin/claims/claim/{claim.pk}/timeline/"


def story(editor, reviewer) -> Verdict:
    verdict = factories.VerdictFactory(explanation=LONG, author=editor)
    services.verdict_submit_for_review(verdict=verdict, user=editor)
    services.verdict_return_to_editor(verdict=verdict, user=reviewer, reason="Check the date.")
    services.verdict_submit_for_review(verdict=verdict, user=editor)
    services.verdict_publish(verdict=verdict, user=reviewer)
    stored = Verdict.objects.get(pk=verdict.pk)

    def save() -> None:
        stored.explanation = LONG.replace("word75", "CHANGED")
        stored._history_user = reviewer
        stored.save()

    services.published_edit_apply(
        verdict=stored, changed_fields=["explanation"], user=reviewer, correction_note="One word fixed.", save=save
    )
    # A write with no user: what a link check or the importer does.
    factories.ClaimSourceFactory(claim=verdict.claim)
    return verdict


def test_the_timeline_shows_every_part_of_the_claim_newest_first_with_who_did_it(reviewer_client, editor, reviewer):
    verdict = story(editor, reviewer)
    page = reviewer_client.get(timeline_url(verdict.claim)).content.decode()
    actions = re.findall(r"<strong>([^<]+)</strong> · ([^·]+?)\s*·", page)
    subjects = [subject for subject, _ in actions]
    assert subjects[0].startswith("Citation")  # the newest event first
    assert {"Claim", "Verdict", "Correction", "Internal note"} <= set(subjects)
    reasons = [action for _, action in actions]
    first_sent = len(reasons) - 1 - reasons[::-1].index("Sent to review")
    assert reasons.index("Published") < reasons.index("Returned to editor") < first_sent
    assert "Check the date." in page and "One word fixed." in page
    assert 'class="cc-who">System<' in page and "Deleted user" not in page
    assert 'class="cc-who">reviewer<' in page and 'class="cc-who">editor<' in page


def test_a_long_text_change_is_a_whole_word_level_diff(reviewer_client, editor, reviewer):
    verdict = story(editor, reviewer)
    page = reviewer_client.get(timeline_url(verdict.claim)).content.decode()
    assert "<del>word75</del><ins>CHANGED</ins>" in page
    assert "word149" in page and "chars]" not in page


def test_the_timeline_costs_the_same_queries_for_a_short_or_long_history(reviewer_client, editor, reviewer):
    def queries(verdict) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reviewer_client.get(timeline_url(verdict.claim)).status_code == 200
        return len(captured)

    short = story(editor, reviewer)
    long = story(editor, reviewer)
    for _ in range(5):
        factories.ClaimSourceFactory(claim=long.claim)
        services.internal_note_add(claim=long.claim, body="Another note.", user=editor)
        services.correction_add(verdict=Verdict.objects.get(pk=long.pk), note="More.", user=reviewer)
    assert queries(short) == queries(long)


def test_the_timeline_needs_the_view_permission_and_is_linked_from_the_claim_page(editor_client):
    verdict = factories.VerdictFactory()
    staff = factories.UserFactory(username="no-perms", is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get(timeline_url(verdict.claim)).status_code == 403
    change_page = editor_client.get(f"/admin/claims/claim/{verdict.claim.pk}/change/").content.decode()
    assert timeline_url(verdict.claim) in change_page
