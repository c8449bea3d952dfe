"""Real Celery workers on Redis: a worker killed with SIGKILL mid-check loses nothing and doubles nothing."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from claims.linkcheck.hostslots import RedisHostSlots, host_key
from claims.linkcheck.models import LinkCheck
from claims.linkcheck.outcomes import LinkOutcome
from claims.models import Source
from tests.conftest import wait_for
from tests.linkcheck_sites import local_site, respond
from tests.services import require_redis

pytestmark = [pytest.mark.services, pytest.mark.slow]


def worker_env(port: int) -> dict[str, str]:
    return {
        "LINKCHECK_ALLOWED_NETWORKS": "127.0.0.1/32",
        "LINKCHECK_EXTRA_PORTS": str(port),
        "ARCHIVE_BACKEND": "none",
        "LINKCHECK_TIMEOUT": "5",
        # Redeliver a dead worker's task after 4 s instead of 2 h, looking every second.
        "CELERY_VISIBILITY_TIMEOUT": "4",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    }


def forget_leases_on_localhost() -> None:
    host_slots = RedisHostSlots(require_redis())
    host_slots.client.delete(host_slots.prefix + host_key("127.0.0.1"))
    host_slots.client.close()


def test_a_worker_killed_mid_check_has_its_check_redone_by_the_next_worker_and_recorded_once(
    transactional_db, celery_worker_factory, request
):
    release = threading.Event()

    def held_until_released(handler):
        release.wait(30)
        respond(handler, 200, f"<html><body>Report {handler.path}</body></html>".encode())

    # The killed worker leaves a lease on 127.0.0.1 for half a minute: clear it before (a previous run) and after.
    forget_leases_on_localhost()
    request.addfinalizer(forget_leases_on_localhost)
    with local_site() as site:
        paths = [f"/report-{n}" for n in range(3)]
        site.routes.update({path: held_until_released for path in paths})  # anything else: 404
        sources = Source.objects.bulk_create([Source(url=site.url(path), title=path) for path in paths])
        first = celery_worker_factory(**worker_env(site.port))
        results = {s.pk: first.send("claims.tasks.check_source", s.pk) for s in sources}
        wait_for(lambda: site.requests, timeout=60, message=f"the first check to start\n{first.log()}")
        interrupted_path = site.requests[0][1]

        os.killpg(first.process.pid, signal.SIGKILL)  # the worker and its pool process, mid-request
        first.process.wait(timeout=10)
        assert LinkCheck.objects.count() == 0
        release.set()

        second = celery_worker_factory(**worker_env(site.port))
        outcomes = {pk: result.get(timeout=60) for pk, result in results.items()}

        assert set(outcomes.values()) == {LinkOutcome.OK}, second.log()
        for source in sources:
            assert LinkCheck.objects.filter(source=source).count() == 1
        assert site.hits(interrupted_path).count("GET") == 2  # asked once by the dead worker, once again

        # The same message delivered again (same task id, hence the same check key) writes nothing new.
        results[sources[0].pk].forget()  # so that the next get() waits for the second run's result
        again = second.client.send_task(
            "claims.tasks.check_source", args=[sources[0].pk], queue=second.queue, task_id=results[sources[0].pk].id
        )
        assert again.get(timeout=60) is None
    assert LinkCheck.objects.count() == 3
