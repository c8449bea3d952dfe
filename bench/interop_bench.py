"""Rough figures for ClaimReview exchange on a filled database. Run by hand, never in the test suite:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cc_interop SECRET_KEY=bench ALLOWED_HOSTS=testserver \\
        .venv/bin/python bench/interop_bench.py --claims 2000 --claims 8000

For each size (filled in turn, as bench/api_bench.py fills): the whole DataFeed streamed through the test client
(time and peak traced memory), three pages of claims:search, and an import of a generated JSON Lines file of
--import-lines reviews (first time, then again: the re-import updates every review).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.management import call_command
from django.test import Client

from bench.api_bench import fill  # importing it sets Django up, as its own script does
from claims.interop.services import claimreviews_import
from claims.models import Claim


def read_feed(client: Client) -> int:
    response = client.get("/feeds/claimreview.json")
    return sum(chunk.count(b'"@type": "DataFeedItem"') for chunk in response.streaming_content)


def feed_once(client: Client) -> tuple[float, int, int]:
    """(seconds, items, peak traced bytes) for full reads of the DataFeed: timed untraced, then traced for memory
    (tracemalloc slows Python several times over)."""
    started = time.perf_counter()
    items = read_feed(client)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    tracemalloc.reset_peak()
    read_feed(client)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, items, peak


def search_pages(client: Client) -> float:
    """Median seconds per page over three pages of `query=bench claim`, following nextPageToken."""
    times, params = [], {"query": "bench claim", "pageSize": "10"}
    for _page in range(3):
        started = time.perf_counter()
        body = client.get("/factchecktools/v1alpha1/claims:search", params).json()
        times.append(time.perf_counter() - started)
        params["pageToken"] = body["nextPageToken"]
    return statistics.median(times)


def import_lines(count: int, run: int) -> str:
    return "\n".join(
        json.dumps(
            {
                "@type": "ClaimReview",
                "url": f"https://partner.example.org/bench/{n}",
                "claimReviewed": f"Partner bench claim {n}",
                "reviewRating": {"alternateName": "Misleading" if n % 2 else "Satire"},
                "author": {"name": "Partner desk", "url": "https://partner.example.org/"},
                "datePublished": "2026-11-30",
                "headline": f"Run {run}",
            }
        )
        for n in range(count)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, action="append", default=None)
    parser.add_argument("--import-lines", type=int, default=500)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    client = Client()
    for size in sorted(args.claims or [2000]):
        fill(size)
        seconds, items, peak = feed_once(client)
        print(
            f"{Claim.objects.public().count():>6} published: DataFeed {items} items in {seconds:.2f} s, "
            f"peak {peak / 1e6:.1f} MB"
        )
        print(f"{'':>6}            claims:search median page {search_pages(client) * 1000:.0f} ms")
    for run in (1, 2):
        started = time.perf_counter()
        report = claimreviews_import(
            content=import_lines(args.import_lines, run), location="bench", origin="file", user=None
        )
        elapsed = time.perf_counter() - started
        print(
            f"import of {args.import_lines} reviews (run {run}): {elapsed:.1f} s, "
            f"{report.created} created, {report.updated} updated, {len(report.errors)} refused"
        )


if __name__ == "__main__":
    main()
