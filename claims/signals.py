"""Derived data kept in step with edits, whichever path saved them (admin, API, shell, loaddata): a claim's stored
search document follows its text, its verdict and its claimant's name; a new source still titled by its URL
(or untitled) gets its page's title, publisher and date in the background. (A source's new URL is checked by
claims/linkcheck/signals.py.)
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from claims.models import Claim, Claimant, Source, Verdict
from claims.search import refresh_search_documents
from claims.services.pagemeta import source_wants_page_metadata
from claims.source_tasks import enqueue_source_page_metadata


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


@receiver(post_save, sender=Source, dispatch_uid="claims.new_source_read_page_metadata")
def new_source_read_page_metadata(sender, instance: Source, created: bool, raw: bool, **kwargs) -> None:
    # Only a new source: on an existing one, whatever the title is by now, even the URL, an editor left it so.
    # loaddata (raw) fetches nothing.
    if created and not raw and instance.has_placeholder_title and source_wants_page_metadata(instance):
        enqueue_source_page_metadata(instance.pk)
