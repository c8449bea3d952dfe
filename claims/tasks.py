"""Celery tasks: thin, taking ids, calling services. The link-check issue gives check_source its body."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction


@shared_task(name="claims.tasks.check_source")
def check_source(source_id: int, check_key: str | None = None) -> str | None:
    """Check one source's URL and record the result (placeholder until the link checker lands)."""
    return None


def enqueue_source_check(source_id: int) -> None:
    """Check a source once the surrounding transaction commits (a rolled-back edit enqueues nothing)."""
    transaction.on_commit(lambda: check_source.delay(source_id))
