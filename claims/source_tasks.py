"""Celery tasks for sources outside link checking (that is claims/linkcheck/tasks.py): thin, taking ids, calling
one service each. Idempotent (a filled field is never filled again), which makes the app's late acks safe."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, transaction

from claimcheck.celery import send_once
from claims.models import Source
from claims.services import pagemeta

logger = logging.getLogger(__name__)


@shared_task(
    name="claims.source_tasks.fill_source_from_page",
    # The database being away is worth another try; the page is not (it is tried once, and what the page said is
    # the editor's to type if it could not be read).
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def fill_source_from_page(source_id: int) -> list[str]:
    """Fill a source's still-empty title, publisher and date from its page; returns the field names filled."""
    try:
        return pagemeta.source_fill_from_page(source_id=source_id)
    except Source.DoesNotExist:
        return []  # deleted since it was enqueued
    except SoftTimeLimitExceeded:
        logger.warning("source %s: reading its page for metadata ran out of time", source_id)
        return []


def enqueue_source_page_metadata(source_id: int) -> None:
    """Fill a source from its page once the surrounding transaction commits (a rolled-back save enqueues nothing).

    Called inside an editor's request: the send is tried once (claimcheck.celery.send_once), and a broker that is
    down is logged, never turned into a 500 (the editor can type the title).
    """
    failure = f"could not enqueue reading the page of source {source_id} for its metadata"
    transaction.on_commit(lambda: send_once(fill_source_from_page, (source_id,), failure=failure))
