"""Attack on 4408adf's `check_links --sync`: each thread now keeps one database connection for all its checks.

Before, every check closed its connection, so a PostgreSQL blip cost the checks running at that moment. With one
connection per thread kept for the whole sweep and nothing checking it between checks, a connection cut once
(a PostgreSQL restart, a failover, an idle-session killer) fails every later check of that thread: a first import
of thousands of sources would be recorded as thousands of "error"s.

The cut is real: the test site's page terminates the other backends of the test database (pg_terminate_backend)
the first time it is fetched, while both threads hold their connections.
"""

from __future__ import annotations

import re
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections

from claims.models import Source
from tests.linkcheck_sites import allow_local_site, local_site, respond

SOURCES = 12
WORKERS = 2


def test_a_connection_cut_mid_sweep_costs_only_the_checks_in_flight(transactional_db, settings):
    if connection.vendor != "postgresql":
        pytest.skip("terminates PostgreSQL backends")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    cut = threading.Event()
    cut_lock = threading.Lock()

    def page_that_cuts_the_database_once(handler) -> None:
        with cut_lock:
            if not cut.is_set():
                time.sleep(0.3)  # both checking threads are inside a check, their connections open
                server_side = connections["default"]  # this server thread's own connection
                with server_side.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid() AND pid <> %s",
                        [own_pid],
                    )
                server_side.close()
                cut.set()
        respond(handler, 200, b"<html><body>fine</body></html>")

    with local_site() as site:
        allow_local_site(settings, site)
        site.routes["/page"] = page_that_cuts_the_database_once
        Source.objects.bulk_create([Source(url=site.url(f"/page?n={n}"), title=f"p{n}") for n in range(SOURCES)])
        out = StringIO()
        call_command("check_links", "--all", "--sync", "--workers", str(WORKERS), stdout=out, stderr=StringIO())
    assert cut.is_set()
    summary = re.search(r"Checked \d+ sources \(([^)]*)\)", out.getvalue()).group(1)
    counts = {name: int(count) for name, count in (part.split(": ") for part in summary.split(", "))}
    assert counts.get("error", 0) <= WORKERS, summary  # the checks in flight at the cut, no more
    assert counts.get("ok", 0) >= SOURCES - WORKERS, summary
