"""Link checks: checking a source now, recording the result, deciding when a source is dead, and the sweep.

Source's link-state fields are written with queryset.update(): a check is not an editorial change, and
django-simple-history would otherwise add a history row per check.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import uuid
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import Executor, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from claims.linkcheck import archive
from claims.linkcheck.fetch import CheckerConfig, CheckResult, check_url
from claims.linkcheck.hostslots import HostBusy, host_slot
from claims.linkcheck.models import LinkCheck
from claims.linkcheck.outcomes import (
    HEALTHY_OUTCOMES,
    ArchiveState,
    LinkHealth,
    LinkOutcome,
    is_transient,
    is_unverifiable,
)
from claims.models import Source, cited_by_public_claim
from claims.pagecache import bump_public_stamp

logger = logging.getLogger(__name__)
ARCHIVE_URL_VALIDATOR = URLValidator(schemes=["http", "https"])

LINK_RECHECK_PUBLISHED = timedelta(days=1)  # sources of published verdicts
LINK_RECHECK_ALL = timedelta(days=7)  # every other source
LINK_FAILURE_BACKOFF_BASE = timedelta(hours=4)  # failing sources: 4h, 8h, 16h, ... capped below
LINK_FAILURE_BACKOFF_MAX = timedelta(days=7)
# A source the sweep enqueued is not enqueued again for this long, even if its check has not run yet. Longer than
# the broker's visibility timeout (2 h, claimcheck/celery.py) plus a task's hard limit: a task whose worker was
# killed comes back by redelivery before the lease ends, so the sweep never adds a second check for one kill.
LINK_SWEEP_LEASE = timedelta(hours=3)
# The page answered (a too-large body still proves the link works): these end a failure streak.
LINK_REACHABLE_OUTCOMES = HEALTHY_OUTCOMES | {LinkOutcome.TOO_LARGE}
LINK_HISTORY_CONSIDERED = 50


def link_failure_backoff(consecutive_failures: int) -> timedelta:
    exponent = max(0, consecutive_failures - 1)
    if exponent > 16:
        return LINK_FAILURE_BACKOFF_MAX
    return min(LINK_FAILURE_BACKOFF_BASE * (2**exponent), LINK_FAILURE_BACKOFF_MAX)


def sources_due_for_check(*, now: datetime | None = None) -> QuerySet[Source]:
    """Sources whose link is due: never checked, failing and past their backoff, or stale (daily for sources of
    published verdicts, weekly for all), oldest first. Sources the sweep has just enqueued are left out."""
    now = now or timezone.now()
    public = cited_by_public_claim()
    not_held = Q(next_check_at__isnull=True) | Q(next_check_at__lte=now)
    stale = (
        Q(last_checked_at__isnull=True)
        | Q(consecutive_failures__gt=0)
        | Q(last_checked_at__lte=now - LINK_RECHECK_ALL)
        | (Q(last_checked_at__lte=now - LINK_RECHECK_PUBLISHED) & public)
    )
    return Source.objects.with_url().filter(not_held & stale).order_by(F("last_checked_at").asc(nulls_first=True), "pk")


@transaction.atomic
def sources_claim_due_for_check(*, now: datetime | None = None, batch_size: int | None = None) -> list[int]:
    """Take the next batch of due sources for the sweep: mark them held for LINK_SWEEP_LEASE and return their ids.

    SKIP LOCKED lets two sweeps (or a sweep and a slow one) run at once without taking the same rows.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.LINKCHECK_SWEEP_BATCH_SIZE
    due = sources_due_for_check(now=now).select_for_update(skip_locked=True, of=("self",))
    ids = list(due.values_list("pk", flat=True)[:batch_size])
    Source.objects.filter(pk__in=ids).update(next_check_at=now + LINK_SWEEP_LEASE)
    return ids


