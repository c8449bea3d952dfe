"""Load every public page and API endpoint through gunicorn with wrk, side by side with the framework's floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cc_bench .venv/bin/python bench/http_load.py --seconds 10

Seed the database first (`DEBUG=1 manage.py seed_bench --claims 100000`). The script collects static files,
starts gunicorn (2 sync workers unless --workers) on a free port with production settings (DEBUG off) and
bench/floor_wsgi.py, which adds the floor view beside the project's URLs, then loads each endpoint with wrk
(Debian's package: 2 threads, 8 connections, --seconds each) and prints requests per second, p50 and p99
latency, non-2xx answers and the ratio to the floor measured in the same run. The export's first megabyte is
timed with httpx instead (wrk would read the whole export). With --write it replaces the "HTTP load" section of
docs/benchmarks.md with the table, the machine and the date.

CACHE_URL defaults to Redis (db 15 on 127.0.0.1) when it answers, as in production, so both workers share one
cache; the API throttle is off for the run (see BENCH_ENV). Raises SystemExit when wrk or the seeded data is missing.
"""

from __future__ import annotations

import os
import sys

# Run as a script, Python puts bench/ first on sys.path: the project root is needed for `claimcheck`. (This file
# was bench/http.py until it shadowed the standard library's `http` for every other script in bench/.)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import argparse  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import httpx  # noqa: E402

BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    # DRF's throttle keeps a list of every request of the window: raised to bench rates it measures itself
    # (40 ms a request at 6,000 a minute). Production rates keep that list short.
    "API_THROTTLE_ANON": "off",
    "API_THROTTLE_USER": "off",
    "LOG_LEVEL": "WARNING",
}
SECTION_START = "<!-- http-bench:start -->"
SECTION_END = "<!-- http-bench:end -->"


@dataclass
class Result:
    name: str
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(url: str) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def django_env() -> dict[str, str]:
    env = {**os.environ, **{k: v for k, v in BENCH_ENV.items() if k not in os.environ}}
    if "CACHE_URL" not in os.environ and redis_answers("redis://127.0.0.1:6379/15"):
        env["CACHE_URL"] = "rediscache://127.0.0.1:6379/15"
    return env


def manage(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=django_env(), check=True, capture_output=True, text=True
    ).stdout


def sample_paths() -> dict[str, str]:
    """Real paths from the seeded database: a published claim, its claimant, a rating, a topic."""
    script = (
        "import json\n"
        "from claims.models import Claim, Rating, Topic\n"
        "c = Claim.objects.public().select_related('claimant').order_by('-pk').first()\n"
        "r = Rating.objects.filter(verdicts__status='published').first()\n"
        "t = Topic.objects.order_by('pk').first()\n"
        "n = Claim.objects.public().count()\n"
        "print(json.dumps({'claim': c.slug, 'pk': c.pk, 'claimant': c.claimant.slug,"
        " 'claimant_pk': c.claimant_id, 'rating': r.slug, 'topic': t.slug if t else '', 'public': n}))\n"
    )
    import json

    out = manage("shell", "-c", script).strip().splitlines()[-1]
    return json.loads(out)


def endpoints(sample: dict) -> list[tuple[str, str, dict[str, str]]]:
    """(name, path, extra headers) of everything loaded, the floor first."""
    claim = f"/claims/{sample['claim']}/"
    deep_page = max(1, sample["public"] // 20 // 2)
    return [
        ("floor: one claim by pk as JSON", f"/__floor__/{sample['pk']}/", {}),
        ("home", "/", {}),
        (f"home, page {deep_page}", f"/?page={deep_page}", {}),
        ("verdict page", claim, {}),
        ("verdict page, 304", claim, {"If-None-Match": "ETAG"}),
        ("search, common word", "/search/?q=government", {}),
        ("search, rare word", "/search/?q=zeppelin", {}),
        ("claimant page", f"/claimants/{sample['claimant']}/", {}),
        ("rating page", f"/ratings/{sample['rating']}/", {}),
        ("topic page", f"/topics/{sample['topic']}/", {}),
        ("RSS feed", "/feeds/latest/", {}),
        ("Atom feed", "/feeds/latest/atom/", {}),
        ("sitemap index", "/sitemap.xml", {}),
        ("sitemap, claims section", "/sitemap-claims.xml", {}),
        ("sitemap, claimants section", "/sitemap-claimants.xml", {}),
        ("API list, 20", "/api/v1/claims/?page_size=20", {}),
        ("API list, 100", "/api/v1/claims/?page_size=100", {}),
        ("API detail", f"/api/v1/claims/{sample['pk']}/", {}),
        ("API list by claimant", f"/api/v1/claims/?claimant={sample['claimant_pk']}", {}),
    ]


def parse_wrk(output: str) -> tuple[float, float, float, int, int]:
    def ms(value: str) -> float:
        number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)) else 0
    errors = (
        sum(int(n) for n in m.groups())
        if (m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output))
        else 0
    )
    return rps, p50, p99, non_2xx, errors


