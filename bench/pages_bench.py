"""Rough timings of the reader pages on a filled PostgreSQL database. Run by hand, never in the test suite:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cc_bench .venv/bin/python bench/pages_bench.py --claims 20000

--claims defaults to 2,000 (filled and measured in under a minute); 20,000 takes about 4 minutes, most of it
building the sitemap, the fill itself under half a minute. Give it a
database of its own: it migrates it and adds bench claims until --claims are published, then reuses them on the
next run. SECRET_KEY, ALLOWED_HOSTS and SECURE_SSL_REDIRECT get bench defaults unless set.

Each published claim has a claimant (one per 100 claims), a Markdown explanation, three sources (one in seven
dead with an archived copy), a correction on one in ten (two on one in fifty) and related claims on one in
five. One word is common (about half the claims say "government") and one is rare (one claim in 1,000 says
"zeppelin"), for the two searches.

It prints, per page, the median time (in all, and the part spent in SQL as Django times it, to the
millisecond), the query count and the body size of --repeats requests through Django's test client
(the whole middleware stack and template rendering, no network and no web server), then the verdict page's
304s against its 200, and EXPLAIN ANALYZE of the queries the two searches ran: whether the planner used the GIN
index on the stored search document (migration 0006). DEBUG stays off and static files are collected into a
temporary folder, as the tests do, so the pages render with production settings. SHOW_PLANS=1 prints the plans.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimcheck.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# The test client speaks plain HTTP; without this every page would be a redirect to https.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from claims.linkcheck.outcomes import LinkHealth, LinkOutcome  # noqa: E402
from claims.models import (  # noqa: E402
    Claim,
    Claimant,
    ClaimRelation,
    ClaimSource,
    Correction,
    Rating,
    Source,
    Verdict,
)
from claims.search import refresh_search_documents, search_claims  # noqa: E402

COMMON_WORD = "government"
RARE_WORD = "zeppelin"
RARE_EVERY = 1000
CLAIMS_PER_CLAIMANT = 100
BATCH = 2000
GIN_INDEXES = ("claim_search_document_gin",)

# Newsroom vocabulary for claim texts and explanations; neither search word is in it.
VOCABULARY_TEXT = (
    "budget deficit tax inflation wages jobs unemployment hospital school teachers police crime border migrants "
    "election vote turnout ballot minister president parliament senate mayor council city province region "
    "country export import oil gas prices fuel electricity water drought flood climate emissions carbon forest "
    "vaccine doctors nurses patients beds waiting list pension retirement housing rent mortgage interest bank "
    "currency debt loan growth economy factory farmers wheat rice bread sanctions trade deal treaty army soldiers "
    "marathon stadium athletes women men olympic medal football league record percent million billion doubled "
    "halved tripled fell rose since last year decade highest lowest ever never always every"
)
VOCABULARY = VOCABULARY_TEXT.split()


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(count))


def fill(count: int) -> None:
    """Add published bench claims (with sources, corrections and relations) until `count` are public."""
    missing = count - Claim.objects.public().count()
    if missing <= 0:
        return
    start = Claim.objects.count()
    rng = random.Random(start)
    ratings = list(Rating.objects.order_by("order"))
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        claimants = Claimant.objects.bulk_create(
            Claimant(name=f"{words(rng, 2).title()} {start + n}", slug=f"pages-bench-claimant-{start + n}")
            for n in range(max(1, missing // CLAIMS_PER_CLAIMANT))
        )
        for offset in range(0, missing, BATCH):
            numbers = range(start + offset, start + min(offset + BATCH, missing))
            claims = Claim.objects.bulk_create(claim(n, rng, claimants) for n in numbers)
            Verdict.objects.bulk_create(
                Verdict(
                    claim=c,
                    rating=ratings[n % len(ratings)],
                    conclusion=f"{words(rng, 12).capitalize()}.",
                    explanation=explanation(rng, n),
                    status=Verdict.Status.PUBLISHED,
                    published_at=now - timezone.timedelta(minutes=n),
                )
                for n, c in zip(numbers, claims, strict=True)
            )
            add_sources(numbers, claims, rng, now)
            verdicts = {v.claim_id: v for v in Verdict.objects.filter(claim__in=claims)}
            Correction.objects.bulk_create(
                Correction(verdict=verdicts[c.pk], note=f"Corrected: {words(rng, 15)}.", published_at=now)
                for n, c in zip(numbers, claims, strict=True)
                for _ in range((n % 10 == 0) + (n % 50 == 0))
            )
            by_number = dict(zip(numbers, claims, strict=True))
            ClaimRelation.objects.bulk_create(
                relation
                for n, c in by_number.items()
                if n % 5 == 0 and n - 7 in by_number
                for relation in (
                    ClaimRelation(from_claim=c, to_claim=by_number[n - 1], relation="contradicts"),
                    ClaimRelation(from_claim=by_number[n - 7], to_claim=c, relation="repeats"),
                )
            )
            print(f"  filled {numbers[-1] - start + 1}/{missing} claims", file=sys.stderr)
    # bulk_create bypasses save() and the signals that keep each claim's stored search document current.
    refresh_search_documents()
    # Bulk inserts leave the planner's statistics stale until autovacuum runs: refresh them now.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"filled {missing} claims in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def claim(n: int, rng: random.Random, claimants: list[Claimant]) -> Claim:
    text = words(rng, rng.randint(20, 45))
    if rng.random() < 0.5:
        text = f"The {COMMON_WORD} {text}"
    if n % RARE_EVERY == 0:
        text = f"{text} {RARE_WORD}"
    return Claim(
        text=text.capitalize() + ".",
        summary=text[:75],
        slug=f"pages-bench-{n}",
        claimant=claimants[n % len(claimants)],
        appeared_in=f"Interview {n}",
    )


def explanation(rng: random.Random, n: int) -> str:
    paragraphs = [f"{words(rng, 60).capitalize()}." for _ in range(4)]
    return (
        "\n\n".join(paragraphs)
        + f"\n\n- **{words(rng, 3)}**: {words(rng, 10)}\n- [{words(rng, 2)}](https://stats.example.org/{n})\n"
    )


def add_sources(numbers: range, claims: list[Claim], rng: random.Random, now) -> None:
    sources = Source.objects.bulk_create(
        Source(
            url=f"https://news.example.org/{n}/{role}",
            title=words(rng, 8).capitalize(),
            publisher="Example News",
            kind=Source.Kind.NEWS_REPORT,
            last_checked_at=now,
            **(
                {
                    "link_health": LinkHealth.DEAD,
                    "last_outcome": LinkOutcome.NOT_FOUND,
                    "archive_url": f"https://archive.example.org/{n}/{role}",
                    "archived_at": now,
                }
                if (n + index) % 7 == 0
                else {"link_health": LinkHealth.OK, "last_outcome": LinkOutcome.OK}
            ),
        )
        for n in numbers
        for index, role in enumerate(("appearance", "supports", "context"))
    )
    ClaimSource.objects.bulk_create(
        ClaimSource(claim=c, source=source, role=source.url.rsplit("/", 1)[1], excerpt=words(rng, 20))
        for c, index in zip(claims, range(0, len(sources), 3), strict=True)
        for source in sources[index : index + 3]
    )


def timed(
    client: Client, url: str, repeats: int, *, status: int = 200, uncached: bool = False, **headers
) -> tuple[float, float, int, int]:
    """Median milliseconds in all and in SQL, queries and body bytes of `repeats` GETs (after one untimed warm-up).

    `uncached` empties Django's cache before each GET, to time a cached page (the sitemap) being built.
    """
    client.get(url, **headers)
    durations, sql_durations, queries, size = [], [], 0, 0
    for _ in range(repeats):
        if uncached:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, **headers)
            size = len(response.content)
            durations.append(time.perf_counter() - started)
        assert response.status_code == status, (url, response.status_code)
        queries = len(captured)
        sql_durations.append(sum(float(query["time"]) for query in captured.captured_queries))
    return statistics.median(durations) * 1000, statistics.median(sql_durations) * 1000, queries, size


def explain_search(client: Client, word: str) -> None:
    """EXPLAIN ANALYZE the very SQL the search page ran (psycopg2 reports it with its parameters bound)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": word})
    assert response.status_code == 200, response.status_code
    matches = search_claims(Claim.objects.public(), word).count()
    print(f"\nsearch q={word}: {matches} matching claims")
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if "websearch_to_tsquery" not in sql:
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT TEXT) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            kind = "count" if sql.lstrip().upper().startswith("SELECT COUNT") else "page"
            used = [index for index in GIN_INDEXES if index in plan] or ["none"]
            lines = plan.splitlines()
            seq_scans = sorted({line.split(" on ")[1].split()[0] for line in lines if "Seq Scan on" in line})
            runtime = next(line.strip() for line in lines if "Execution Time" in line)
            print(f"  {kind:5} query: GIN indexes used: {', '.join(used)}; seq scans: {', '.join(seq_scans) or 'none'}")
            print(f"        {runtime}")
            if os.environ.get("SHOW_PLANS"):
                print(plan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=2000, help="published claims to measure with (default 2000)")
    parser.add_argument("--repeats", type=int, default=15, help="requests per page; the median is printed")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database (full-text search)"
    call_command("migrate", verbosity=0)
    fill(args.claims)
    with tempfile.TemporaryDirectory() as static_root, override_settings(STATIC_ROOT=static_root):
        call_command("collectstatic", interactive=False, verbosity=0)
        measure(args.repeats)


