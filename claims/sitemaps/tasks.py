"""The sitemap build as a Celery task, and its scheduling: after any committed change of the public stamp
(claims/sitemaps/signals.py), when a reader got a stale or inline-rendered part (claims/sitemaps/views.py), and
every 5 minutes from beat (migration 0110) as a safety net. Idempotent, so late acknowledgement is safe.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError

from claimcheck.celery import send_once
from claims.sitemaps import prebuilt

# Present while a build is enqueued and its countdown runs: edits in that window enqueue nothing more.
BUILD_PENDING_KEY = "claims:sitemap:build-pending"


@shared_task(
    name="claims.sitemaps.tasks.build_sitemaps",
    # A busy lock means another worker is building: try again once it is likely done.
    autoretry_for=(prebuilt.SitemapBuildBusy, OperationalError, InterfaceError),
    retry_backoff=10,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=prebuilt.BUILD_SOFT_TIME_LIMIT_SECONDS,
    time_limit=prebuilt.BUILD_TIME_LIMIT_SECONDS,
)
def build_sitemaps() -> str | None:
    """Render the sitemap for the current public stamp into the shared cache; returns that stamp, or None when
    the cache is unreachable."""
    build = prebuilt.sitemaps_build()
    return build["stamp"] if build is not None else None


def schedule_sitemap_build() -> bool:
    """Enqueue one build to run in SITEMAP_BUILD_DELAY_SECONDS, unless one was enqueued less than that ago.

    The debounce: a burst of edits (a desk publishing twenty verdicts, a link sweep marking sources dead) enqueues
    one build, which runs once the window has closed and so sees every edit of it; an edit after the window opens
    the next one. Returns whether a build was enqueued.

    Called after commits and from reader requests: a broker that is down must not turn either into an error, so
    the send is tried once (claimcheck.celery.send_once) and a failure is logged; the
    periodic build catches up once the broker is back.
    """
    delay = max(1, settings.SITEMAP_BUILD_DELAY_SECONDS)
    if not cache.add(BUILD_PENDING_KEY, True, delay):
        return False
    failure = "could not enqueue a sitemap build; the periodic build will run it"
    if not send_once(build_sitemaps, countdown=delay, failure=failure):
        cache.delete(BUILD_PENDING_KEY)
        return False
    return True