def _permanent_failure_run(source: Source) -> tuple[int, datetime | None]:
    """(count, earliest) of permanent failures since the last time the URL answered; transient ones do not count."""
    count, earliest = 0, None
    recent = source.checks.filter(url=source.url).order_by("-checked_at", "-pk")[:LINK_HISTORY_CONSIDERED]
    for outcome, checked_at in recent.values_list("outcome", "checked_at"):
        if outcome in LINK_REACHABLE_OUTCOMES:
            break
        if is_transient(outcome) or is_unverifiable(outcome):
            continue  # says nothing lasting (transient), or a person must look (forbidden, a bot wall)
        count, earliest = count + 1, checked_at
    return count, earliest


def source_is_public(*, source_id: int) -> bool:
    return Source.objects.public().filter(pk=source_id).exists()


@dataclass(frozen=True)
class PendingCheck:
    """A finished fetch of one source's URL, waiting to be recorded. `check_key` (a UUID, or its text) makes the
    recording idempotent; `checked_at` defaults to the time of recording."""

    source_id: int
    result: CheckResult
    check_key: str | uuid.UUID
    checked_at: datetime | None = None


# The Source fields the recording rules read; the row is locked while they are read and written.
_RECORDING_READS = ("url", "link_health", "consecutive_failures", "first_failure_at", "published_fingerprint",
                    "content_changed_at")  # fmt: skip


def source_record_check(
    *, source_id: int, result: CheckResult, check_key: str | uuid.UUID, checked_at: datetime | None = None
) -> LinkCheck | None:
    """Record one check and update the source's link state: source_record_checks for one check."""
    return source_record_checks([PendingCheck(source_id, result, check_key, checked_at)])[0]


def source_record_checks(pending: Sequence[PendingCheck]) -> list[LinkCheck | None]:
    """Record checks and update their sources' link state, all in one transaction (a batch of a sweep, see
    sources_check). THE rules of what a check does to a source's state live here.

    Returns one entry per pending check, in order: its LinkCheck, or None when nothing was recorded for it (the
    source is gone, or its URL changed while the check ran: the edit enqueued a check of its own). Idempotent on
    `check_key`: a key already recorded (a redelivered task) returns that row and writes nothing. Two checks of one
    source in one call are applied one after the other. Raises ValueError for a check_key that is not a UUID.
    """
    recorded: list[LinkCheck | None] = [None] * len(pending)
    if not pending:
        return recorded
    keys = [_check_key(entry.check_key) for entry in pending]
    with transaction.atomic():
        # The row locks (taken in primary-key order, so that two batches never wait on each other in a circle)
        # serialise every check of a source, so a failure streak is counted once per check. FOR NO KEY UPDATE (the
        # lock the UPDATE below takes anyway), not FOR UPDATE: that would conflict with the KEY SHARE lock of a
        # citation or link check committed meanwhile, and an editor citing two of the batch's sources deadlocked
        # with it (tests/test_attack_batch_lock_deadlocks_with_citations.py).
        locked = (
            Source.objects.select_for_update(of=("self",), no_key=True)
            .filter(pk__in={entry.source_id for entry in pending})
            .annotate(is_public=Exists(Source.objects.public().filter(pk=OuterRef("pk"))))
            .only(*_RECORDING_READS)
            .order_by("pk")
        )
        sources = {source.pk: source for source in locked}
        known = {check.check_key: check for check in LinkCheck.objects.filter(check_key__in=set(keys))}
        health_changed = False
        waiting = list(range(len(pending)))
        while waiting:
            # A round holds at most one check per source: a second check of a source goes to the next round,
            # which starts from the state the first one left.
            current, waiting, in_round = waiting, [], set()
            round_ = []
            for index in current:
                if pending[index].source_id in in_round:
                    waiting.append(index)
                else:
                    in_round.add(pending[index].source_id)
                    round_.append(index)
            new = []
            for index in round_:
                entry, key = pending[index], keys[index]
                if key in known:
                    recorded[index] = known[key]
                    continue
                source = sources.get(entry.source_id)
                if source is None or entry.result.url != source.url:
                    continue
                check = _new_check(source, entry.result, key, entry.checked_at or timezone.now())
                known[key] = recorded[index] = check
                new.append((check, source, entry.result))
            health_changed |= _record_round(new)
        if health_changed:
            bump_public_stamp()  # a source turned dead or came back: pages and the API show it
    return recorded


