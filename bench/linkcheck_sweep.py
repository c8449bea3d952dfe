"""A link-check sweep measured on the real path, by hand (figures in docs/benchmarks.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cc_bench_sweep CELERY_BROKER_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/linkcheck_sweep.py [--sources 2000] [--hosts 16] [--delay 0.1]

N sources spread over H local host names (127.0.0.2, 127.0.0.3, …, one HTTP server each on one port, allowed
by LINKCHECK_ALLOWED_NETWORKS as in the tests), every answer sent after `delay` seconds. Modes, one after the
other on the same sources (link state and checks reset between them):

1. a plain sequential loop: one GET per URL with httpx, no guard, no database (on a sample: N × delay is long);
2. `manage.py check_links --all --sync --workers H×P` (P = LINKCHECK_PER_HOST_CONCURRENCY), run in this
   process (call_command: a new process would add seconds of start-up on a loaded machine);
3. `manage.py check_links --all` through real Celery workers on Redis (one row per --celery-processes value,
   `--pool threads|prefork --concurrency C`, C = --celery-concurrency or H×P ÷ processes), timed from the first
   enqueue to the last recorded check (workers started, and connected, before). The sweep's tasks are batches of
   LINKCHECK_TASK_BATCH sources fetched in each process's LINKCHECK_FETCH_THREADS threads;
4. scale-out, not politeness-bound (per-host limit raised to 1,000): one worker process against three, each
   `--pool threads --concurrency C` (C = --scaleout-concurrency) with F fetch threads (--scaleout-fetch-threads),
   so that one process's concurrency, not the machine's two cores, is what three processes multiply.

The politeness bound is (N / H) / P × delay: the fastest a sweep may go while no host ever has more than P
requests at once. It needs PostgreSQL (SKIP LOCKED, threads) and Redis (broker and per-host slots).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

ARTICLE = b"<html><body><h1>Report %d</h1><p>" + b"The figures the minister quoted. " * 40 + b"</p></body></html>"


def start_hosts(count: int, delay: float) -> tuple[multiprocessing.Process, int]:
    """One threaded HTTP server per host name 127.0.0.2 … on one shared port; every answer waits `delay` s.

    They run in a process of their own, so that they never compete for this process's GIL with the checks.
    """

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            time.sleep(delay)
            if self.path.startswith("/report-"):
                body, status = ARTICLE % int(self.path.rsplit("-", 1)[1]), 200
            else:
                body, status = b"<html><body>Not found</body></html>", 404
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_HEAD = do_GET

        def log_message(self, format, *args) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256

    probe = socket.socket()
    probe.bind(("127.0.0.2", 0))
    port = probe.getsockname()[1]
    probe.close()
    servers = [Server((f"127.0.0.{n + 2}", port), Handler) for n in range(count)]

    def serve() -> None:
        for server in servers[1:]:
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers[0].serve_forever(poll_interval=0.05)

    process = multiprocessing.get_context("fork").Process(target=serve, daemon=True)
    process.start()
    for server in servers:
        server.server_close()  # the child serves them
    return process, port


def configure(port: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimcheck.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["LINKCHECK_ALLOWED_NETWORKS"] = "127.0.0.0/24"
    os.environ["LINKCHECK_EXTRA_PORTS"] = str(port)
    os.environ["ARCHIVE_BACKEND"] = "none"
    for name in ("DATABASE_URL", "CELERY_BROKER_URL"):
        if not os.environ.get(name):
            sys.exit(f"{name} must be set (PostgreSQL and Redis): see the module docstring")
    import logging

    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request would cost the sweep CPU


def reset(source_ids: list[int]) -> None:
    from claims.linkcheck.models import LinkCheck
    from claims.models import Source

    LinkCheck.objects.filter(source_id__in=source_ids).delete()
    Source.objects.filter(pk__in=source_ids).update(
        link_health="unchecked", last_outcome="", last_checked_at=None, next_check_at=None, consecutive_failures=0
    )


def wait_for_checks(source_ids: list[int], *, timeout: float) -> None:
    from claims.linkcheck.models import LinkCheck

    deadline = time.monotonic() + timeout
    # A range, not `IN (2,000 ids)`: this poll runs ten times a second beside the workers it measures.
    recorded = LinkCheck.objects.filter(source_id__gte=min(source_ids), source_id__lte=max(source_ids))
    while recorded.count() < len(source_ids):
        if time.monotonic() > deadline:
            raise SystemExit(f"the sweep did not finish within {timeout}s")
        time.sleep(0.1)


def manage(*args: str) -> float:
    """Run a management command in this process (a new process would add seconds of start-up to the figure)."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command(*args, stdout=open(os.devnull, "w"))  # noqa: SIM115 (closed with the process)
    return time.perf_counter() - started


