"""How long migration claims 0032 (one spelling per URL) takes on a filled archive. Run by hand, never in the suite:

    .venv/bin/python bench/migration_0032.py --sources 20000
    .venv/bin/python bench/migration_0032.py            # 250,000 sources

It (re)creates the PostgreSQL database named by --database-url (default cc_bench_0032 on 127.0.0.1; the database
is dropped first, so never point it at one you want to keep), migrates `claims` to 0031 and bulk inserts
--sources sources through the 0031 models: 1% in a spelling the normaliser changes, 0.2% of all being a second
source for a URL already stored in another spelling, one in 10,000 a URL it cannot read; each cited by one claim
(a duplicate's citation repeats its twin's half the time), one in ten with a link check. Then it times
`migrate claims 0032` in a fresh process: wall time, SQL statements, and resident memory (Linux: the process's
RSS just before migrating, and its peak while migrating, after resetting the high-water mark).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cc_bench_0032"
TARGET = "0032_one_spelling_per_url"
BEFORE = "0031_source_archive_state"


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))  # run as a script, bench/ is first on the path: the project root is needed
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "claimcheck.settings"
    os.environ["DEBUG"] = "0"  # DEBUG keeps every SQL statement in memory, which would swamp the figure
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()


def recreate_database(database_url: str) -> None:
    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def spellings(n: int) -> tuple[str, str]:
    """(the one stored spelling, another spelling of the same URL) of bench URL number n."""
    host = f"news{n % 97}.example.org"
    if n % 3 == 0:
        canonical = f"https://{host}/خبر/{n}"
        return canonical, f"https://{host.upper()}/%D8%AE%D8%A8%D8%B1/{n}"
    canonical = f"https://{host}/story/{n}?page=1"
    return canonical, (f"HTTPS://{host}:443/story/{n}?page=1" if n % 3 == 1 else f"{canonical}#top")


def fill(count: int) -> dict[str, int]:
    """Insert `count` sources (and their claims, citations, checks) through the 0031 models. Returns the counts."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    models = MigrationExecutor(connection).loader.project_state(("claims", BEFORE)).apps
    Claimant, Claim = models.get_model("claims", "Claimant"), models.get_model("claims", "Claim")
    Source, ClaimSource = models.get_model("claims", "Source"), models.get_model("claims", "ClaimSource")
    LinkCheck = models.get_model("claims", "LinkCheck")
    now = timezone.now()
    claimant = Claimant.objects.create(name="Bench claimant", slug="bench-claimant")
    claims = Claim.objects.bulk_create(
        (Claim(text=f"Bench claim {n}", slug=f"bench-{n}", claimant=claimant) for n in range(count // 5 + 1)),
        batch_size=5000,
    )
    rows, plan = [], []  # plan: (row index, claim index, role) of each citation
    respelt = duplicates = unreadable = 0
    for n in range(count):
        canonical, other = spellings(n)
        claim_index, role, notes = n // 5, "supports", ""
        if n % 500 == 0 and n:  # 0.2%: a second source for the previous URL, in another spelling of it
            url = spellings(n - 1)[1]
            duplicates += 1
            respelt += 1
            # Its citation: the previous source's claim, in the same role half the time (then dropped as a repeat).
            claim_index, role = (n - 1) // 5, "supports" if n % 1000 == 0 else "context"
            notes = "Seen in a newsletter" if n % 1000 == 0 else ""
        elif n % 100 == 0:  # another 0.8%: stored in a spelling the normaliser changes
            url = other
            respelt += 1
        elif n % 10_000 == 7:
            url = f"ftp://files.example.org/{n}"  # not a URL the normaliser reads
            unreadable += 1
        else:
            url = canonical
        rows.append(Source(url=url, title=f"Bench source {n}", kind="news_report", notes=notes))
        plan.append((n, claim_index, role))
    sources = Source.objects.bulk_create(rows, batch_size=5000)
    ClaimSource.objects.bulk_create(
        (ClaimSource(claim=claims[c], source=sources[s], role=role) for s, c, role in plan), batch_size=5000
    )
    LinkCheck.objects.bulk_create(
        (
            LinkCheck(source=source, url=source.url, outcome="ok", checked_at=now)
            for n, source in enumerate(sources)
            if n % 10 == 0
        ),
        batch_size=5000,
    )
    return {"sources": count, "respelt": respelt, "duplicates": duplicates, "unreadable": unreadable}


def _status_kb(field: str) -> int:
    """A memory figure of this process from /proc/self/status (Linux), in kB: VmRSS now, VmHWM the peak."""
    line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith(field))
    return int(line.split()[1])


def migrate_and_measure(database_url: str) -> None:
    """In a fresh process: migrate to 0032 and print one JSON line of figures."""
    setup_django(database_url)
    from django.core.management import call_command
    from django.db import connection

    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    rss_before = _status_kb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM: the peak below is the migration's own
    started = time.perf_counter()
    with connection.execute_wrapper(count), open(os.devnull, "w") as quiet:
        real_stdout, sys.stdout = sys.stdout, quiet  # RunPython prints a line per merge
        try:
            call_command("migrate", "claims", TARGET, verbosity=0)
        finally:
            sys.stdout = real_stdout
    elapsed = time.perf_counter() - started
    rss_peak = _status_kb("VmHWM")
    print(json.dumps({"seconds": elapsed, "statements": statements, "rss_before_kb": rss_before, "rss_kb": rss_peak}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=250_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure:
        migrate_and_measure(args.database_url)
        return
    recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "claims", BEFORE, verbosity=0)
    started = time.perf_counter()
    counts = fill(args.sources)
    print(f"filled at 0031 in {time.perf_counter() - started:.1f} s: {counts}")
    connection.close()
    child = subprocess.run(
        [sys.executable, __file__, "--measure", "--database-url", args.database_url],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SELECT count(*) FROM claims_source")
        left = cursor.fetchone()[0]
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {cpu}, {os.cpu_count()} cores, {server}")
    print(
        f"migrate claims {TARGET} at {args.sources:,} sources: {figures['seconds']:.2f} s,"
        f" {figures['statements']:,} SQL statements, peak RSS while migrating {figures['rss_kb'] / 1024:.0f} MB"
        f" (RSS before: {figures['rss_before_kb'] / 1024:.0f} MB); {left:,} sources left"
    )


if __name__ == "__main__":
    main()
