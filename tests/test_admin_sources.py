"""The sources admin: duplicate and invalid URLs rejected, link state shown, "check links now" enqueues after commit."""

from __future__ import annotations

import pytest
from celery.signals import task_prerun
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.utils import timezone

from claimcheck.celery import app as celery_app
from claims.linkcheck.outcomes import LinkHealth, LinkOutcome
from claims.models import Source
from tests import factories
from tests.admin_support import change_page_data

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/claims/source/add/"


def add_source(client, **fields):
    data = change_page_data(client.get(ADD_URL))
    data.update({"title": "A report", "kind": "news_report", **fields})
    return client.post(ADD_URL, data)


def test_it_rejects_a_duplicate_url_spelled_differently_with_a_link_to_the_existing_source(editor_client):
    existing = factories.SourceFactory(url="https://news.example.org/story?id=7")
    response = add_source(editor_client, url="HTTPS://News.Example.ORG:443/story?id=7#comments")
    assert response.status_code == 200
    error = str(response.context["adminform"].form.errors["url"])
    assert f'href="/admin/claims/source/{existing.pk}/change/"' in error
    assert Source.objects.count() == 1


def test_the_model_rejects_the_duplicate_too_for_every_other_caller():
    factories.SourceFactory(url="https://news.example.org/story")
    with pytest.raises(ValidationError) as excinfo:
        Source(url="https://NEWS.example.org/story#top", title="Again").full_clean()
    assert excinfo.value.error_dict["url"][0].code == "duplicate_url"


@pytest.mark.parametrize("bad_url", ["not a url", "ftp://files.example.org/report.pdf", "https://"])
def test_it_rejects_an_invalid_url_and_saves_nothing(editor_client, bad_url):
    response = add_source(editor_client, url=bad_url)
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert not Source.objects.exists()


def test_it_saves_a_source_with_its_url_normalised(editor_client):
    response = add_source(editor_client, url="HTTPS://Example.org/Report#p2")
    assert response.status_code == 302
    assert Source.objects.get().url == "https://example.org/Report"


def test_the_list_shows_link_state_and_the_archived_copy(editor_client):
    factories.SourceFactory(
        title="Gone story",
        link_health=LinkHealth.DEAD,
        last_outcome=LinkOutcome.NOT_FOUND,
        last_checked_at=timezone.now(),
        archive_url="https://web.archive.org/web/2026/https://news.example.org/gone",
    )
    page = editor_client.get("/admin/claims/source/").content.decode()
    assert "Link unavailable" in page
    assert "Not found (404)" in page
    assert 'href="https://web.archive.org/web/2026/https://news.example.org/gone"' in page


@pytest.fixture
def started_tasks():
    """Run tasks in-process and note each one that starts, with its arguments (Celery's own signal)."""
    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    started: list[tuple[str, tuple]] = []

    def note(sender=None, args=None, **kwargs):
        started.append((sender.name, tuple(args or ())))

    task_prerun.connect(note, weak=False)
    yield started
    task_prerun.disconnect(note)
    celery_app.conf.task_always_eager = was_eager


def test_check_links_now_enqueues_one_check_per_source_with_a_url_after_commit(
    editor_client, django_capture_on_commit_callbacks, started_tasks
):
    # Loopback URLs: whatever the link checker does with them, it refuses them at once, without a network.
    first = factories.SourceFactory(url="http://127.0.0.1:9/first")
    second = factories.SourceFactory(url="http://127.0.0.1:9/second")
    interview = factories.SourceFactory(url="", kind="interview")
    payload = {"action": "check_links_now", ACTION_CHECKBOX_NAME: [first.pk, second.pk, interview.pk]}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post("/admin/claims/source/", payload)

    assert response.status_code == 302
    assert len(callbacks) == 2
    assert started_tasks == []  # nothing runs before the transaction commits
    for callback in callbacks:
        callback()
    assert sorted(started_tasks) == sorted(
        [("claims.tasks.check_source", (first.pk,)), ("claims.tasks.check_source", (second.pk,))]
    )


def test_a_source_edit_is_recorded_in_history_with_the_editor(editor_client, editor):
    source = factories.SourceFactory(title="Old title")
    url = f"/admin/claims/source/{source.pk}/change/"
    data = change_page_data(editor_client.get(url))
    data["title"] = "New title"
    assert editor_client.post(url, data).status_code == 302
    latest = source.history.first()
    assert (latest.title, latest.history_user) == ("New title", editor)
    history_page = editor_client.get(f"/admin/claims/source/{source.pk}/history/").content.decode()
    assert "Old title" in history_page and "New title" in history_page
