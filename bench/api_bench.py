"""Rough timings of the API on a filled database. Run by hand, never in the test suite:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cc_api SECRET_KEY=bench ALLOWED_HOSTS=testserver \\
        API_THROTTLE_ANON=1000000/minute .venv/bin/python bench/api_bench.py --claims 5000

Figures from one run on PostgreSQL with 20,000 claims are in docs/benchmarks.md. Since the reader-pages work,
`q` is PostgreSQL full-text search (claims/search.py), and every bench claim matches "bench claim": the slowest
case, not a typical one.

It migrates the database it is given, adds bench claims if there are fewer than --claims, then prints the median
time and query count of list pages, a detail and the full JSONL export (with its peak traced memory).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimcheck.settings")
# The test client speaks plain HTTP; without this every request would be a redirect to https.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from claims.models import Claim, Claimant, ClaimSource, Rating, Source, Verdict  # noqa: E402
from claims.search import refresh_search_documents  # noqa: E402


def fill(count: int) -> None:
    missing = count - Claim.objects.public().count()
    if missing <= 0:
        return
    claimant, _ = Claimant.objects.get_or_create(slug="bench-claimant", defaults={"name": "Bench claimant"})
    start = Claim.objects.count()
    rating = Rating.objects.order_by("order").first()
    now = timezone.now()
    claims = Claim.objects.bulk_create(
        Claim(text=f"Bench claim {start + n} " + "words " * 40, slug=f"bench-{start + n}", claimant=claimant)
        for n in range(missing)
    )
    Verdict.objects.bulk_create(
        Verdict(
            claim=c,
            rating=rating,
            conclusion="Bench.",
            explanation="Reasons. " * 50,
            status="published",
            published_at=now - timezone.timedelta(seconds=n),
        )
        for n, c in enumerate(claims)
    )
    sources = Source.objects.bulk_create(
        Source(url=f"https://bench.example.org/{start + n}", title=f"Bench source {start + n}") for n in range(missing)
    )
    ClaimSource.objects.bulk_create(
        ClaimSource(claim=c, source=s, role=role)
        for c, s in zip(claims, sources, strict=True)
        for role in ("appearance", "supports", "context")
    )
    # bulk_create bypasses save() and the signals that keep each claim's stored search document current.
    refresh_search_documents(claim_ids=[claim.pk for claim in claims])
    if connection.vendor == "postgresql":
        # Bulk inserts leave the planner's statistics stale until autovacuum runs: refresh them now.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(client: Client, url: str, repeats: int) -> tuple[float, int]:
    durations, queries = [], 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            durations.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(durations) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    fill(args.claims)
    client = Client()
    some_id = Claim.objects.public().order_by("pk").values_list("pk", flat=True).first()
    print(f"{Claim.objects.public().count()} published claims, {connection.vendor}")
    for url in (
        "/api/v1/claims/?page_size=1",
        "/api/v1/claims/?page_size=20",
        "/api/v1/claims/?page_size=100",
        "/api/v1/claims/?page_size=100&ordering=-updated",
        "/api/v1/claims/?page_size=100&q=bench claim",
        f"/api/v1/claims/{some_id}/",
        "/api/v1/sources/?page_size=100",
    ):
        ms, queries = timed(client, url, args.repeats)
        print(f"{url:55} median {ms:8.1f} ms  {queries} queries")
    started = time.perf_counter()
    size = lines = 0
    for chunk in client.get("/api/v1/claims/export.jsonl").streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - started
    print(f"export: {lines} lines, {size / 1e6:.1f} MB in {elapsed:.1f} s")
    tracemalloc.start()
    for _ in client.get("/api/v1/claims/export.jsonl").streaming_content:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"export: peak traced memory {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
