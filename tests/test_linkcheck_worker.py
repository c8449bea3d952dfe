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
from tests.linkcheck_sites import local_site, page, respond
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


def test_a_batch_task_on_a_real_worker_records_each_check_once_and_times_out_only_the_slow_page(
    transactional_db, celery_worker_factory
):
    """check_sources on a prefork worker: the batch's fetches run side by side in the pool child's fetch threads,
    a redelivery (same task id) records nothing twice, and the soft time limit records the unfinished check as
    a timeout instead of losing the batch."""
    release = threading.Event()

    def slow(handler):
        release.wait(30)
        respond(handler, 200, b"<html><body>late</body></html>")

    forget_leases_on_localhost()
    try:
        with local_site() as site:
            site.routes.update({f"/report-{n}": page(200, f"<p>{n}</p>") for n in range(4)})
            site.routes["/slow"] = slow
            fast = Source.objects.bulk_create([Source(url=site.url(f"/report-{n}"), title=str(n)) for n in range(4)])
            late = Source.objects.create(url=site.url("/slow"), title="slow")
            worker = celery_worker_factory(**{**worker_env(site.port), "LINKCHECK_PER_HOST_CONCURRENCY": "8"})

            batch = worker.send("claims.tasks.check_sources", [s.pk for s in fast])
            assert batch.get(timeout=60) == 4, worker.log()
            requests = len(site.requests)
            again = worker.client.send_task(
                "claims.tasks.check_sources", args=[[s.pk for s in fast]], queue=worker.queue, task_id=batch.id
            )
            assert again.get(timeout=60) == 4  # the same checks, found by their keys
            assert len(site.requests) == requests and LinkCheck.objects.count() == 4

            limited = worker.client.send_task(
                "claims.tasks.check_sources",
                args=[[fast[0].pk, late.pk]],
                queue=worker.queue,
                soft_time_limit=2,
                time_limit=20,
            )
            with pytest.raises(Exception, match="SoftTimeLimitExceeded"):
                limited.get(timeout=60)
            release.set()
    finally:
        forget_leases_on_localhost()
    assert list(LinkCheck.objects.filter(source=late).values_list("outcome", flat=True)) == [LinkOutcome.TIMEOUT]
    assert LinkCheck.objects.filter(source=fast[0]).count() == 2  # a new batch: a new check
