"""60 s of mixed reader and API load against gunicorn on PostgreSQL while the link checker sweeps 2,000 sources.

Run by hand, never in the test suite (figures in docs/benchmarks.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cc_load .venv/bin/python bench/mixed_load.py --seconds 60

It migrates the database it is given and fills it (published claims, and --sources sources on local HTTP servers
on 127.0.0.1 that answer after ~20 ms), then starts, on free ports: a private redis-server (broker and cache, as
in docker-compose.yml), gunicorn (production settings, the throttle raised for the run) and a Celery worker. It
enqueues a sweep of every source, sends requests from --clients threads for --seconds (home, verdict pages,
search, the API list, search, detail and export-free pages, feeds, the sitemap) and prints, per kind and overall,
the count, 5xx answers, errors (no answer) and p50/p99 latency, and how many checks the worker recorded. It stops
only what it started, by PID.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listening on {port} after {timeout}s")


class SlowPage(BaseHTTPRequestHandler):
    """A cited page: 200 after ~20 ms (404 for the checker's soft-404 probe of a random sibling)."""

    def _answer(self, body: bool) -> None:
        time.sleep(0.02)
        status = 200 if self.path.startswith("/story-") else 404
        payload = f"<html><body>Story {self.path}</body></html>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_GET(self):
        self._answer(True)

    def do_HEAD(self):
        self._answer(False)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the checker hangs up once it has read enough of a body: a broken pipe here is expected


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--claims", type=int, default=500)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--sites", type=int, default=8)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database of its own")

    folder = Path(tempfile.mkdtemp(prefix="claimcheck-load-"))
    processes: list[subprocess.Popen] = []
    sites = [QuietServer(("127.0.0.1", 0), SlowPage) for _ in range(args.sites)]
    for site in sites:
        threading.Thread(target=site.serve_forever, daemon=True).start()
    ports = [site.server_address[1] for site in sites]

    redis_port = free_port()
    processes.append(
        subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
    )
    wait_port(redis_port)
    env = {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-key"),
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        "API_THROTTLE_ANON": "100000000/minute",
        "STATIC_ROOT": str(folder / "static"),
        "LINKCHECK_ALLOWED_NETWORKS": "127.0.0.1/32",
        "LINKCHECK_EXTRA_PORTS": ",".join(map(str, ports)),
        "LINKCHECK_PER_HOST_CONCURRENCY": "4",
        "ARCHIVE_BACKEND": "none",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    claim_slugs, words = fill(claims=args.claims, sources=args.sources, ports=ports)

    try:
        web_port = free_port()
        gunicorn = [sys.executable, "-m", "gunicorn", "claimcheck.wsgi:application", "--bind", f"127.0.0.1:{web_port}",
                    "--workers", "3", "--log-level", "warning"]  # fmt: skip
        processes.append(subprocess.Popen(gunicorn, cwd=BASE_DIR, env=env))
        worker = [sys.executable, "-m", "celery", "-A", "claimcheck", "worker", "--concurrency", "4",
                  "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]  # fmt: skip
        log = (folder / "worker.log").open("wb")
        processes.append(
            subprocess.Popen(
                worker, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        )
        wait_port(web_port)
        from claims.linkcheck.tasks import sweep_link_checks
        from claims.models import LinkCheck

        checks_before = LinkCheck.objects.count()
        swept = sweep_link_checks(batch_size=args.sources)
        results = load(f"http://127.0.0.1:{web_port}", claim_slugs, words, seconds=args.seconds, clients=args.clients)
        checks = LinkCheck.objects.count() - checks_before
        report(results, swept=swept, checks=checks, seconds=args.seconds)
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                if process.args[2:4] == ["celery", "-A"]:  # the worker and its pool processes
                    os.killpg(process.pid, signal.SIGTERM)
                else:
                    process.terminate()
                process.wait(timeout=30)
        for site in sites:
            site.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


def fill(*, claims: int, sources: int, ports: list[int]) -> tuple[list[str], list[str]]:
    from django.utils import timezone

    from claims.models import Claim, Claimant, ClaimSource, Rating, Source, Verdict
    from claims.search import refresh_search_documents

    words = ["river", "budget", "marathon", "vaccine", "election", "drought"]
    if Claim.objects.filter(slug__startswith="load-").count() < claims:
        claimant, _ = Claimant.objects.get_or_create(slug="load-claimant", defaults={"name": "Load claimant"})
        ratings = list(Rating.objects.all())
        made = Claim.objects.bulk_create(
            Claim(text=f"Load claim {n} about the {words[n % len(words)]} " + "words " * 30, slug=f"load-{n}",
                  claimant=claimant)
            for n in range(claims)
        )  # fmt: skip
        now = timezone.now()
        Verdict.objects.bulk_create(
            Verdict(claim=c, rating=ratings[n % len(ratings)], conclusion="Load.", explanation="Reasons. " * 40,
                    status=Verdict.Status.PUBLISHED, published_at=now)
            for n, c in enumerate(made)
        )  # fmt: skip
        refresh_search_documents(claim_ids=[c.pk for c in made])
    # Every run checks every source again: new URLs on this run's ports.
    Source.objects.filter(title__startswith="Load source").delete()
    made_sources = Source.objects.bulk_create(
        Source(url=f"http://127.0.0.1:{ports[n % len(ports)]}/story-{n}-{time.time_ns()}", title=f"Load source {n}")
        for n in range(sources)
    )
    load_claims = list(Claim.objects.filter(slug__startswith="load-").order_by("pk"))
    ClaimSource.objects.bulk_create(
        ClaimSource(claim=load_claims[n % len(load_claims)], source=s, role=ClaimSource.Role.SUPPORTS, position=n)
        for n, s in enumerate(made_sources)
    )
    return [c.slug for c in load_claims], words


def load(base: str, slugs: list[str], words: list[str], *, seconds: int, clients: int) -> list[tuple[str, int, float]]:
    import httpx

    def pick(rng: random.Random) -> tuple[str, str]:
        kind = rng.choice(["home", "verdict", "verdict", "search", "api list", "api search", "api detail", "feed",
                           "sitemap"])  # fmt: skip
        url = {
            "home": "/",
            "verdict": f"/claims/{rng.choice(slugs)}/",
            "search": f"/search/?q={rng.choice(words)}",
            "api list": "/api/v1/claims/",
            "api search": f"/api/v1/claims/?q={rng.choice(words)}",
            "api detail": "/api/v1/claims/?page_size=5",
            "feed": "/feeds/latest/",
            "sitemap": "/sitemap.xml",
        }[kind]
        return kind, url

    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < deadline:
                kind, url = pick(rng)
                started = time.monotonic()
                try:
                    status = http.get(url).status_code
                except httpx.HTTPError:
                    status = 0  # no answer: an error
                with lock:
                    results.append((kind, status, time.monotonic() - started))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(results: list[tuple[str, int, float]], *, swept: int, checks: int, seconds: int) -> None:
    print(f"sources swept: {swept}; link checks recorded during the run: {checks}")
    print(f"{'kind':<12}{'requests':>9}{'5xx':>6}{'errors':>8}{'other':>7}{'p50 ms':>9}{'p99 ms':>9}")
    kinds = [*sorted({kind for kind, _, _ in results}), "all"]
    for kind in kinds:
        rows = [r for r in results if kind in ("all", r[0])]
        times = [t * 1000 for _, _, t in rows]
        server_errors = sum(1 for _, status, _ in rows if status >= 500)
        errors = sum(1 for _, status, _ in rows if status == 0)
        other = sum(1 for _, status, _ in rows if 0 < status < 500 and status != 200)
        print(f"{kind:<12}{len(rows):>9}{server_errors:>6}{errors:>8}{other:>7}"
              f"{statistics.median(times):>9.0f}{percentile(times, 0.99):>9.0f}")  # fmt: skip
    print(f"throughput: {len(results) / seconds:.1f} requests/s")


if __name__ == "__main__":
    main()
