"""Attack on 4408adf (workers keep their database connection between tasks, CELERY_DB_REUSE_MAX): a worker whose
kept connection was cut by a PostgreSQL restart must serve the next task, not fail on the dead connection, and
one task that ran while the database was down must not poison the ones after it.

A real prefork worker on the shared Redis, against a private PostgreSQL cluster that this test starts, restarts
and removes (tests/private_services.py); the machine's own PostgreSQL is not touched.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import BASE_DIR
from tests.private_services import PrivatePostgres

pytestmark = [pytest.mark.services, pytest.mark.slow]

PURGE = "claims.tips.tasks.purge_expired_tips"  # no autoretry: a dead connection would show as a failed task


@pytest.fixture
def private_postgres():
    cluster = PrivatePostgres().init().start()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "CACHE_URL", "DATABASE_URL"))},
        "DATABASE_URL": cluster.url(),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=BASE_DIR, env=env, check=True)
    yield cluster
    cluster.remove()


def test_a_worker_whose_connection_was_cut_by_a_restart_serves_the_next_task(private_postgres, celery_worker_factory):
    worker = celery_worker_factory(DATABASE_URL=private_postgres.url(), DB_CONNECT_TIMEOUT="2")
    assert worker.send(PURGE).get(timeout=90) == [0, 0], worker.log()
    assert worker.send(PURGE).get(timeout=30) == [0, 0], worker.log()  # the kept connection

    private_postgres.stop()
    private_postgres.start()

    assert worker.send(PURGE).get(timeout=30, propagate=False) == [0, 0], worker.log()[-3000:]
    assert worker.send(PURGE).get(timeout=30) == [0, 0], worker.log()[-3000:]


def test_a_task_that_ran_while_postgres_was_down_does_not_break_the_ones_after(private_postgres, celery_worker_factory):
    worker = celery_worker_factory(DATABASE_URL=private_postgres.url(), DB_CONNECT_TIMEOUT="2")
    assert worker.send(PURGE).get(timeout=90) == [0, 0], worker.log()

    private_postgres.stop()
    during = worker.send(PURGE)
    during.get(timeout=60, propagate=False)
    assert during.failed()  # the database was down: this one may fail
    private_postgres.start()

    assert worker.send(PURGE).get(timeout=30, propagate=False) == [0, 0], worker.log()[-3000:]
