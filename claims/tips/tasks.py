from __future__ import annotations

from celery import shared_task

from claims.tips.services import tips_purge_expired


@shared_task(name="claims.tips.tasks.purge_expired_tips")
def purge_expired_tips() -> list[int]:
    """Daily (beat): delete expired tips and erase expired contact addresses. Idempotent."""
    return list(tips_purge_expired())
