"""A committed publication or unpublication schedules the sitemap build; a real Celery worker runs it and readers
then get the new copy, with no query. A burst of publications within the debounce window enqueues one build.

Broker and cache are a private Redis this test starts (as one web process and one worker of docker-compose.yml
share theirs), so the worker's copies are the ones this process serves and its queue holds only this test's tasks.
"""

from __future__ import annotations

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claimcheck.celery import app as celery_app
from claims.pagecache import public_stamp
from claims.services.verdicts import verdict_publish, verdict_unpublish
from claims.sitemaps.prebuilt import latest_build
from claims.sitemaps.tasks import BUILD_PENDING_KEY
from tests import factories
from tests.conftest import WorkerProcess, database_url_for_subprocess, wait_for
from tests.private_services import PrivateRedis

pytestmark = [pytest.mark.services, pytest.mark.slow]

# Long enough for a burst of five publications on a busy machine to fall in one window.
DELAY_SECONDS = 3
DEFAULT_QUEUE = "celery"


@pytest.fixture
def private_redis(settings):
    """This process's cache and Celery broker on a Redis of the test's own; the build delay shortened."""
    server = PrivateRedis().start()
    settings.CACHES = {
        "default": {
            "BACKEND": "claimcheck.cache.FailOpenRedisCache",
            "LOCATION": server.url(1),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 2},
        }
    }
    settings.SITEMAP_BUILD_DELAY_SECONDS = DELAY_SECONDS
    names = ("broker_url", "broker_read_url", "broker_write_url")
    saved = {name: celery_app.conf[name] for name in names}
    celery_app.conf.update(dict.fromkeys(names, server.url(0)))
    celery_app._pool = celery_app.amqp._producer_pool = None
    yield server
    celery_app.conf.update(saved)
    celery_app._pool = celery_app.amqp._producer_pool = None
    server.stop()


def start_worker(server: PrivateRedis) -> WorkerProcess:
    worker = WorkerProcess(
        broker_url=server.url(0),
        queue=DEFAULT_QUEUE,
        env_overrides={"DATABASE_URL": database_url_for_subprocess(), "CACHE_URL": server.url(1)},
    )
    worker.start()
    return worker


def reader_sitemap() -> tuple[str, int]:
    """The claims section as an anonymous reader gets it, and the queries that cost."""
    with CaptureQueriesContext(connection) as captured:
        response = Client().get("/sitemap-claims.xml")
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def current_stamp_built() -> bool:
    build = latest_build()
    return build is not None and build["stamp"] == public_stamp()


def test_a_publication_and_an_unpublication_reach_readers_once_the_worker_has_built_the_sitemap(
    transactional_db, private_redis, reviewer
):
    listed = factories.PublishedVerdictFactory().claim
    draft = factories.VerdictFactory()
    worker = start_worker(private_redis)
    try:
        wait_for(current_stamp_built, timeout=90, message=f"the first build\n{worker.log()}")
        body, queries = reader_sitemap()
        assert queries == 0
        assert listed.get_absolute_url() in body and draft.claim.get_absolute_url() not in body

        verdict_publish(verdict=draft, user=reviewer)
        body, queries = reader_sitemap()
        assert queries == 0  # the previous build, until the one the commit scheduled has run
        assert draft.claim.get_absolute_url() not in body
        wait_for(
            lambda: draft.claim.get_absolute_url() in reader_sitemap()[0],
            timeout=90,
            message=f"the published claim in the sitemap\n{worker.log()}",
        )
        # Other work the publication queued on this worker (its sources' link checks, say) may move the stamp again
        # after that build: each move schedules one more build, so the current stamp is built soon, not at once.
        wait_for(current_stamp_built, timeout=90, message=f"the build of the latest stamp\n{worker.log()}")

        verdict_unpublish(verdict=draft, user=reviewer)
        wait_for(
            lambda: draft.claim.get_absolute_url() not in reader_sitemap()[0],
            timeout=90,
            message=f"the unpublished claim gone from the sitemap\n{worker.log()}",
        )
        body, queries = reader_sitemap()
        assert queries == 0
        assert listed.get_absolute_url() in body
    finally:
        worker.stop()


def test_a_burst_of_publications_enqueues_one_build_per_window_and_the_build_lists_them_all(
    transactional_db, private_redis, reviewer
):
    drafts = [factories.VerdictFactory() for _ in range(6)]
    broker = redis.Redis.from_url(private_redis.url(0))
    # The drafts' own saves opened a window: let it close, so the burst below opens the next one.
    wait_for(lambda: cache.get(BUILD_PENDING_KEY) is None, timeout=DELAY_SECONDS * 3, message="the window to close")
    enqueued = broker.llen(DEFAULT_QUEUE)

    for draft in drafts[:5]:
        verdict_publish(verdict=draft, user=reviewer)
    assert broker.llen(DEFAULT_QUEUE) == enqueued + 1  # five commits, one build

    wait_for(lambda: cache.get(BUILD_PENDING_KEY) is None, timeout=DELAY_SECONDS * 3, message="the window to close")
    verdict_publish(verdict=drafts[5], user=reviewer)
    assert broker.llen(DEFAULT_QUEUE) == enqueued + 2  # a publication after the window: the next build

    worker = start_worker(private_redis)
    try:
        wait_for(current_stamp_built, timeout=90, message=f"the build\n{worker.log()}")
        body, queries = reader_sitemap()
    finally:
        worker.stop()
    assert queries == 0
    assert all(draft.claim.get_absolute_url() in body for draft in drafts)