def _check_key(value: str | uuid.UUID) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _new_check(source: Source, result: CheckResult, key: uuid.UUID, checked_at: datetime) -> LinkCheck:
    return LinkCheck(
        source=source,
        check_key=key,
        checked_at=checked_at,
        url=result.url,
        outcome=result.outcome,
        is_transient=result.is_transient,
        status_code=result.status_code,
        final_url=result.final_url[:2000],
        redirect_chain=result.redirect_chain,
        elapsed_ms=result.elapsed_ms,
        content_type=result.content_type[:200],
        bytes_read=result.bytes_read,
        content_fingerprint=result.content_fingerprint,
        retry_after_seconds=result.retry_after_seconds,
        detail=result.detail,
    )


def _record_round(new: list[tuple[LinkCheck, Source, CheckResult]]) -> bool:
    """Insert a round's checks and write their sources' new state (at most one check per source); True when some
    source's link health changed."""
    if not new:
        return False
    LinkCheck.objects.bulk_create([check for check, _, _ in new])  # before the state: the failure run counts them
    health_changed = False
    by_fields: dict[tuple[str, ...], list[Source]] = defaultdict(list)
    for check, source, result in new:
        state = _link_state_after(source, result, now=check.checked_at, is_public=source.is_public)
        health_changed |= state.get("link_health", source.link_health) != source.link_health
        for field, value in state.items():
            setattr(source, field, value)  # the next round (a second check of this source) starts from here
        by_fields[tuple(sorted(state))].append(source)
    for fields, group in by_fields.items():
        _update_each(group, fields)
    return health_changed


def _update_each(sources: list[Source], fields: tuple[str, ...]) -> None:
    """Write `fields` of each source in one UPDATE statement (`SET f = CASE id WHEN … THEN … END`).

    Not QuerySet.bulk_update, which writes the same SQL but builds it from CASE/When expressions at ~2 ms of Python
    per source (a fifth of a check's CPU in a sweep, docs/benchmarks.md); not one UPDATE per source either: each
    round trip to the database makes the writing thread wait for the GIL again while the other checking threads
    hold it, and the checks waiting on this batch wait with it. Values pass through get_db_prep_save and, where the
    backend needs it (PostgreSQL), are cast to the column's type, as bulk_update does. No signal is sent, as with
    update().
    """
    ops = connection.ops
    pk_column = ops.quote_name(Source._meta.pk.column)
    concrete = [Source._meta.get_field(name) for name in fields]
    if len(sources) == 1:
        assignments = ", ".join(f"{ops.quote_name(field.column)} = %s" for field in concrete)
        params = [field.get_db_prep_save(getattr(sources[0], field.attname), connection) for field in concrete]
        params.append(sources[0].pk)
        where = f"{pk_column} = %s"
    else:
        cast = connection.features.requires_casted_case_in_updates
        assignments_list, params = [], []
        for field in concrete:
            value = f"CAST(%s AS {field.cast_db_type(connection)})" if cast else "%s"
            whens = " ".join(f"WHEN %s THEN {value}" for _ in sources)
            assignments_list.append(f"{ops.quote_name(field.column)} = CASE {pk_column} {whens} END")
            for source in sources:
                params += [source.pk, field.get_db_prep_save(getattr(source, field.attname), connection)]
        assignments = ", ".join(assignments_list)
        params += [source.pk for source in sources]
        where = f"{pk_column} IN ({', '.join(['%s'] * len(sources))})"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {ops.quote_name(Source._meta.db_table)} SET {assignments} WHERE {where}", params)  # noqa: S608


