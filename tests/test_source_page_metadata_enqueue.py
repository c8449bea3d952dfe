"""A new source titled by its URL (cite-by-URL, the Source admin with no title, the API) has its page read after
the save commits, never inside the request; a source an editor titled is not fetched."""

from __future__ import annotations

import datetime

import pytest
from celery.signals import before_task_publish, task_prerun

from claimcheck.celery import app as celery_app
from claims.models import Claim, Source
from claims.source_tasks import fill_source_from_page
from tests.admin_support import change_page_data
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401
from tests.linkcheck_sites import allow_local_site, local_site, page
from tests.test_admin_cite_by_url import _cite_url
from tests.test_admin_claim_page import ADD_URL, new_claim_data
from tests.test_source_page_metadata import OG_PAGE

pytestmark = pytest.mark.django_db

SOURCE_ADD_URL = "/admin/claims/source/add/"


@pytest.fixture
def site(settings):
    with local_site() as running:
        allow_local_site(settings, running)
        settings.ARCHIVE_BACKEND = "none"
        running.routes["/report"] = page(200, OG_PAGE)
        yield running


@pytest.fixture
def tasks_run():
    """Tasks run in-process when their on-commit callback runs; the names of those that started."""
    was_eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    started: list[str] = []

    def note(sender=None, **kwargs):
        started.append(sender.name)

    task_prerun.connect(note, weak=False)
    yield started
    task_prerun.disconnect(note)
    celery_app.conf.task_always_eager = was_eager


@pytest.fixture
def sent_tasks():
    """(task name, args) of every task sent to the broker (Celery's own signal), without running any here: the
    claim save also queues the matcher, whose model is not this test's business."""
    sent: list[tuple[str, tuple]] = []

    def note(sender=None, body=None, **kwargs):
        sent.append((sender, tuple(body[0]) if body else ()))

    before_task_publish.connect(note, weak=False)
    yield sent
    before_task_publish.disconnect(note)


def test_a_source_made_by_pasting_a_url_is_filled_from_its_page_after_commit_not_in_the_request(
    editor_client, site, django_capture_on_commit_callbacks, sent_tasks
):
    data = _cite_url(new_claim_data(editor_client), site.url("/report"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302
    source = Claim.objects.get().sources.get()
    assert source.title == site.url("/report")  # the request saved the placeholder and read no page
    assert site.hits("/report") == []
    assert sent_tasks == []

    for callback in callbacks:
        callback()  # the commit: tasks go to the broker (Redis under CI)
    assert (fill_source_from_page.name, (source.pk,)) in sent_tasks
    fill_source_from_page(source.pk)  # what the worker does with it (tests/test_source_page_metadata_worker.py)
    source.refresh_from_db()
    assert (source.title, source.publisher) == ("Women barred from Tehran marathon, organisers say", "Tehran Times")
    assert source.published_on == datetime.date(2026, 4, 8)


def test_a_source_added_in_the_admin_without_a_title_is_titled_by_its_url_then_by_its_page(
    editor_client, site, django_capture_on_commit_callbacks, tasks_run
):
    data = change_page_data(editor_client.get(SOURCE_ADD_URL))
    data.update({"url": site.url("/report"), "title": "", "kind": "news_report"})
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(SOURCE_ADD_URL, data)
    assert response.status_code == 302
    assert fill_source_from_page.name in tasks_run
    assert Source.objects.get().title == "Women barred from Tehran marathon, organisers say"


def test_a_source_added_in_the_admin_with_neither_title_nor_url_is_refused(editor_client):
    data = change_page_data(editor_client.get(SOURCE_ADD_URL))
    data.update({"url": "", "title": "  ", "kind": "interview"})
    response = editor_client.post(SOURCE_ADD_URL, data)
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    assert not Source.objects.exists()


def test_a_source_an_editor_titled_is_not_fetched(editor_client, site, django_capture_on_commit_callbacks, tasks_run):
    data = change_page_data(editor_client.get(SOURCE_ADD_URL))
    data.update({"url": site.url("/report"), "title": "Our title", "kind": "news_report"})
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(SOURCE_ADD_URL, data)
    assert fill_source_from_page.name not in tasks_run
    assert Source.objects.get().title == "Our title"


@pytest.mark.parametrize("title", [None, "", "URL"])
def test_a_source_created_through_the_api_without_a_title_or_titled_by_its_url_is_filled_too(
    editor, site, django_capture_on_commit_callbacks, tasks_run, title
):
    payload = {"url": site.url("/report")}
    if title is not None:
        payload["title"] = site.url("/report") if title == "URL" else title
    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(editor).post("/api/v1/sources/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["title"] == site.url("/report")  # the answer is written before the page is read
    assert fill_source_from_page.name in tasks_run
    assert Source.objects.get().title == "Women barred from Tehran marathon, organisers say"


def test_the_api_refuses_a_source_with_neither_title_nor_url(editor):
    response = token_client(editor).post("/api/v1/sources/", {"url": "", "title": ""}, format="json")
    assert response.status_code == 400
    assert "title" in response.json()["errors"]
    assert not Source.objects.exists()
