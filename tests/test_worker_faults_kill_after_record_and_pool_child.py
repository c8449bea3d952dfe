"""Real Celery workers on Redis, killed where it hurts: after a check is recorded but before its message is
acknowledged, and a pool child killed mid-check (the out-of-memory killer) in a worker with the compose file's
concurrency (4). Each check is recorded exactly once; none is lost.

The fault hooks live in tests/worker_fault_app.py (the project's app plus test-only signal handlers).
"""

from __future__ import annotations

import os
import re
import signal
import threading

import pytest

from claims.linkcheck.hostslots import RedisHostSlots, host_key
from claims.linkcheck.outcomes import LinkOutcome
from claims.models import LinkCheck, Source
from tests.conftest import wait_for
from tests.linkcheck_sites import local_site, respond
from tests.services import require_redis

pytestmark = [pytest.mark.services, pytest.mark.slow]

COMPOSE_CONCURRENCY = 4  # docker-compose.yml: worker --concurrency=4


def worker_env(port: int, **extra: str) -> dict[str, str]:
    return {
        "LINKCHECK_ALLOWED_NETWORKS": "127.0.0.1/32",
        "LINKCHECK_EXTRA_PORTS": str(port),
        "ARCHIVE_BACKEND": "none",
        "LINKCHECK_TIMEOUT": "5",
        "LINKCHECK_PER_HOST_CONCURRENCY": "8",
        **extra,
    }


@pytest.fixture(autouse=True)
def no_leases_on_localhost(request):
    def forget() -> None:
        host_slots = RedisHostSlots(require_redis())
        host_slots.client.delete(host_slots.prefix + host_key("127.0.0.1"))
        host_slots.client.close()

    forget()
    request.addfinalizer(forget)


def test_a_pool_child_killed_after_recording_a_check_but_before_the_ack_leaves_exactly_one_row(
    transactional_db, celery_worker_factory, tmp_path
):
    with local_site() as site:
        site.routes["/report"] = lambda handler: respond(handler, 200, b"<html><body>Report</body></html>")
        source = Source.objects.create(url=site.url("/report"), title="Report")
        worker = celery_worker_factory(
            app="tests.worker_fault_app", **worker_env(site.port, FAULT_KILL_AFTER_RECORD_DIR=str(tmp_path))
        )

        result = worker.send("claims.tasks.check_source", source.pk)

        # The result was stored before the pool process died: Celery acknowledges instead of redelivering.
        wait_for(lambda: "succeeded before the worker was lost" in worker.log(), timeout=90, message=worker.log())

    assert (tmp_path / f"{result.id}.killed").exists()
    assert "exited with 'signal 9 (SIGKILL)'" in worker.log()
    assert LinkCheck.objects.filter(source=source).count() == 1
    assert LinkCheck.objects.get(source=source).outcome == LinkOutcome.OK


def test_a_whole_worker_killed_after_recording_a_check_but_before_the_ack_leaves_exactly_one_row(
    transactional_db, celery_worker_factory, tmp_path
):
    with local_site() as site:
        site.routes["/report"] = lambda handler: respond(handler, 200, b"<html><body>Report</body></html>")
        source = Source.objects.create(url=site.url("/report"), title="Report")
        redelivery = {"CELERY_VISIBILITY_TIMEOUT": "4", "CELERY_UNACKED_RESTORE_INTERVAL": "1"}
        first = celery_worker_factory(
            app="tests.worker_fault_app",
            **worker_env(site.port, FAULT_KILL_AFTER_RECORD_DIR=str(tmp_path), FAULT_KILL_WHOLE_WORKER="1"),
            **redelivery,
        )
        result = first.send("claims.tasks.check_source", source.pk)
        wait_for(lambda: (tmp_path / f"{result.id}.killed").exists(), timeout=90, message=first.log())
        first.process.wait(timeout=30)  # gone with its pool: the message was never acknowledged
        assert LinkCheck.objects.filter(source=source).count() == 1
        hits_before = list(site.hits("/report"))

        # The next worker gets the message again after the visibility timeout; same task id, same check key.
        second = celery_worker_factory(**worker_env(site.port), **redelivery)
        redone = re.compile(rf"check_source\[{result.id}\] succeeded in [0-9.]+s: None")
        wait_for(lambda: redone.search(second.log()), timeout=90, message=f"the redelivered run\n{second.log()}")

        assert site.hits("/report") == hits_before  # the redelivered run asked the site nothing
    assert LinkCheck.objects.filter(source=source).count() == 1


def test_a_pool_child_killed_mid_check_in_a_worker_of_compose_concurrency_loses_and_doubles_nothing(
    transactional_db, celery_worker_factory, tmp_path
):
    release = threading.Event()

    def held_until_released(handler):
        release.wait(30)
        respond(handler, 200, f"<html><body>Report {handler.path}</body></html>".encode())

    with local_site() as site:
        paths = [f"/report-{n}" for n in range(2 * COMPOSE_CONCURRENCY)]
        site.routes.update({path: held_until_released for path in paths})
        sources = Source.objects.bulk_create([Source(url=site.url(path), title=path) for path in paths])
        worker = celery_worker_factory(
            concurrency=COMPOSE_CONCURRENCY,
            app="tests.worker_fault_app",
            **worker_env(site.port, FAULT_PID_DIR=str(tmp_path)),
        )
        results = {source.pk: worker.send("claims.tasks.check_source", source.pk) for source in sources}
        # Four pool processes each hold one check open.
        wait_for(lambda: len(site.requests) >= COMPOSE_CONCURRENCY, timeout=90, message=f"4 checks\n{worker.log()}")
        victim = results[sources[0].pk] if (tmp_path / f"{results[sources[0].pk].id}.pid").exists() else None
        victim = victim or next(r for r in results.values() if (tmp_path / f"{r.id}.pid").exists())
        child_pid = int((tmp_path / f"{victim.id}.pid").read_text())
        assert child_pid != worker.process.pid

        os.kill(child_pid, signal.SIGKILL)  # one pool process, as the out-of-memory killer would
        release.set()

        outcomes = {pk: result.get(timeout=120) for pk, result in results.items()}

    assert set(outcomes.values()) == {LinkOutcome.OK}, worker.log()
    for source in sources:
        assert LinkCheck.objects.filter(source=source).count() == 1, source.url
    assert worker.process.poll() is None  # the worker itself lived on and replaced its pool process
