"""Re-match a claim whenever its text is new or changed, after the edit commits (a rolled-back edit enqueues nothing).

The text as loaded is remembered the way claims.signals remembers a source's URL (a post_init receiver reading
__dict__, so a deferred text costs no query).
"""

from __future__ import annotations

from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from claims.matching.tasks import enqueue_claim_matching
from claims.models import Claim


@receiver(post_init, sender=Claim, dispatch_uid="matching.claim_remember_text")
def claim_remember_text(sender, instance: Claim, **kwargs) -> None:
    instance._text_as_loaded = instance.__dict__.get("text")


@receiver(post_save, sender=Claim, dispatch_uid="matching.claim_text_changed")
def claim_text_changed(sender, instance: Claim, created: bool, raw: bool, **kwargs) -> None:
    if raw:
        return  # loaddata: `manage.py index_claims` indexes fixtures in one pass
    changed = created or instance.text != getattr(instance, "_text_as_loaded", instance.text)
    instance._text_as_loaded = instance.text
    if changed:
        enqueue_claim_matching(instance.pk)
