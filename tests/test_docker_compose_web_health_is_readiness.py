"""The web service's compose health check probes readiness (/readyz: database, broker, cache), which answers 503
while a dependency is down; liveness (/healthz) stays for a process check that must not restart on an outage."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.test_docker_compose import SERVICES


def test_the_web_health_check_asks_readyz():
    probe = " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "/readyz" in probe
    assert "/healthz" not in probe


@pytest.mark.django_db
def test_readyz_names_each_dependency_and_healthz_touches_none(django_assert_num_queries):
    ready = Client().get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ok"
    assert set(ready.json()["checks"]) == {"database", "broker", "cache"}
    with django_assert_num_queries(0):
        assert Client().get("/healthz").content == b"ok"
