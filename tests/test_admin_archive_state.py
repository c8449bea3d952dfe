"""Editors see where a source's archived copy stands, with the archive's own code, and can ask for a capture now."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from claimcheck.celery import app
from claims.linkcheck.models import LinkCheck
from claims.linkcheck.outcomes import ArchiveState, LinkHealth, LinkOutcome
from claims.models import Source
from tests import factories
from tests.test_linkcheck_archive import CITED, wayback  # noqa: F401 (the fake archive, as a fixture)

pytestmark = pytest.mark.django_db


def test_a_refused_archive_shows_its_code_on_the_list_and_the_change_page(editor_client):
    source = factories.SourceFactory(title="Blocked site")
    Source.objects.filter(pk=source.pk).update(
        archive_state=ArchiveState.REFUSED, archive_error="error:blocked-url: This site is excluded."
    )
    assert "Archive refused" in editor_client.get("/admin/claims/source/").content.decode()
    page = editor_client.get(f"/admin/claims/source/{source.pk}/change/").content.decode()
    assert "Archive refused" in page
    assert "error:blocked-url: This site is excluded." in page


def test_a_source_that_could_not_be_verified_shows_why_on_its_change_page(editor_client):
    source = factories.SourceFactory(title="Walled")
    Source.objects.filter(pk=source.pk).update(link_health=LinkHealth.UNVERIFIED, last_outcome=LinkOutcome.BLOCKED)
    LinkCheck.objects.create(
        source=source,
        url=source.url,
        outcome=LinkOutcome.BLOCKED,
        status_code=403,
        checked_at=source.created_at,
        detail="a bot wall or challenge answered (403, cf-mitigated: challenge): a person must look",
    )
    page = editor_client.get(f"/admin/claims/source/{source.pk}/change/").content.decode()
    assert "Could not verify automatically" in page
    assert "cf-mitigated: challenge" in page


def test_archive_now_asks_for_a_fresh_capture_after_commit_even_after_a_refusal(
    editor_client,
    wayback,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    wayback.statuses = [{"status": "success", "timestamp": "20261126101500", "original_url": CITED}]
    source = factories.SourceFactory(url=CITED)  # not even cited by a published verdict: the editor decides
    Source.objects.filter(pk=source.pk).update(archive_state=ArchiveState.REFUSED, archive_error="error:no-access")
    payload = {"action": "archive_now", ACTION_CHECKBOX_NAME: [source.pk]}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post("/admin/claims/source/", payload)
    assert response.status_code == 302
    assert Source.objects.get(pk=source.pk).archive_state == ArchiveState.PENDING
    assert wayback.saved == []  # nothing leaves before the commit
    app.conf.task_always_eager = True
    try:
        for callback in callbacks:
            callback()
    finally:
        app.conf.task_always_eager = False
    source.refresh_from_db()
    assert source.archive_state == ArchiveState.ARCHIVED
    assert source.archive_url == f"https://web.archive.org/web/20261126101500/{CITED}"
    assert len(wayback.saved) == 1