def measure(repeats: int) -> None:
    client = Client()
    public = Claim.objects.public()
    count = public.count()
    # A verdict page from the middle of the bench claims with two corrections and related claims both ways.
    candidates = list(
        public.filter(slug__startswith="pages-bench-")
        .annotate(
            corrections=Count("verdict__corrections", distinct=True),
            outgoing=Count("relations_from", distinct=True),
            incoming=Count("relations_to", distinct=True),
        )
        .filter(corrections=2, outgoing__gte=1, incoming__gte=1)
        .order_by("pk")
        .values_list("slug", flat=True)
    )
    slug = candidates[len(candidates) // 2]
    claim_url = f"/claims/{slug}/"
    claimant = Claim.objects.get(slug=slug).claimant
    rating = Rating.objects.filter(verdicts__status=Verdict.Status.PUBLISHED).order_by("order").first()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    print(f"{count} published claims, PostgreSQL {server_version}, {repeats} requests per page, medians")

    first = client.get(claim_url)
    assert first.status_code == 200, first.status_code
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    middle_page = max(1, count // 20 // 2)
    pages = [
        ("home", "/", {}, 200),
        (f"home ?page={middle_page}", f"/?page={middle_page}", {}, 200),
        ("verdict page", claim_url, {}, 200),
        ("verdict page 304 (If-None-Match)", claim_url, {"HTTP_IF_NONE_MATCH": etag}, 304),
        ("verdict page 304 (If-Modified-Since)", claim_url, {"HTTP_IF_MODIFIED_SINCE": last_modified}, 304),
        (f"search q={COMMON_WORD} (common)", f"/search/?q={COMMON_WORD}", {}, 200),
        (f"search q={RARE_WORD} (rare)", f"/search/?q={RARE_WORD}", {}, 200),
        ("claimant page", claimant.get_absolute_url(), {}, 200),
        ("rating page", rating.get_absolute_url(), {}, 200),
        ("RSS feed", "/feeds/latest/", {}, 200),
        ("sitemap.xml index (built)", "/sitemap.xml", {"uncached": True}, 200),
        ("sitemap-claims.xml (built)", "/sitemap-claims.xml", {"uncached": True}, 200),
        ("sitemap-claims.xml (from the cache)", "/sitemap-claims.xml", {}, 200),
    ]
    results = {}
    for label, url, headers, status in pages:
        ms, sql_ms, queries, size = timed(client, url, repeats, status=status, **headers)
        results[label] = ms
        print(f"{label:40} {ms:8.1f} ms  (SQL {sql_ms:7.1f} ms)  {queries:2} queries  {size / 1000:7.1f} kB")
    full = results["verdict page"]
    for label in ("verdict page 304 (If-None-Match)", "verdict page 304 (If-Modified-Since)"):
        print(f"{label} / 200: {results[label] / full:.2f} ({100 * results[label] / full:.0f}% of a full render)")
    for word in (COMMON_WORD, RARE_WORD):
        explain_search(client, word)


if __name__ == "__main__":
    main()
