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