def _link_state_after(source: Source, result: CheckResult, *, now: datetime, is_public: bool) -> dict:
    """The source's link-state fields after this check (the source as it was before it)."""
    state: dict = {"last_outcome": result.outcome, "last_checked_at": now}
    if result.outcome in LINK_REACHABLE_OUTCOMES:
        state.update(
            link_health=LinkHealth.OK,
            consecutive_failures=0,
            first_failure_at=None,
            next_check_at=now + LINK_RECHECK_PUBLISHED,
            final_url=result.final_url[:2000],
        )
        state.update(_content_change_fields(source, result.content_fingerprint, now=now, is_public=is_public))
        return state
    failures = source.consecutive_failures + 1
    run, run_started = _permanent_failure_run(source)
    dead = (
        run >= settings.LINKCHECK_DEAD_AFTER_FAILURES
        and run_started is not None
        and now - run_started >= timedelta(days=settings.LINKCHECK_DEAD_AFTER_DAYS)
    )
    wait = link_failure_backoff(failures)
    if result.retry_after_seconds:
        wait = max(wait, min(timedelta(seconds=result.retry_after_seconds), LINK_FAILURE_BACKOFF_MAX))
    if is_unverifiable(result.outcome):
        health = LinkHealth.UNVERIFIED  # shown as "could not verify automatically", never dead
    elif dead:
        health = LinkHealth.DEAD
    else:
        health = LinkHealth.FAILING
    state.update(
        link_health=health,
        consecutive_failures=failures,
        first_failure_at=source.first_failure_at or now,
        next_check_at=now + wait,
    )
    return state


def _content_change_fields(source: Source, fingerprint: str, *, now: datetime, is_public: bool) -> dict:
    """Keep the latest fingerprint; flag the source when it differs from the one its verdict was published with."""
    if not fingerprint:
        return {}
    fields: dict = {"content_fingerprint": fingerprint}
    if not source.published_fingerprint:
        if is_public:
            fields["published_fingerprint"] = fingerprint  # first look at the page since publication
    elif fingerprint != source.published_fingerprint and source.content_changed_at is None:
        fields["content_changed_at"] = now
    return fields


def sources_record_published_fingerprint(*, claim_id: int) -> int:
    """On publication, remember what the claim's sources said, so that later changes are flagged.

    The rows are locked in primary-key order first, as source_record_checks locks a sweep's batch: an UPDATE
    through the citations join would lock them in whatever order its plan reads them, and two such orders can wait
    on each other in a circle (a deadlock, one of the two transactions aborted).
    """
    with transaction.atomic():
        due = (
            Source.objects.filter(citations__claim_id=claim_id, published_fingerprint="")
            .exclude(content_fingerprint="")
            .select_for_update(of=("self",), no_key=True)
            .order_by("pk")
        )
        ids = list(due.values_list("pk", flat=True))
        return Source.objects.filter(pk__in=ids).update(published_fingerprint=F("content_fingerprint"))


def source_acknowledge_content_change(*, source_id: int) -> None:
    """An editor has read the changed page: its current text becomes the reference."""
    Source.objects.filter(pk=source_id).update(published_fingerprint=F("content_fingerprint"), content_changed_at=None)


def source_reset_link_state(*, source_id: int) -> None:
    """A new URL starts with a clean slate: the old URL's failures and fingerprints say nothing about it."""
    source = Source.objects.only("url").get(pk=source_id)
    Source.objects.filter(pk=source_id).update(
        link_health=LinkHealth.UNCHECKED if source.url else LinkHealth.NO_URL,
        last_outcome="",
        next_check_at=None,
        first_failure_at=None,
        consecutive_failures=0,
        final_url="",
        content_fingerprint="",
        published_fingerprint="",
        content_changed_at=None,
        archive_state=ArchiveState.NONE,  # the archive's answers were about the old URL
        archive_error="",
        archive_retry_at=None,
    )


def source_check(*, source_id: int, check_key: str | uuid.UUID, checker_config: CheckerConfig | None = None):
    """Check one source now, politely (one of the host's slots), and record the result.

    The check_source task's (an editor's new URL); a sweep checks batches (sources_check). Returns the LinkCheck,
    or None when nothing was recorded (see source_record_checks). Raises Source.DoesNotExist, and HostBusy
    (importable from this module) when the host stays busy.
    """
    key = _check_key(check_key)
    found = (
        Source.objects.filter(pk=source_id)
        .annotate(recorded=Exists(LinkCheck.objects.filter(check_key=key)))
        .values_list("url", "recorded")
        .first()
    )
    if found is None:
        raise Source.DoesNotExist(f"no source {source_id}")
    url, recorded = found
    if recorded:
        return None  # a redelivered task whose check was recorded before the worker died
    if not url:
        Source.objects.filter(pk=source_id).update(link_health=LinkHealth.NO_URL)
        return None
    result = _fetch_politely(url, checker_config)
    return source_record_checks([PendingCheck(source_id, result, key)])[0]


