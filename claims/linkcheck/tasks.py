"""Celery tasks: thin, taking ids, calling services. Every one is idempotent, which makes late acks safe.

Retries are for transient *errors* (database or broker unreachable, the host's politeness slots all taken, the
archive's quota): with backoff, jitter and a maximum. A transient *outcome* (a timeout, a 503) is recorded as
a check, and the sweep's exponential backoff decides when to look again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from claimcheck.celery import send_once
from claims.linkcheck import archive, services
from claims.linkcheck.hostslots import HostBusy
from claims.models import Source

# Not DatabaseError as a whole: an IntegrityError is a bug to see, not a blip to retry.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError, RedisConnectionError, RedisTimeoutError, HostBusy)
# How a link check (one source or a batch) retries a transient error: backoff with jitter, capped below the
# broker's visibility timeout (2 h), six times at most.
CHECK_RETRIES = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(
    bind=True,
    name="claims.tasks.check_source",
    **CHECK_RETRIES,
)
def check_source(self, source_id: int, check_key: str | None = None) -> str | None:
    """Check one source's URL and record the result; returns the outcome, or None when nothing was recorded."""
    # A redelivered message and a retry keep the task id: the same key, so the check is recorded once.
    key = check_key or self.request.id or str(uuid.uuid4())
    try:
        check = services.source_check(source_id=source_id, check_key=key)
    except Source.DoesNotExist:
        return None  # deleted since it was enqueued
    except SoftTimeLimitExceeded:
        check = services.source_record_timeout(source_id=source_id, check_key=key)
    if check is not None and services.source_wants_archive(source_id=source_id):
        request_archive_snapshot.delay(source_id)
    return check.outcome if check is not None else None


@shared_task(
    bind=True,
    name="claims.tasks.check_sources",
    **CHECK_RETRIES,
)
def check_sources(self, source_ids: list[int]) -> int:
    """Check a batch of sources side by side and record them together (the sweep's tasks); returns how many checks
    the batch has recorded. A retry or a redelivery keeps the task id, so it re-checks only what it had not
    recorded (services.sources_check)."""
    batch_key = self.request.id or str(uuid.uuid4())
    batch = services.sources_check(source_ids=source_ids, batch_key=batch_key)
    for source_id, check in batch.checks.items():
        if check is None or source_id in batch.earlier:
            continue  # nothing recorded, or recorded (and its archive asked for) by an earlier delivery
        if services.source_wants_archive(source_id=source_id):
            request_archive_snapshot.delay(source_id)
    if batch.busy:  # retried with backoff (autoretry_for): the retry checks only these
        raise HostBusy(f"the hosts of {len(batch.busy)} of {len(source_ids)} sources stayed busy")
    return sum(check is not None for check in batch.checks.values())


@shared_task(name="claims.tasks.sweep_link_checks")
def sweep_link_checks(batch_size: int | None = None) -> int:
    """Enqueue the next batch of due sources (run by celery beat; see migration 0005 and docs/linkcheck.md)."""
    source_ids = services.sources_claim_due_for_check(batch_size=batch_size)
    enqueue_source_checks(source_ids)
    return len(source_ids)


def enqueue_source_checks(source_ids: Sequence[int], *, progress: Callable[[int], None] | None = None) -> int:
    """Send the sources to the workers in check_sources tasks of LINKCHECK_TASK_BATCH (the sweep, `check_links
    --all`), on one broker connection; returns the number of tasks sent.

    Batches, because a task costs a worker about 3 ms of CPU in Celery and the broker whatever it checks (more
    than the check's own recording, docs/benchmarks.md); the sources of a batch are fetched side by side. Without
    a stored result: nobody waits for a sweep's batches one by one, and the result (plus the "started" state of
    task_track_started) would cost two Redis writes each. `progress(n)` is called after each send with the number
    of sources it carried.
    """
    size = max(1, settings.LINKCHECK_TASK_BATCH)
    ordered = services.sources_interleaved_by_host(source_ids)  # each batch spread over many hosts
    batches = [ordered[start : start + size] for start in range(0, len(ordered), size)]
    with check_sources.app.producer_or_acquire() as producer:
        for batch in batches:
            check_sources.apply_async((batch,), ignore_result=True, producer=producer)
            if progress is not None:
                progress(len(batch))
    return len(batches)


ARCHIVE_RETRY_BACKOFF_SECONDS = 60
ARCHIVE_RETRY_BACKOFF_MAX_SECONDS = 3600  # below the broker's visibility timeout (2 h)


@shared_task(
    bind=True,
    name="claims.tasks.request_archive_snapshot",  # routed to the "archive" queue (claimcheck/celery.py)
    rate_limit=settings.ARCHIVE_RATE_LIMIT,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=60,
    retry_backoff_max=ARCHIVE_RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=True,
    max_retries=5,
)
def request_archive_snapshot(self, source_id: int, force: bool = False) -> str | None:
    """Ask the web archive for a copy of a source's page and record the answer on the source.

    "Not now" answers are retried with backoff (or after the archive's own delay, such as our capture pace); once
    the retries are spent the source keeps "retry later" and the next OK check asks again. Never raises for an
    archive answer: refusals and daily caps are recorded by the service.
    """
    try:
        return services.source_archive(source_id=source_id, force=force)
    except Source.DoesNotExist:
        return None  # deleted since it was enqueued
    except archive.ArchiveUnavailable as exc:
        if self.request.retries >= self.max_retries:
            return None  # recorded as "retry later" on the source
        countdown = exc.retry_after or get_exponential_backoff_interval(
            ARCHIVE_RETRY_BACKOFF_SECONDS, self.request.retries, ARCHIVE_RETRY_BACKOFF_MAX_SECONDS, full_jitter=True
        )
        raise self.retry(exc=exc, countdown=min(countdown, ARCHIVE_RETRY_BACKOFF_MAX_SECONDS)) from exc


def enqueue_archive_request(source_id: int) -> None:
    """An editor's "archive now": a forced capture once the surrounding transaction commits."""
    transaction.on_commit(lambda: request_archive_snapshot.delay(source_id, force=True))


def enqueue_source_check(source_id: int) -> None:
    """Check a source once the surrounding transaction commits (a rolled-back edit enqueues nothing).

    Runs inside an editor's request: a broker that is down must not turn a saved edit into a 500, so the send is
    tried once (claimcheck.celery.send_once). On failure it is logged and nothing is marked, so the source, never
    checked since its URL changed, is picked up by the periodic sweep (sources_claim_due_for_check) once the broker
    is back.
    """
    failure = f"could not enqueue a check of source {source_id}; the sweep will check it"
    transaction.on_commit(lambda: send_once(check_source, (source_id,), failure=failure))
