"""Fill the database with a newsroom-sized archive for benchmarks: `manage.py seed_bench --claims 100000`.

What it makes, for N claims (defaults in brackets; shares chosen to look like a national desk's archive):
- N/20 claimants (5,000 at 100,000 claims), a tenth with Persian names; 40 topics, one or two per claim;
- N claims, a tenth in Persian, stated over the last ten years; 90% with a published verdict (published_at
  spread over ten years, ratings over the whole scale), 5% in review, 5% draft;
- three citations per claim, five in six of them to a new source (about 2.5 N distinct sources), one source
  in fifteen dead with an archived copy and one in thirty failing; one link check per source, three for the
  failing and dead ones;
- a correction on 8% of published verdicts (two on 1%), a related claim on 15% of claims.

One word is common (about two thirds of the claims say "government") and one is rare (one claim in 1,000 says
"zeppelin"), for the search benchmarks. Rows are bulk-inserted in batches (no history rows, no signals), then
the stored search documents are built in SQL and the planner's statistics refreshed. It refuses to run with
DEBUG off unless --force is given: it is for benchmark databases, never a newsroom's.

Raises CommandError with DEBUG off and no --force, or when the database already holds seeded claims.
"""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.utils import timezone
from tqdm import tqdm

from claims.linkcheck.outcomes import LinkHealth, LinkOutcome
from claims.models import (
    Claim,
    Claimant,
    ClaimRelation,
    ClaimSource,
    Correction,
    LinkCheck,
    Rating,
    Source,
    Topic,
    Verdict,
)
from claims.search import refresh_search_documents

SLUG_PREFIX = "bench-"
COMMON_WORD = "government"
RARE_WORD = "zeppelin"
RARE_EVERY = 1000
CLAIMS_PER_CLAIMANT = 20
TOPIC_COUNT = 40
BATCH = 5000
YEARS = 10

ENGLISH_TEXT = (
    "budget deficit tax inflation wages jobs unemployment hospital school teachers police crime border migrants "
    "election vote turnout ballot minister president parliament senate mayor council city province region "
    "country export import oil gas prices fuel electricity water drought flood climate emissions carbon forest "
    "vaccine doctors nurses patients beds waiting list pension retirement housing rent mortgage interest bank "
    "currency debt loan growth economy factory farmers wheat rice bread sanctions trade deal treaty army soldiers "
    "marathon stadium athletes women men olympic medal football league record percent million billion doubled "
    "halved tripled fell rose since last year decade highest lowest ever never always every"
)
PERSIAN_TEXT = (
    "بودجه کسری مالیات تورم دستمزد شغل بیکاری بیمارستان مدرسه معلم پلیس جرم مرز انتخابات رأی وزیر رئیس‌جمهور "
    "مجلس شهردار شورا شهر استان کشور صادرات واردات نفت گاز قیمت سوخت برق آب خشکسالی سیل واکسن پزشک پرستار "
    "بیمار بازنشستگی مسکن اجاره بانک ارز بدهی وام رشد اقتصاد کارخانه کشاورز گندم نان تحریم ماراتن ورزشگاه "
    "زنان مردان مدال فوتبال رکورد درصد میلیون میلیارد دو‌برابر کاهش افزایش پارسال دهه بیشترین کمترین هرگز"
)
ENGLISH = ENGLISH_TEXT.split()
PERSIAN = PERSIAN_TEXT.split()


