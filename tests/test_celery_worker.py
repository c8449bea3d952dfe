"""A real Celery worker process, on Redis, runs a task and its result is read back."""

from __future__ import annotations

import pytest

from claimcheck.celery import app, ping

pytestmark = pytest.mark.services


def test_a_real_worker_on_redis_runs_a_task_and_returns_its_result(celery_worker_factory):
    worker = celery_worker_factory()
    result = worker.send(ping.name, "round trip")
    assert result.get(timeout=60) == "round trip", worker.log()
    assert "claimcheck.ping" in worker.log()


def test_the_reliability_settings_are_in_force():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit


def worker_backends(own_pid: int) -> set[int]:
    """PostgreSQL backends connected to the test database, other than this test's own."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> %s", [own_pid])
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_a_worker_keeps_its_database_connection_from_one_task_to_the_next(celery_worker_factory):
    """Celery's Django fixup would open a new connection per task (CELERY_DB_REUSE_MAX in settings)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("counts PostgreSQL backends")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    before = worker_backends(own_pid)  # other tests' connections that have not gone yet
    worker = celery_worker_factory()
    missing_source = 10**12  # the task still asks the database, then finds nothing to check
    assert worker.send("claims.tasks.check_source", missing_source).get(timeout=60) is None, worker.log()
    after_first = worker_backends(own_pid) - before
    assert worker.send("claims.tasks.check_source", missing_source + 1).get(timeout=60) is None, worker.log()
    after_second = worker_backends(own_pid) - before
    assert len(after_first) == 1, after_first  # kept open after the task, not closed by the fixup
    assert after_second == after_first  # and the same backend served the second task


def test_the_redis_broker_channel_keeps_one_client_per_pool_for_its_one_off_commands():
    """kombu built a redis.Redis per publish and per ack: 7.5 % of a link-check worker's CPU (claimcheck/broker.py)."""
    from tests.services import require_redis

    require_redis()
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        first = channel._create_client()
        with channel.conn_or_acquire() as borrowed:
            assert borrowed is first and borrowed.ping()
        assert channel._create_client(asynchronous=True) is not first  # BRPOP keeps a connection of its own
        channel._disconnect_pools()  # what kombu does after a connection error
        renewed = channel._create_client()
        assert renewed is not first and renewed.connection_pool is channel.pool and renewed.ping()