def load(base: str, name: str, path: str, headers: dict[str, str], seconds: int) -> Result:
    status = httpx.get(base + path, headers=headers, timeout=60)
    if status.status_code not in (200, 304):
        print(f"  {name}: {path} answers {status.status_code}, skipped", file=sys.stderr)
        return Result(name, path, 0.0, 0.0, 0.0, -status.status_code, 0)
    header_args = [arg for key, value in headers.items() for arg in ("-H", f"{key}: {value}")]
    # Warm up with wrk's own headers: the page cache keys on Accept, which httpx sends and wrk does not, so
    # warming with httpx left the first eight requests of the measured run to build the page at once.
    warm_up = ["wrk", "-t1", "-c2", "-d1s", *header_args]
    subprocess.run([*warm_up, base + path], check=True, capture_output=True)
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", *header_args]
    output = subprocess.run([*command, base + path], check=True, capture_output=True, text=True).stdout
    rps, p50, p99, non_2xx, errors = parse_wrk(output)
    return Result(name, path, rps, p50, p99, non_2xx, errors)


def export_first_megabyte(base: str, repeats: int = 5) -> float:
    """Median milliseconds to read the first 1 MB of the JSON Lines export."""
    durations = []
    for _ in range(repeats):
        started = time.perf_counter()
        read = 0
        with httpx.stream("GET", base + "/api/v1/claims/export.jsonl", timeout=120) as response:
            for chunk in response.iter_bytes():
                read += len(chunk)
                if read >= 1_000_000:
                    break
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations)


def table(results: list[Result], export_ms: float, *, workers: int, seconds: int, claims: int) -> str:
    floor = results[0].rps or 1.0
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} ({os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}), PostgreSQL, {claims:,} public claims, "
        f"gunicorn {workers} sync workers, wrk 2 threads 8 connections {seconds} s per row, one run.",
        "",
        "| request | req/s | p50 ms | p99 ms | non-2xx | share of the floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r.non_2xx < 0:
            lines.append(f"| {r.name} (`{r.path}`) | — | — | — | answered {-r.non_2xx} | — |")
            continue
        lines.append(
            f"| {r.name} (`{r.path}`) | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.non_2xx + r.errors} "
            f"| {r.rps / floor:.2f} |"
        )
    lines.append(f"| export, first megabyte (httpx, median of 5) | — | {export_ms:.0f} | — | 0 | — |")
    return "\n".join(lines)


def write_section(text: str) -> None:
    path = Path(ROOT) / "docs" / "benchmarks.md"
    current = path.read_text()
    block = f"{SECTION_START}\n{text}\n{SECTION_END}"
    if SECTION_START in current:
        current = re.sub(
            re.escape(SECTION_START) + r".*?" + re.escape(SECTION_END), lambda _: block, current, flags=re.S
        )
    else:
        current += f"\n## HTTP load at newsroom scale (bench/http_load.py)\n\n{block}\n"
    path.write_text(current)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="seconds of load per endpoint")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--only", default="", help="comma-separated names (substrings) to load, besides the floor")
    parser.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    manage("collectstatic", "--no-input", "-v0")
    # What the workers do after every change in production; without it the first request would render the sitemap
    # (past gunicorn's 30 s timeout at 90,000 URLs under load).
    print(manage("build_sitemaps").strip(), flush=True)
    sample = sample_paths()
    if sample["public"] < 1:
        raise SystemExit("no public claims: run `DEBUG=1 manage.py seed_bench` first")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--pythonpath",
            ROOT,
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench.floor_wsgi:application",
        ],
        cwd=ROOT,
        env=django_env(),
    )
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        wanted = [e for e in endpoints(sample)]
        if args.only:
            names = args.only.split(",")
            wanted = wanted[:1] + [e for e in wanted[1:] if any(n in e[0] for n in names)]
        results = []
        for name, path, headers in wanted:
            if headers.get("If-None-Match") == "ETAG":
                headers = {"If-None-Match": httpx.get(base + path).headers.get("ETag", "")}
            result = load(base, name, path, headers, args.seconds)
            results.append(result)
            print(
                f"{name:32} {result.rps:9.1f} req/s  p50 {result.p50_ms:7.1f} ms  p99 {result.p99_ms:7.1f} ms  "
                f"non-2xx {result.non_2xx}  share {result.rps / (results[0].rps or 1):.2f}",
                flush=True,
            )
        export_ms = export_first_megabyte(base)
        print(f"export, first MB: {export_ms:.0f} ms")
        text = table(results, export_ms, workers=args.workers, seconds=args.seconds, claims=sample["public"])
        if args.write:
            write_section(text)
        print(text)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


if __name__ == "__main__":
    main()
