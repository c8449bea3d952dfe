"""The sitemap is rendered ahead by the build (claims/sitemaps/prebuilt.py) and served from its copy without a
query; after a change readers get the previous build until the next one has run, and only a first deploy renders
in the request. (A real worker running the build after commits: test_sitemap_build_by_a_worker_after_commits.py.)"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import PeriodicTask

from claims.services.verdicts import verdict_publish, verdict_unpublish
from claims.sitemaps.prebuilt import BUILD_LOCK_KEY, SitemapBuildBusy, sitemaps_build
from claims.sitemaps.tasks import BUILD_PENDING_KEY, build_sitemaps
from tests import factories

pytestmark = pytest.mark.django_db


def get(url: str) -> tuple[int, str, int]:
    """(status, body, queries) of an anonymous reader's request."""
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)
    return response.status_code, response.content.decode(), len(captured)


def test_a_prebuilt_section_and_index_cost_no_query_for_two_claims_or_sixty():
    claims = [factories.PublishedVerdictFactory().claim for _ in range(2)]
    sitemaps_build()
    for url in ("/sitemap-claims.xml", "/sitemap.xml", "/sitemap-claimants.xml"):
        status, _body, queries = get(url)
        assert (status, queries) == (200, 0), url
    claims += [factories.PublishedVerdictFactory().claim for _ in range(58)]
    sitemaps_build()
    status, body, queries = get("/sitemap-claims.xml")
    assert (status, queries) == (200, 0)
    assert all(claim.get_absolute_url() in body for claim in claims)
    assert body.count("<url>") == 60


def test_a_publication_shows_once_the_next_build_has_run_and_an_unpublication_disappears_likewise(reviewer):
    listed = factories.PublishedVerdictFactory().claim
    draft = factories.VerdictFactory()
    sitemaps_build()

    verdict_publish(verdict=draft, user=reviewer)
    status, body, queries = get("/sitemap-claims.xml")
    # The previous build, stale by the seconds until the build the publication scheduled: no query, no render.
    assert (status, queries) == (200, 0)
    assert listed.get_absolute_url() in body and draft.claim.get_absolute_url() not in body
    assert cache.get(BUILD_PENDING_KEY)  # a build is on its way (the worker test runs one)

    sitemaps_build()
    status, body, queries = get("/sitemap-claims.xml")
    assert (status, queries) == (200, 0)
    assert draft.claim.get_absolute_url() in body

    verdict_unpublish(verdict=draft, user=reviewer)
    assert draft.claim.get_absolute_url() in get("/sitemap-claims.xml")[1]  # stale until the build
    sitemaps_build()
    body = get("/sitemap-claims.xml")[1]
    assert draft.claim.get_absolute_url() not in body
    assert listed.get_absolute_url() in body


def test_only_a_first_deploy_renders_in_the_request_and_then_keeps_the_copy():
    claim = factories.PublishedVerdictFactory().claim
    status, body, queries = get("/sitemap-claims.xml")
    assert status == 200 and queries > 0
    assert claim.get_absolute_url() in body
    assert cache.get(BUILD_PENDING_KEY)  # and the build is asked for
    assert get("/sitemap-claims.xml")[1:] == (body, 0)


def test_the_prebuilt_copy_keeps_the_section_and_index_shape():
    claim = factories.PublishedVerdictFactory().claim
    inline = Client().get("/sitemap-claims.xml")
    inline_index = Client().get("/sitemap.xml").content
    cache.clear()
    sitemaps_build()
    prebuilt = Client().get("/sitemap-claims.xml")
    assert prebuilt.content == inline.content
    assert prebuilt.headers["Content-Type"] == "application/xml"
    assert prebuilt.headers["Last-Modified"] == inline.headers["Last-Modified"]
    assert Client().get("/sitemap.xml").content == inline_index
    assert claim.get_absolute_url() in prebuilt.content.decode()


@pytest.mark.parametrize("query", ["?p=2", "?p=0", "?p=-1", "?p=two", "?p=1.5"])
def test_a_page_that_does_not_exist_answers_404_without_a_query(query):
    factories.PublishedVerdictFactory()
    sitemaps_build()
    status, _body, queries = get(f"/sitemap-claims.xml{query}")
    assert (status, queries) == (404, 0)


def test_an_unknown_section_answers_404():
    sitemaps_build()
    assert get("/sitemap-drafts.xml")[0] == 404


def test_a_build_for_a_stamp_already_built_renders_nothing():
    factories.PublishedVerdictFactory()
    first = sitemaps_build()
    with CaptureQueriesContext(connection) as captured:
        again = build_sitemaps.apply().get()  # the task as beat runs it
    assert again == first["stamp"]
    assert len(captured) == 0


def test_a_second_build_while_one_runs_is_refused_so_the_task_retries():
    cache.add(BUILD_LOCK_KEY, "another worker", 60)
    with pytest.raises(SitemapBuildBusy):
        sitemaps_build()
    cache.delete(BUILD_LOCK_KEY)
    assert sitemaps_build() is not None


def test_beat_runs_the_build_every_five_minutes_from_an_editable_schedule():
    task = PeriodicTask.objects.get(task=build_sitemaps.name)
    assert task.enabled
    assert task.interval.every == 5 and task.interval.period == "minutes"


def test_build_sitemaps_renders_the_copy_readers_get_with_no_query():
    claim = factories.PublishedVerdictFactory().claim
    out = StringIO()
    call_command("build_sitemaps", stdout=out)
    assert "claims 1" in out.getvalue()
    status, body, queries = get("/sitemap-claims.xml")
    assert (status, queries) == (200, 0)
    assert claim.get_absolute_url() in body


def test_a_prebuilt_page_carries_its_etag_and_answers_304_without_hashing_again(client):
    """The ETag is computed once at build time (claims.sitemaps.sections.SitemapPart), not per request."""
    from hashlib import md5

    from claims.sitemaps import prebuilt

    factories.PublishedVerdictFactory()
    prebuilt.sitemaps_build()
    first = client.get("/sitemap-claims.xml")
    assert first.status_code == 200
    assert first["ETag"] == f'"{md5(first.content, usedforsecurity=False).hexdigest()}"'
    assert client.get("/sitemap-claims.xml", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