class Command(BaseCommand):
    help = "Fill the database with a realistic archive of N claims for benchmarks (DEBUG only unless --force)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--claims", type=int, default=100_000, help="claims to create (default 100,000)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed, for the same data every time")
        parser.add_argument("--force", action="store_true", help="run although DEBUG is off")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (logs, CI)")

    def handle(self, *args, claims: int, seed: int, force: bool, no_progress: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("seed_bench fills a database with invented claims: run it with DEBUG=1, or --force.")
        if claims < 1:
            raise CommandError("--claims must be at least 1.")
        if Claim.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise CommandError("This database already holds seeded claims; seed a fresh database.")
        ratings = list(Rating.objects.order_by("order"))
        if not ratings:
            raise CommandError("No rating scale: run `manage.py migrate` first.")
        started = timezone.now()
        rng = random.Random(seed)  # noqa: S311 (invented data, not secrets)
        seeder = _Seeder(rng=rng, ratings=ratings, now=started, total=claims)
        in_callers_transaction = connection.in_atomic_block  # a test's
        # Search documents are built in SQL by one background thread, a batch behind the inserts: folding and
        # parsing the texts is PostgreSQL's CPU work (about half the seed), done while Python makes the next batch.
        with (
            tqdm(total=claims, unit="claim", disable=no_progress, desc="claims") as progress,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-documents") as documents,
        ):
            seeder.claimants_and_topics()
            pending = []
            for offset in range(0, claims, BATCH):
                with transaction.atomic():
                    batch_ids = seeder.batch(range(offset, min(offset + BATCH, claims)))
                if in_callers_transaction:
                    refresh_search_documents(claim_ids=batch_ids)  # another connection would not see the rows
                else:
                    pending.append(documents.submit(_build_search_documents, batch_ids))
                # With DEBUG on (required above) Django keeps every query's SQL: megabytes per bulk insert.
                reset_queries()
                progress.update(min(BATCH, claims - offset))
            self.stdout.write("finishing search documents…")
            for future in pending:
                future.result()  # raises what the thread raised
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # VACUUM cannot run in a transaction (a test's, or a caller's): ANALYZE alone still refreshes
                # the planner's statistics, which is what the benchmarks need.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(self.style.SUCCESS(f"seeded {claims} claims in {seconds:.0f} s"))


def _build_search_documents(claim_ids: list[int]) -> None:
    """Build the stored search documents of these claims, on this thread's own connection (closed after)."""
    try:
        refresh_search_documents(claim_ids=claim_ids)
        reset_queries()
    finally:
        connection.close()


class _Seeder:
    """Makes the rows of one batch of claims at a time; keeps only ids between batches (flat memory)."""

    def __init__(self, *, rng: random.Random, ratings: list[Rating], now, total: int) -> None:
        self.rng = rng
        self.ratings = ratings
        self.now = now
        self.total = total
        self.claimant_ids: list[int] = []
        self.persian_claimant_ids: list[int] = []
        self.topic_ids: list[int] = []
        self.source_ids: list[int] = []
        self.claim_ids: list[int] = []

    def words(self, count: int, *, persian: bool = False) -> str:
        vocabulary = PERSIAN if persian else ENGLISH
        return " ".join(self.rng.choice(vocabulary) for _ in range(count))

    def some_time_ago(self, *, years: int = YEARS):
        return self.now - timedelta(seconds=self.rng.randrange(years * 365 * 86400))

    def claimants_and_topics(self) -> None:
        count = max(1, self.total // CLAIMS_PER_CLAIMANT)
        claimants = Claimant.objects.bulk_create(
            Claimant(
                name=self.words(2, persian=n % 10 == 0) + f" {n}",
                slug=f"{SLUG_PREFIX}claimant-{n}",
                kind=Claimant.Kind.ORGANIZATION if n % 7 == 0 else Claimant.Kind.PERSON,
            )
            for n in range(count)
        )
        for n, claimant in enumerate(claimants):
            (self.persian_claimant_ids if n % 10 == 0 else self.claimant_ids).append(claimant.pk)
        self.claimant_ids = self.claimant_ids or self.persian_claimant_ids
        topics = Topic.objects.bulk_create(
            Topic(name=f"{self.words(1).title()} {n}", slug=f"{SLUG_PREFIX}topic-{n}") for n in range(TOPIC_COUNT)
        )
        self.topic_ids = [topic.pk for topic in topics]

    def claim(self, n: int) -> Claim:
        persian = n % 10 == 3
        text = self.words(self.rng.randint(18, 40), persian=persian)
        if not persian and self.rng.random() < 0.7:
            text = f"The {COMMON_WORD} {text}"
        if n % RARE_EVERY == 0:
            text = f"{text} {RARE_WORD}"
        text = text[0].upper() + text[1:] + "."
        return Claim(
            text=text,
            summary=text[:75],
            slug=f"{SLUG_PREFIX}{n}",
            claimant_id=self.rng.choice(self.persian_claimant_ids if persian else self.claimant_ids),
            stated_on=self.some_time_ago().date(),
            appeared_in=f"Interview {n}",
            language="fa" if persian else "en",
        )

    def verdict(self, n: int, claim: Claim) -> Verdict:
        persian = claim.language == "fa"
        kind = n % 20
        status = Verdict.Status.DRAFT if kind == 1 else Verdict.Status.IN_REVIEW if kind == 2 else None
        explanation = "\n\n".join(f"{self.words(50, persian=persian)}." for _ in range(3))
        if status is not None:
            return Verdict(claim=claim, status=status, explanation=explanation)
        return Verdict(
            claim=claim,
            rating=self.ratings[n % len(self.ratings)],
            conclusion=f"{self.words(12, persian=persian)}.",
            explanation=explanation + f"\n\n- [{self.words(2)}](https://stats.example.org/{n})",
            status=Verdict.Status.PUBLISHED,
            published_at=self.some_time_ago(),
        )

    def batch(self, numbers: range) -> list[int]:
        claims = Claim.objects.bulk_create(self.claim(n) for n in numbers)
        verdicts = Verdict.objects.bulk_create(self.verdict(n, c) for n, c in zip(numbers, claims, strict=True))
        claim_topic = Claim.topics.through
        claim_topic.objects.bulk_create(
            claim_topic(claim_id=c.pk, topic_id=topic_id)
            for c in claims
            for topic_id in set(self.rng.sample(self.topic_ids, self.rng.randint(1, 2)))
        )
        self.citations(numbers, claims)
        self.corrections(verdicts)
        self.relations(claims)
        self.claim_ids.extend(c.pk for c in claims)
        return [c.pk for c in claims]

    def citations(self, numbers: range, claims: list[Claim]) -> None:
        new_sources, wanted = [], []  # wanted: (claim, role, index into new_sources or an existing source id)
        for n, claim in zip(numbers, claims, strict=True):
            for position, role in enumerate(("appearance", "supports", "context")):
                if (self.source_ids or new_sources) and self.rng.random() < 1 / 6:
                    # Cite a source another claim already cites: from an earlier batch, or earlier in this one.
                    pick = self.rng.randrange(len(self.source_ids) + len(new_sources))
                    if pick < len(self.source_ids):
                        wanted.append((claim, role, position, ("existing", self.source_ids[pick])))
                    else:
                        wanted.append((claim, role, position, ("new", pick - len(self.source_ids))))
                    continue
                index = len(new_sources)
                new_sources.append(self.source(f"{n}-{role}", claim.language))
                wanted.append((claim, role, position, ("new", index)))
        sources = Source.objects.bulk_create(new_sources)
        self.source_ids.extend(s.pk for s in sources)
        ClaimSource.objects.bulk_create(
            ClaimSource(
                claim_id=claim.pk,
                source_id=sources[ref].pk if kind == "new" else ref,
                role=role,
                position=position,
                excerpt=self.words(15),
            )
            for claim, role, position, (kind, ref) in wanted
        )
        self.link_checks(sources)

    def source(self, key: str, language: str) -> Source:
        roll = self.rng.randrange(30)
        checked_at = self.now - timedelta(hours=self.rng.randrange(24 * 7))
        state = {"link_health": LinkHealth.OK, "last_outcome": LinkOutcome.OK, "last_checked_at": checked_at}
        if roll < 2:
            state = {
                "link_health": LinkHealth.DEAD,
                "last_outcome": LinkOutcome.NOT_FOUND,
                "last_checked_at": checked_at,
                "consecutive_failures": 3,
                "first_failure_at": checked_at - timedelta(days=5),
                "archive_url": f"https://web.archive.org/web/20200101000000/https://news.example.org/{key}",
                "archived_at": checked_at - timedelta(days=400),
            }
        elif roll == 2:
            state = {
                "link_health": LinkHealth.FAILING,
                "last_outcome": LinkOutcome.SERVER_ERROR,
                "last_checked_at": checked_at,
                "consecutive_failures": 1,
                "first_failure_at": checked_at,
            }
        return Source(
            url=f"https://news{self.rng.randrange(500)}.example.org/{language}/{key}",
            title=self.words(8, persian=language == "fa"),
            publisher=f"Example News {self.rng.randrange(500)}",
            published_on=self.some_time_ago().date(),
            kind=Source.Kind.NEWS_REPORT,
            **state,
        )

    def link_checks(self, sources: list[Source]) -> None:
        rows = []
        for source in sources:
            failing = source.link_health in (LinkHealth.DEAD, LinkHealth.FAILING)
            for days_ago in (0, 2, 5) if failing else (0,):
                rows.append(
                    LinkCheck(
                        source_id=source.pk,
                        checked_at=source.last_checked_at - timedelta(days=days_ago),
                        url=source.url,
                        outcome=source.last_outcome,
                        status_code=404 if source.link_health == LinkHealth.DEAD else 200 if not failing else 503,
                        elapsed_ms=self.rng.randrange(80, 900),
                        content_type="text/html",
                    )
                )
        LinkCheck.objects.bulk_create(rows)

    def corrections(self, verdicts: list[Verdict]) -> None:
        Correction.objects.bulk_create(
            Correction(
                verdict_id=v.pk,
                note=f"Corrected: {self.words(14)}.",
                published_at=v.published_at + timedelta(days=self.rng.randrange(1, 60)),
            )
            for v in verdicts
            if v.status == Verdict.Status.PUBLISHED
            for _ in range((self.rng.random() < 0.08) + (self.rng.random() < 0.01))
        )

    def relations(self, claims: list[Claim]) -> None:
        earlier = self.claim_ids
        if not earlier:
            return
        kinds = list(ClaimRelation.Relation)
        ClaimRelation.objects.bulk_create(
            ClaimRelation(from_claim_id=c.pk, to_claim_id=self.rng.choice(earlier), relation=self.rng.choice(kinds))
            for c in claims
            if self.rng.random() < 0.15
        )
