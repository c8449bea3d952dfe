"""Derived data kept in step with edits, whichever path saved them (admin, API, shell, loaddata): a claim's stored
search document follows its text, its verdict and its claimant's name. (A source's new URL is checked by
claims/linkcheck/signals.py.)
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from claims.models import Claim, Claimant, Verdict
from claims.search import refresh_search_documents


@receiver(post_save, sender=Claim, dispatch_uid="claims.claim_refresh_search")
def claim_refresh_search(sender, instance: Claim, using: str, **kwargs) -> None:
    refresh_search_documents(claim_ids=[instance.pk], using=using)


@receiver(post_save, sender=Verdict, dispatch_uid="claims.verdict_refresh_search")
def verdict_refresh_search(sender, instance: Verdict, using: str, **kwargs) -> None:
    refresh_search_documents(claim_ids=[instance.claim_id], using=using)


@receiver(post_save, sender=Claimant, dispatch_uid="claims.claimant_refresh_search")
def claimant_refresh_search(sender, instance: Claimant, created: bool, using: str, **kwargs) -> None:
    if not created:
        refresh_search_documents(claim_ids=instance.claims.values_list("pk", flat=True), using=using)
