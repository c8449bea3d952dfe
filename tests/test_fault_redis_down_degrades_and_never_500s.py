"""Redis down (broker and cache on one Redis, as in docker-compose.yml): readers, the API and the sitemap still
answer 200; an editor's save with a new URL answers within 2 s; the link is checked once the broker is back.

The test starts its own redis-server on a free port and stops only that one.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claimcheck.celery import app as celery_app
from claims.linkcheck.outcomes import LinkOutcome
from claims.linkcheck.tasks import sweep_link_checks
from claims.models import LinkCheck, Source
from tests import factories
from tests.admin_support import change_page_data
from tests.conftest import WorkerProcess, database_url_for_subprocess, wait_for
from tests.linkcheck_sites import local_site, page
from tests.private_services import PrivateRedis

pytestmark = [pytest.mark.services, pytest.mark.slow]

# An editor's save may take this long with the broker down (it took ~20 s before the short connect timeout).
SAVE_SECONDS = 2.0


@pytest.fixture
def private_redis():
    redis = PrivateRedis().start()
    yield redis
    redis.stop()


@pytest.fixture
def app_on_private_redis(private_redis, settings):
    """This process's cache and Celery broker on the private Redis, as one web process of the compose file."""
    settings.CACHES = {
        "default": {
            "BACKEND": "claimcheck.cache.FailOpenRedisCache",
            "LOCATION": private_redis.url(1),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    names = ("broker_url", "broker_read_url", "broker_write_url")
    saved = {name: celery_app.conf[name] for name in names}
    celery_app.conf.update(dict.fromkeys(names, private_redis.url(0)))
    celery_app._pool = celery_app.amqp._producer_pool = None
    yield private_redis
    celery_app.conf.update(saved)
    celery_app._pool = celery_app.amqp._producer_pool = None


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_readers_the_api_and_the_sitemap_answer_200_while_redis_is_down(transactional_db, app_on_private_redis, caplog):
    claim = factories.PublishedVerdictFactory(claim__text="The river is clean.").claim
    reader = Client()
    assert reader.get("/sitemap.xml").status_code == 200  # built and cached while Redis is up
    assert cache._cache.get_client().keys("*sitemap*")  # the cached copy the outage makes unreachable

    app_on_private_redis.stop()
    caplog.set_level(logging.WARNING, logger="claimcheck.cache")
    urls = ["/", claim.get_absolute_url(), "/search/?q=river", "/feeds/latest/", "/sitemap.xml", "/sitemap-claims.xml",
            "/api/v1/claims/", f"/api/v1/claims/{claim.pk}/", "/api/v1/ratings/"]  # fmt: skip
    for url in urls:
        response, seconds = timed(lambda url=url: reader.get(url))
        assert response.status_code == 200, url
        assert seconds < SAVE_SECONDS, (url, seconds)
    assert claim.get_absolute_url() in reader.get("/sitemap-claims.xml").content.decode()  # built afresh, uncached
    assert "cache unavailable, failing open" in caplog.text
    ready = reader.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == "ok"
    assert ready.json()["checks"]["broker"] != "ok" and ready.json()["checks"]["cache"] != "ok"

    app_on_private_redis.start()
    assert reader.get("/readyz").status_code == 200


def test_an_editors_save_with_the_broker_down_answers_in_2_s_and_the_check_follows_once_it_is_back(
    transactional_db, app_on_private_redis, editor, caplog
):
    with local_site() as site:
        site.routes["/report"] = page(200, "<html><body>A report</body></html>")
        site.routes["/statement"] = page(200, "<html><body>A statement</body></html>")
        editor_client = Client()
        editor_client.force_login(editor)
        form = change_page_data(editor_client.get("/admin/claims/source/add/"))
        form.update({"title": "A report", "kind": "news_report", "url": site.url("/report")})
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")

        app_on_private_redis.stop()
        response, seconds = timed(lambda: editor_client.post("/admin/claims/source/add/", form))
        assert response.status_code == 302
        assert seconds < SAVE_SECONDS
        response, seconds = timed(
            lambda: api.post("/api/v1/sources/", {"url": site.url("/statement"), "title": "A statement"}, format="json")
        )
        assert response.status_code == 201, response.content
        assert seconds < SAVE_SECONDS
        assert Source.objects.count() == 2
        assert not LinkCheck.objects.exists()
        assert "the sweep will check it" in caplog.text

        app_on_private_redis.start()
        worker = WorkerProcess(
            broker_url=app_on_private_redis.url(0),
            queue="celery",
            env_overrides={
                "DATABASE_URL": database_url_for_subprocess(),
                "LINKCHECK_ALLOWED_NETWORKS": "127.0.0.1/32",
                "LINKCHECK_EXTRA_PORTS": str(site.port),
                "ARCHIVE_BACKEND": "none",
            },
        )
        worker.start()
        try:
            assert sweep_link_checks() == 2  # the periodic sweep finds both, never checked
            wait_for(lambda: LinkCheck.objects.count() == 2, timeout=60, message=f"two checks\n{worker.log()}")
        finally:
            worker.stop()
    assert set(LinkCheck.objects.values_list("outcome", flat=True)) == {LinkOutcome.OK}
    assert site.hits("/report") and site.hits("/statement")
