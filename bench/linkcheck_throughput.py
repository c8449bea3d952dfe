"""Link-check throughput against a local server, by hand: `python bench/linkcheck_throughput.py [N] [THREADS]`.

Measures the checker alone (claims/linkcheck/fetch.py: GET, soft-404 probe, guard on every connection), with no
database, first one by one and then with threads sharing the per-host limit of 2 (lock-file slots). Each page
answers after a simulated 20 ms server delay.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimcheck.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django

django.setup()
logging.getLogger("httpx").setLevel(logging.WARNING)

from claims.linkcheck.fetch import CheckerConfig, LinkChecker  # noqa: E402
from claims.linkcheck.guard import GuardPolicy, parse_networks  # noqa: E402
from claims.linkcheck.hostslots import FileHostSlots, host_slot  # noqa: E402
from tests.linkcheck_sites import LocalSite, local_site, respond  # noqa: E402


def slow_page(handler) -> None:
    time.sleep(0.02)
    if "story" in handler.path:
        respond(handler, 200, b"<html><body>" + b"word " * 2000 + b"</body></html>")
    else:
        respond(handler, 404, b"not found")


def main(count: int = 200, threads: int = 8) -> None:
    slots = FileHostSlots(Path(tempfile.mkdtemp()))
    with local_site() as site:
        site.default = slow_page
        policy = GuardPolicy(allowed_ports=frozenset({site.port}), allowed_networks=parse_networks(["127.0.0.1/32"]))
        config = CheckerConfig(policy=policy)
        urls = [site.url(f"/story-{n}") for n in range(count)]

        def check(url: str) -> str:
            with LinkChecker(config) as checker, host_slot("127.0.0.1", limit=2, slots=slots):
                return checker.check(url).outcome

        started = time.perf_counter()
        outcomes = [check(url) for url in urls]
        serial = time.perf_counter() - started
        assert set(outcomes) == {"ok"}, set(outcomes)

        started = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            outcomes = list(pool.map(check, urls))
        parallel = time.perf_counter() - started
        assert set(outcomes) == {"ok"}, set(outcomes)
    many_hosts = spread_over_hosts(count, threads * 2, slots)
    print(f"{count} checks, 3 requests each, 20 ms server delay per request")
    print(
        f"one at a time:                    {count / serial:6.1f} checks/s ({1000 * serial / count:.0f} ms per check)"
    )
    print(f"{threads} threads, one host (2 at once): {count / parallel:6.1f} checks/s")
    print(f"{threads * 2} threads, 8 hosts (2 at once each): {count / many_hosts:6.1f} checks/s")


def spread_over_hosts(count: int, threads: int, slots: FileHostSlots) -> float:
    """The same checks spread over 8 local hosts (127.0.0.1-8), each with its own politeness slots."""
    sites = [LocalSite(f"127.0.0.{n}").start() for n in range(1, 9)]
    try:
        for site in sites:
            site.default = slow_page
        policy = GuardPolicy(
            allowed_ports=frozenset(site.port for site in sites), allowed_networks=parse_networks(["127.0.0.0/8"])
        )
        config = CheckerConfig(policy=policy)
        work = [(sites[n % 8], sites[n % 8].url(f"/story-{n}")) for n in range(count)]

        def check(item) -> str:
            site, url = item
            with LinkChecker(config) as checker, host_slot(site.host, limit=2, slots=slots):
                return checker.check(url).outcome

        started = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            outcomes = list(pool.map(check, work))
        elapsed = time.perf_counter() - started
        assert set(outcomes) == {"ok"}, set(outcomes)
        return elapsed
    finally:
        for site in sites:
            site.stop()


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
