"""Celery tasks of the matcher: thin, taking ids, calling one service each. Idempotent (safe with late acks)."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction

from claims.matching import services


@shared_task(
    name="claims.matching.tasks.match_claim",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def match_claim(claim_id: int) -> int:
    """Embed the claim's text (if it changed) and record what it possibly repeats; returns the suggestions made."""
    return len(services.claim_refresh_matches(claim_id=claim_id))


def enqueue_claim_matching(claim_id: int) -> None:
    """Match a claim once the surrounding transaction commits."""
    transaction.on_commit(lambda: match_claim.delay(claim_id))
