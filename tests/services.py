"""Reaching the real services the tests depend on: skip on a bare laptop, fail under CI (CI=true).

`make test` on a laptop without Redis still runs everything else and says why a test was skipped;
`.ci/run` sets CI, where an unreachable service is a failure, never a silent skip.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def service_unavailable(reason: str) -> None:
    """Fail under CI, skip elsewhere, with the same reason either way."""
    if IN_CI:
        pytest.fail(f"required service unreachable under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def redis_url() -> str:
    """The Redis the tests use: CELERY_BROKER_URL when it is Redis, else the machine's default Redis."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    return broker if broker.startswith("redis://") else "redis://127.0.0.1:6379/0"


def tcp_reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def require_redis() -> str:
    url = redis_url()
    if not tcp_reachable(url, 6379):
        service_unavailable(f"Redis is not reachable at {url}")
    return url