def sources_interleaved_by_host(source_ids: Sequence[int], *, chunk: int = 5000) -> list[int]:
    """The ids in turns of their URLs' hosts (the first source of each host, then the second of each, …), each
    host's own order kept. A sweep cuts this list into batches, which then spread over many hosts: in a batch of one
    host's sources, all but LINKCHECK_PER_HOST_CONCURRENCY fetches would wait for its slots, holding fetch threads
    that other hosts' pages need. Sources without a URL, or gone, count as one more host."""
    urls: dict[int, str] = {}
    for start in range(0, len(source_ids), chunk):
        part = source_ids[start : start + chunk]
        urls.update(Source.objects.filter(pk__in=part).values_list("pk", "url"))
    by_host: dict[str, list[int]] = {}
    for source_id in source_ids:
        by_host.setdefault((urlsplit(urls.get(source_id) or "").hostname or "").lower(), []).append(source_id)
    turns = itertools.zip_longest(*by_host.values())
    return [source_id for turn in turns for source_id in turn if source_id is not None]


_fetch_pool: ThreadPoolExecutor | None = None
_fetch_pool_pid = 0
_fetch_pool_lock = threading.Lock()


def fetch_pool() -> ThreadPoolExecutor:
    """This process's threads for fetching (LINKCHECK_FETCH_THREADS): they wait on the network and never touch the
    database, so they need no connection of their own. Made on first use, and again in a forked child."""
    global _fetch_pool, _fetch_pool_pid
    with _fetch_pool_lock:
        if _fetch_pool is None or _fetch_pool_pid != os.getpid():
            _fetch_pool = ThreadPoolExecutor(settings.LINKCHECK_FETCH_THREADS, thread_name_prefix="linkcheck-fetch")
            _fetch_pool_pid = os.getpid()
        return _fetch_pool


class _Abandoned(Exception):
    """The batch stopped waiting for this fetch (its soft time limit) and recorded it as a timeout."""


def _fetch_politely(url: str, config: CheckerConfig | None, abandoned: threading.Event | None = None) -> CheckResult:
    """Check `url` holding one of its host's slots (HostBusy if none frees up); _Abandoned if `abandoned` is set
    before the request is sent."""
    if abandoned is not None and abandoned.is_set():
        raise _Abandoned(url)
    with host_slot(urlsplit(url).hostname or ""):
        if abandoned is not None and abandoned.is_set():
            raise _Abandoned(url)  # recorded already: no request for an answer nobody reads
        return check_url(url, config=config)


def batch_check_key(batch_key: str | uuid.UUID, source_id: int) -> uuid.UUID:
    """The check key of one source in a batch: the same for every delivery of the batch's task. A batch key that is
    not a UUID (a task id chosen by hand) is hashed into one."""
    try:
        namespace = _check_key(batch_key)
    except ValueError:
        namespace = uuid.uuid5(uuid.NAMESPACE_OID, str(batch_key))
    return uuid.uuid5(namespace, str(source_id))


@dataclass
class BatchChecks:
    """What sources_check did: `checks` maps every source id of the batch to its LinkCheck, or to None when nothing
    was recorded (gone, no URL, URL changed while checking, or host busy); `busy` lists the sources whose host
    stayed busy (LINKCHECK_PER_HOST_CONCURRENCY checks already running for the whole wait)."""

    checks: dict[int, LinkCheck | None]
    busy: list[int]
    # Sources whose check an earlier delivery of the batch had recorded: what followed it (an archive request)
    # was done then.
    earlier: frozenset[int] = frozenset()


