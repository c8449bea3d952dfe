"""Probes for the orchestrator (docker-compose health checks, a load balancer).

- /healthz (liveness): the process answers. Never touches a service, so a database outage does not get a
  healthy web process restarted.
- /readyz (readiness): the database answers, and the broker and the cache where they are Redis; each with a
  short timeout. 503 with the failing parts named while any is down, so traffic is held back, not errored.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

# Seconds each dependency may take to answer the readiness probe.
PROBE_TIMEOUT_SECONDS = 2.0


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    ping = getattr(cache, "ping", None)  # claimcheck.cache.FailOpenRedisCache; local memory needs no probe
    if ping is not None:
        ping()


def check_broker() -> None:
    from claimcheck.celery import app

    if not app.conf.broker_url.startswith(("redis://", "rediss://")):
        return  # the embedded filesystem broker is a folder, not a service
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0, timeout=PROBE_TIMEOUT_SECONDS)


CHECKS = {"database": check_database, "broker": check_broker, "cache": check_cache}


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers, nothing more."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: {"status": "ok"|"unavailable", "checks": {name: "ok"|error text}, "seconds": float}."""
    started = time.monotonic()
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure of a dependency means "not ready", never a 500
            logger.warning("readiness: %s unavailable: %s", name, exc)
            results[name] = f"{type(exc).__name__}: {exc}"[:200]
    ready = all(value == "ok" for value in results.values())
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": results,
        "seconds": round(time.monotonic() - started, 3),
    }
    response = JsonResponse(body, status=200 if ready else 503)
    if not ready:
        response["Retry-After"] = "10"
    return response
