"""PostgreSQL down: readers and API clients get 503 with Retry-After (a plain page, the API's JSON error), /readyz
fails while /healthz still answers, and once the database is back the same gunicorn serves again, unrestarted.

The test starts its own PostgreSQL cluster (initdb + pg_ctl) and gunicorn on free ports, and stops only those.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import BASE_DIR, wait_for
from tests.private_services import PrivatePostgres, free_port

pytestmark = [pytest.mark.services, pytest.mark.slow]


@pytest.fixture
def private_postgres():
    cluster = PrivatePostgres().init().start()
    yield cluster
    cluster.remove()


@pytest.fixture
def gunicorn_on(private_postgres, collected_static, tmp_path):
    """gunicorn (production settings: DEBUG off) serving the app from the private cluster, migrated first."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "CACHE_URL", "DATABASE_URL"))},
        "SECRET_KEY": "insecure-test-only-key",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": private_postgres.url(),
        "DB_CONNECT_TIMEOUT": "2",
        "STATIC_ROOT": str(collected_static),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=BASE_DIR, env=env, check=True)
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "claimcheck.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--timeout", "60"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20)

    def up() -> bool:
        try:
            return client.get("/healthz").status_code == 200
        except httpx.TransportError:
            return False

    wait_for(up, timeout=60, message="gunicorn to answer /healthz")
    yield client
    client.close()
    server.terminate()
    server.wait(timeout=20)


def test_a_database_outage_is_a_503_with_retry_after_and_a_failing_readyz_then_recovers(private_postgres, gunicorn_on):
    client = gunicorn_on
    assert client.get("/").status_code == 200
    assert client.get("/readyz").json()["checks"]["database"] == "ok"

    private_postgres.stop()

    started = time.monotonic()
    # A page read before the outage is still served from the page cache (claims/pagecache.py) ...
    assert client.get("/").status_code == 200
    # ... and one that needs the database gets the 503.
    page = client.get("/ratings/")
    assert page.status_code == 503
    assert int(page.headers["Retry-After"]) > 0
    assert page.headers["Content-Type"].startswith("text/plain")
    assert "try again" in page.text
    api = client.get("/api/v1/claims/")
    assert api.status_code == 503
    assert int(api.headers["Retry-After"]) > 0
    assert api.json()["code"] == "service_unavailable"
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] != "ok"
    assert client.get("/healthz").status_code == 200  # alive: no restart wanted, only traffic held back
    assert time.monotonic() - started < 20

    private_postgres.start()

    assert client.get("/").status_code == 200
    assert client.get("/api/v1/claims/").status_code == 200
    assert client.get("/readyz").status_code == 200