def sources_check(
    *,
    source_ids: Sequence[int],
    batch_key: str | uuid.UUID,
    checker_config: CheckerConfig | None = None,
    pool: Executor | None = None,
) -> BatchChecks:
    """Check a batch of sources side by side and record them in one transaction: the sweep's unit of work, for the
    check_sources task and `check_links --sync`.

    The fetches run in `pool` (by default this process's fetch pool, fetch_pool()), each holding one of its host's
    slots; the calling thread then records them all with source_record_checks. Against a task and a transaction
    per check this saves a worker about 3 ms of Celery and broker CPU and ~1 ms of recording per check
    (docs/benchmarks.md, the link-check sweep). Each source's check key is derived from `batch_key`
    (batch_check_key), so a redelivered or retried batch records nothing twice and re-fetches only what it had not
    recorded. If the task's soft time limit interrupts the wait, the unfinished checks are recorded as timeouts and
    SoftTimeLimitExceeded is raised again; an unexpected error of one fetch (a bug) is raised after the others
    are recorded.
    """
    from celery.exceptions import SoftTimeLimitExceeded  # the worker's signal; never raised outside a task

    keys = {source_id: batch_check_key(batch_key, source_id) for source_id in dict.fromkeys(source_ids)}
    urls = dict(Source.objects.filter(pk__in=keys).values_list("pk", "url"))
    # A redelivered batch: these were recorded before the worker died.
    recorded = {check.source_id: check for check in LinkCheck.objects.filter(check_key__in=keys.values())}
    without_url = [source_id for source_id, url in urls.items() if not url]
    if without_url:
        Source.objects.filter(pk__in=without_url).update(link_health=LinkHealth.NO_URL)
    config = checker_config or CheckerConfig.from_settings()
    pool = pool or fetch_pool()
    abandoned = threading.Event()
    fetches = {
        source_id: pool.submit(_fetch_politely, urls[source_id], config, abandoned)
        for source_id in keys
        if urls.get(source_id) and source_id not in recorded
    }
    interrupted: BaseException | None = None
    try:
        wait(fetches.values())
    except SoftTimeLimitExceeded as exc:
        interrupted = exc
        abandoned.set()  # the fetches not started yet (or still waiting for a slot) will not request their page
        for fetch in fetches.values():
            fetch.cancel()
    pending, busy, errors = [], [], []
    for source_id, fetch in fetches.items():
        if not fetch.done() or fetch.cancelled() or isinstance(fetch.exception(), _Abandoned):
            result = CheckResult(url=urls[source_id], outcome=LinkOutcome.TIMEOUT, detail="the task's time ran out")
        elif isinstance(fetch.exception(), HostBusy):
            busy.append(source_id)
            continue
        elif fetch.exception() is not None:  # check_url turns every failure of the page into an outcome
            errors.append(fetch.exception())
            continue
        else:
            result = fetch.result()
        pending.append(PendingCheck(source_id, result, keys[source_id]))
    checks = dict(zip((entry.source_id for entry in pending), source_record_checks(pending), strict=True))
    if interrupted is not None:
        raise interrupted
    if errors:
        raise errors[0]
    return BatchChecks(
        {source_id: recorded.get(source_id) or checks.get(source_id) for source_id in keys}, busy, frozenset(recorded)
    )


def source_record_timeout(*, source_id: int, check_key: str | uuid.UUID) -> LinkCheck | None:
    """The check of the source's current URL ran out of time (the task's soft limit): record it as a timeout."""
    url = Source.objects.only("url").get(pk=source_id).url
    result = CheckResult(url=url, outcome=LinkOutcome.TIMEOUT, detail="the task's soft time limit expired")
    return source_record_check(source_id=source_id, result=result, check_key=check_key)


def source_wants_archive(*, source_id: int, now: datetime | None = None) -> bool:
    """A snapshot is asked for once a published verdict's source answers OK and has none yet, unless the archive
    refused it (an editor may still ask, see source_request_archive) or asked us to wait (a daily cap)."""
    if settings.ARCHIVE_BACKEND == "none":
        return False
    now = now or timezone.now()
    source = Source.objects.only("archive_url", "last_outcome", "archive_state", "archive_retry_at").get(pk=source_id)
    return (
        not source.archive_url
        and source.archive_state != ArchiveState.REFUSED
        and (source.archive_retry_at is None or source.archive_retry_at <= now)
        and source.last_outcome in (LinkOutcome.OK, LinkOutcome.REDIRECTED)
        and source_is_public(source_id=source_id)
    )