def start_workers(
    count: int, *, concurrency: int, queue: str, env: dict | None = None, pool: str = "threads"
) -> list[subprocess.Popen]:
    workers = []
    for n in range(count):
        command = [sys.executable, "-m", "celery", "-A", "claimcheck", "worker", "--pool", pool,
                   "--concurrency", str(concurrency), "--queues", queue, "--loglevel", "WARNING",
                   "--without-gossip", "--without-mingle", "--without-heartbeat",
                   "--hostname", f"sweep{n}-{uuid.uuid4().hex[:6]}@%h"]  # fmt: skip
        workers.append(
            subprocess.Popen(command, cwd=BASE_DIR, env={**os.environ, **(env or {})}, start_new_session=True)
        )
    time.sleep(6)  # let them connect to the broker before the first message
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def sweep_through_workers(
    source_ids: list[int], *, workers: int, concurrency: int, env: dict | None = None, pool: str = "threads"
) -> float:
    """Time from `check_links --all` enqueueing to the last check recorded, through real Celery workers."""
    from claimcheck.celery import app

    queue = "celery"  # where `check_links --all` sends its tasks: use a Redis database of the bench's own
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)
    processes = start_workers(workers, concurrency=concurrency, queue=queue, env=env, pool=pool)
    try:
        reset(source_ids)
        started = time.perf_counter()
        manage("check_links", "--all")
        wait_for_checks(source_ids, timeout=1800)
        elapsed = time.perf_counter() - started
    finally:
        stop_workers(processes)
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(queue)
    return elapsed


def sequential_loop(urls: list[str]) -> float:
    import httpx

    started = time.perf_counter()
    with httpx.Client(trust_env=False, timeout=10) as client:
        for url in urls:
            client.get(url)
    return time.perf_counter() - started


