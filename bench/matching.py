"""The matcher at scale, on PostgreSQL. Run by hand, never in the test suite:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cc_match_bench SECRET_KEY=bench \\
        CELERY_BROKER_URL=redis://127.0.0.1:6379/10 .venv/bin/python bench/matching.py --claims 100000

It migrates the database it is given and fills it to --claims claims, each with a published verdict and a stored
embedding. Those embeddings are random unit vectors (embedding 100,000 texts takes more than an hour on this
shared CPU): fine for latency, which does not depend on the values. Then it prints, from one run:
- the model's load time (first use in this process);
- the index rate: real embeddings of --index-sample claims through the service `index_all_claims` uses, and the
  extrapolated time for --claims; peak memory of the process;
- the time and memory to load the stored vectors into the matcher;
- one match (embedding the query + exact cosine over all vectors + scoring), p50/p99, for the API (published only)
  and the desk (drafts too); and the cosine search alone;
- one claim save with the matcher off and on (the save with its after-commit enqueue to Redis), and the task's
  work (embed, store, match, record), which runs in a worker.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimcheck.settings")

import django

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402
from django.utils import timezone  # noqa: E402

from claims.matching import embedder, matcher, scoring, services  # noqa: E402
from claims.matching.models import ClaimEmbedding  # noqa: E402
from claims.matching.signals import claim_text_changed  # noqa: E402
from claims.models import Claim, Claimant, Rating, Verdict  # noqa: E402

SUBJECTS = ["The government", "The central bank", "The health ministry", "The mayor of Tehran", "Parliament"]
VERBS = ["raised", "cut", "froze", "doubled", "halved", "banned", "announced"]
OBJECTS = ["the price of petrol", "pensions", "the tax on cigarettes", "bread subsidies", "internet access"]


def synthetic_text(rng: random.Random, n: int) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} by {rng.randint(1, 90)} percent "
        f"in {rng.choice(['Tehran', 'Tabriz', 'Mashhad', 'Shiraz', 'Isfahan'])}, bench claim {n}."
    )


def fill(total: int, rng: random.Random) -> None:
    have = Claim.objects.count()
    if have >= total:
        return
    claimant, _ = Claimant.objects.get_or_create(slug="bench-claimant", defaults={"name": "Bench claimant"})
    rating = Rating.objects.order_by("order").first()
    now = timezone.now()
    for start in range(have, total, 5000):
        batch = range(start, min(total, start + 5000))
        claims = Claim.objects.bulk_create(
            [Claim(text=synthetic_text(rng, n), slug=f"bench-{n}", claimant=claimant, language="en") for n in batch]
        )
        Verdict.objects.bulk_create(
            [
                Verdict(claim=c, status=Verdict.Status.PUBLISHED, rating=rating, conclusion="x", published_at=now)
                for c in claims
            ]
        )
        vectors = np.random.default_rng(start).standard_normal((len(claims), 384), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ClaimEmbedding.objects.bulk_create(
            [
                ClaimEmbedding(
                    claim=c,
                    folded_text=scoring.fold_for_matching(c.text),
                    text_hash="random",
                    model_name="random unit vectors (bench)",
                    vector=embedder.to_bytes(v),
                )
                for c, v in zip(claims, vectors, strict=True)
            ]
        )
        print(f"  filled {start + len(claims)} claims", flush=True)


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms (n={len(ordered)})"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--index-sample", type=int, default=320)
    parser.add_argument("--matches", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(14)

    started = time.perf_counter()
    embedder._get_model()
    print(f"model load: {time.perf_counter() - started:.2f} s, peak RSS {peak_rss_mb():.0f} MB")

    call_command("migrate", verbosity=0)
    fill(args.claims, rng)
    total = Claim.objects.count()
    print(f"claims: {total}")

    # Index rate: real embeddings through the service, on claims whose stored vector is a random one.
    sample = list(Claim.objects.order_by("?").values_list("pk", flat=True)[: args.index_sample])
    ClaimEmbedding.objects.filter(claim__in=sample).delete()
    started = time.perf_counter()
    written = services.claims_index(claim_ids=sample, batch_size=32)
    elapsed = time.perf_counter() - started
    rate = written / elapsed
    print(
        f"index: {written} claims in {elapsed:.1f} s = {rate:.1f} claims/s; "
        f"{total} claims would take {total / rate / 60:.0f} min; peak RSS {peak_rss_mb():.0f} MB"
    )

    matcher.stored_corpus.forget()
    tracemalloc.start()
    started = time.perf_counter()
    corpus = matcher.stored_corpus.current()
    load_s = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"load {len(corpus.ids)} vectors into the matcher: {load_s:.1f} s,"
        f" matrix {corpus.vectors.nbytes / 2**20:.0f} MB, peak traced {peak / 2**20:.0f} MB;"
        f" peak RSS {peak_rss_mb():.0f} MB"
    )

    queries = [synthetic_text(rng, 10**9 + i) + f" variant {i}" for i in range(args.matches)]
    for label, drafts in (("API (published only)", False), ("desk (drafts too)", True)):
        samples = []
        for query in queries:
            started = time.perf_counter()
            matcher.find_matches(text=query, include_drafts=drafts)
            samples.append(time.perf_counter() - started)
        print(f"one match, {label}, new text each time: {percentiles(samples)}")
    vectors = embedder.embed_texts([scoring.fold_for_matching(q) for q in queries[:50]])
    samples = []
    for vector in vectors:
        started = time.perf_counter()
        corpus.shortlist(vector, size=matcher.SHORTLIST, exclude=frozenset())
        samples.append(time.perf_counter() - started)
    print(f"cosine shortlist alone over {len(corpus.ids)} vectors: {percentiles(samples)}")

    claimant = Claimant.objects.get(slug="bench-claimant")
    baseline = []
    post_save.disconnect(sender=Claim, dispatch_uid="matching.claim_text_changed")
    for i in range(20):
        started = time.perf_counter()
        with transaction.atomic():
            Claim.objects.create(text=synthetic_text(rng, 3 * 10**9 + i), claimant=claimant)
        baseline.append(time.perf_counter() - started)
    post_save.connect(claim_text_changed, sender=Claim, dispatch_uid="matching.claim_text_changed")
    print(f"claim save with the matcher off: {percentiles(baseline)}")
    save_samples, task_samples = [], []
    for i in range(20):
        started = time.perf_counter()
        with transaction.atomic():
            claim = Claim.objects.create(text=synthetic_text(rng, 2 * 10**9 + i), claimant=claimant)
        save_samples.append(time.perf_counter() - started)  # includes the on-commit enqueue to the broker
        started = time.perf_counter()
        services.claim_refresh_matches(claim_id=claim.pk)
        task_samples.append(time.perf_counter() - started)
    print(f"claim save with its after-commit enqueue: {percentiles(save_samples)}")
    print(f"the task's work (embed, store, match, record): {percentiles(task_samples)}")


if __name__ == "__main__":
    main()