def source_request_archive(*, source_id: int) -> None:
    """An editor asks for a capture now: whatever the archive said before. The caller enqueues the task
    (claims.tasks.enqueue_archive_request) so that the request leaves only if this transaction commits."""
    Source.objects.filter(pk=source_id).update(
        archive_state=ArchiveState.PENDING, archive_error="", archive_retry_at=None
    )


def source_archive(*, source_id: int, force: bool = False, now: datetime | None = None) -> str | None:
    """Ask the web archive for a copy of the source's page and record the answer on the source, whatever it is.

    Returns the archived URL, or None (nothing wanted, or the archive refused or asked to wait: recorded as
    `archive_state` "refused" with the code, or "retry_later" with `archive_retry_at`). `force` (an editor's
    "archive now") skips the checks of source_wants_archive and the reuse of a recent snapshot.
    Raises archive.ArchiveUnavailable (with `retry_after` seconds when known) for the task to retry with backoff;
    never anything for a malformed answer or a refusal.
    """
    now = now or timezone.now()
    if not force and not source_wants_archive(source_id=source_id, now=now):
        return None
    url = Source.objects.only("url").get(pk=source_id).url
    if not url:
        return None
    try:
        snapshot = archive.snapshot(url, reuse=not force)
    except archive.ArchiveError as exc:
        _record_archive_state(source_id, ArchiveState.REFUSED, _archive_answer(exc))
        return None
    except archive.ArchiveDailyLimit as exc:
        # Not a Celery countdown: a day is longer than the broker's visibility timeout. The next check after
        # archive_retry_at asks again (source_wants_archive).
        _record_archive_state(
            source_id,
            ArchiveState.RETRY_LATER,
            _archive_answer(exc),
            retry_at=now + timedelta(seconds=exc.retry_after or 86400),
        )
        return None
    except archive.ArchiveUnavailable as exc:
        retry_at = now + timedelta(seconds=exc.retry_after) if exc.retry_after else None
        _record_archive_state(source_id, ArchiveState.RETRY_LATER, _archive_answer(exc), retry_at=retry_at)
        raise
    if snapshot is None:
        return None
    if not source_record_archive(
        source_id=source_id, archive_url=snapshot.archive_url, archived_at=snapshot.archived_at
    ):
        _record_archive_state(
            source_id, ArchiveState.REFUSED, "error:not-a-snapshot: the archive answered no web address"
        )
        return None
    return snapshot.archive_url


def _archive_answer(exc: archive.ArchiveError | archive.ArchiveUnavailable) -> str:
    """What editors read: the archive's code first, then its message."""
    message = str(exc)
    return message if message.startswith(exc.code) else f"{exc.code}: {message}"


def _record_archive_state(source_id: int, state: str, error: str, *, retry_at: datetime | None = None) -> None:
    Source.objects.filter(pk=source_id).update(
        archive_state=state, archive_error=error[:300], archive_retry_at=retry_at
    )


def source_record_archive(*, source_id: int, archive_url: str, archived_at: datetime) -> bool:
    """Original URL, archived URL and date together ("robust link"). An archive job is not an editorial edit.

    The address comes from the archive service's answer and becomes a link on the public page: anything but an
    http(s) address (a javascript: or data: URL) is not recorded (returns False), and the next OK check asks again.
    """
    try:
        ARCHIVE_URL_VALIDATOR(archive_url)
    except ValidationError:
        logger.warning(
            "Archive address for source %s is not a web address; not recorded: %.200r", source_id, archive_url
        )
        return False
    Source.objects.filter(pk=source_id).update(
        archive_url=archive_url[:2500],
        archived_at=archived_at,
        archive_state=ArchiveState.ARCHIVED,
        archive_error="",
        archive_retry_at=None,
    )
    bump_public_stamp()  # readers now get the archived copy's link
    return True
