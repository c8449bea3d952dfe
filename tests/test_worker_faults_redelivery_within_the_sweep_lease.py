"""A worker killed mid-check, on a source the sweep had enqueued: Redis redelivers the task after the visibility
timeout (2 h in production), and the sweep's lease on the source outlasts it, so the sweep never enqueues a
second check for the same kill. One kill, one check row. Real Redis, real worker processes."""

from __future__ import annotations

import os
import signal
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from claimcheck.celery import BROKER_VISIBILITY_TIMEOUT, TASK_TIME_LIMIT
from claims.linkcheck import services
from claims.linkcheck.hostslots import RedisHostSlots, host_key
from claims.models import LinkCheck, Source
from tests.conftest import wait_for
from tests.linkcheck_sites import local_site, respond
from tests.services import require_redis

pytestmark = [pytest.mark.services, pytest.mark.slow]

# When production redelivers the killed worker's task (the test's worker does it after 4 s).
REDELIVERED_AFTER = timedelta(seconds=BROKER_VISIBILITY_TIMEOUT + TASK_TIME_LIMIT)


def worker_env(port: int) -> dict[str, str]:
    return {
        "LINKCHECK_ALLOWED_NETWORKS": "127.0.0.1/32",
        "LINKCHECK_EXTRA_PORTS": str(port),
        "ARCHIVE_BACKEND": "none",
        "LINKCHECK_TIMEOUT": "5",
        "CELERY_VISIBILITY_TIMEOUT": "4",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    }


def forget_leases_on_localhost() -> None:
    host_slots = RedisHostSlots(require_redis())
    host_slots.client.delete(host_slots.prefix + host_key("127.0.0.1"))
    host_slots.client.close()


def test_the_sweep_lease_outlasts_redelivery():
    assert services.LINK_SWEEP_LEASE > REDELIVERED_AFTER


def test_one_kill_within_the_lease_gives_one_check_row(transactional_db, celery_worker_factory, request):
    release = threading.Event()

    def held_until_released(handler):
        release.wait(30)
        respond(handler, 200, b"<html><body>Report</body></html>")

    forget_leases_on_localhost()
    request.addfinalizer(forget_leases_on_localhost)
    with local_site() as site:
        site.routes["/report"] = held_until_released
        source = Source.objects.create(url=site.url("/report"), title="Report")
        swept_at = timezone.now()
        assert services.sources_claim_due_for_check(now=swept_at) == [source.pk]  # the sweep takes it...
        first = celery_worker_factory(**worker_env(site.port))
        first.send("claims.tasks.check_source", source.pk)  # ...and enqueues its check
        wait_for(lambda: site.requests, timeout=60, message=f"the check to start\n{first.log()}")

        os.killpg(first.process.pid, signal.SIGKILL)  # the worker and its pool, mid-check: nothing acknowledged
        first.process.wait(timeout=10)
        release.set()

        # When production redelivers the task, the source is still under the sweep's lease: no second task.
        assert services.sources_claim_due_for_check(now=swept_at + REDELIVERED_AFTER) == []

        second = celery_worker_factory(**worker_env(site.port))
        wait_for(lambda: LinkCheck.objects.filter(source=source).exists(), timeout=60, message=second.log())

        # After the redelivered check, the source is checked and not due either.
        assert services.sources_claim_due_for_check(now=swept_at + REDELIVERED_AFTER) == []
    assert LinkCheck.objects.filter(source=source).count() == 1