def outcomes(source_ids: list[int]) -> dict[str, int]:
    from django.db.models import Count

    from claims.linkcheck.models import LinkCheck

    rows = LinkCheck.objects.filter(source_id__in=source_ids).values("outcome").annotate(n=Count("pk"))
    return {row["outcome"]: row["n"] for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--sequential-sample", type=int, default=200)
    parser.add_argument("--scaleout-concurrency", type=int, default=2, help="batch tasks at once per process")
    parser.add_argument("--scaleout-fetch-threads", type=int, default=4, help="LINKCHECK_FETCH_THREADS per process")
    parser.add_argument(
        "--celery-processes",
        type=int,
        nargs="+",
        default=[1],
        help="worker processes for the Celery rows (one row each)",
    )
    parser.add_argument(
        "--celery-concurrency",
        type=int,
        default=0,
        help="threads per worker process for the Celery rows (default: hosts × per-host limit ÷ processes)",
    )
    parser.add_argument("--pool", default="threads", choices=["threads", "prefork"], help="for the Celery rows")
    parser.add_argument(
        "--sync-workers", type=int, default=0, help="threads for the --sync row (default: hosts × per-host limit)"
    )
    parser.add_argument("--skip", nargs="*", default=[], choices=["sequential", "sync", "celery", "scaleout"])
    options = parser.parse_args()

    hosts, port = start_hosts(options.hosts, options.delay)
    configure(port)
    from django.conf import settings
    from django.core.management import call_command

    from claims.models import Source

    call_command("migrate", verbosity=0)
    Source.objects.filter(title__startswith="bench-sweep ").delete()
    urls = [f"http://127.0.0.{n % options.hosts + 2}:{port}/report-{n}" for n in range(options.sources)]
    sources = Source.objects.bulk_create(
        [Source(url=url, title=f"bench-sweep {n}", kind="news_report") for n, url in enumerate(urls)]
    )
    source_ids = [source.pk for source in sources]
    per_host = settings.LINKCHECK_PER_HOST_CONCURRENCY
    bound = options.sources / options.hosts / per_host * options.delay
    threads = options.hosts * per_host
    results: list[tuple[str, float, str]] = []

    if "sequential" not in options.skip:
        sample = urls[: options.sequential_sample]
        elapsed = sequential_loop(sample) * options.sources / len(sample)
        results.append((f"plain sequential loop (httpx GET, measured on {len(sample)} URLs, scaled)", elapsed, ""))
    if "sync" not in options.skip:
        reset(source_ids)
        sync_threads = options.sync_workers or threads
        elapsed = manage("check_links", "--all", "--sync", "--workers", str(sync_threads))
        results.append((f"`check_links --all --sync --workers {sync_threads}`", elapsed, str(outcomes(source_ids))))
    if "celery" not in options.skip:
        for processes in options.celery_processes:
            per_process = options.celery_concurrency or max(1, threads // processes)
            elapsed = sweep_through_workers(source_ids, workers=processes, concurrency=per_process, pool=options.pool)
            label = (
                f"`check_links --all`, {processes} worker process(es), `--pool {options.pool} --concurrency "
                f"{per_process}`"
            )
            results.append((label, elapsed, str(outcomes(source_ids))))
    scaleout = []
    if "scaleout" not in options.skip:
        unbounded = {
            "LINKCHECK_PER_HOST_CONCURRENCY": "1000",
            "LINKCHECK_FETCH_THREADS": str(options.scaleout_fetch_threads),
        }
        for workers in (1, 3):
            elapsed = sweep_through_workers(
                source_ids, workers=workers, concurrency=options.scaleout_concurrency, env=unbounded
            )
            scaleout.append((workers, elapsed, str(outcomes(source_ids))))

    Source.objects.filter(pk__in=source_ids).delete()
    hosts.terminate()

    print(f"\n{datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} CPUs (shared), "
          f"Python {platform.python_version()}")  # fmt: skip
    rate = options.sources / bound
    print(f"{options.sources} sources on {options.hosts} hosts, {options.delay * 1000:.0f} ms per answer, "
          f"per-host limit {per_host}: politeness bound {bound:.2f} s ({rate:.0f} URLs/s)\n")  # fmt: skip
    print(f"LINKCHECK_TASK_BATCH={settings.LINKCHECK_TASK_BATCH}, LINKCHECK_FETCH_THREADS="
          f"{settings.LINKCHECK_FETCH_THREADS} (per worker process)\n")  # fmt: skip
    print("| mode | time | URLs/s | × bound | outcomes |\n| --- | ---: | ---: | ---: | --- |")
    for label, elapsed, seen in results:
        print(f"| {label} | {elapsed:.1f} s | {options.sources / elapsed:.0f} | {elapsed / bound:.2f} | {seen} |")
    if scaleout:
        print(f"\nScale-out, per-host limit 1000 (not politeness-bound), `--pool threads --concurrency "
              f"{options.scaleout_concurrency}` and LINKCHECK_FETCH_THREADS={options.scaleout_fetch_threads} per "
              "worker process:\n")  # fmt: skip
        print("| worker processes | time | URLs/s | outcomes |\n| ---: | ---: | ---: | --- |")
        for workers, elapsed, seen in scaleout:
            print(f"| {workers} | {elapsed:.1f} s | {options.sources / elapsed:.0f} | {seen} |")
        print(f"\nspeed-up, 3 processes against 1: {scaleout[0][1] / scaleout[1][1]:.2f}×")


if __name__ == "__main__":
    main()
