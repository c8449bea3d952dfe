"""A new or edited source URL is checked as soon as the edit commits, whichever path saved it (admin, API, shell).

Fixtures loaded with loaddata are left to the sweep.
"""

from __future__ import annotations

from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from claims.linkcheck import services
from claims.linkcheck.models import LINK_STATE_FIELDS
from claims.linkcheck.tasks import enqueue_source_check
from claims.models import Source


@receiver(post_init, sender=Source, dispatch_uid="claims.source_remember_url")
def source_remember_url(sender, instance: Source, **kwargs) -> None:
    # __dict__, not the attribute: a deferred url must not cost a query per loaded row.
    instance._url_as_loaded = instance.__dict__.get("url")


@receiver(post_save, sender=Source, dispatch_uid="claims.source_check_new_url")
def source_check_new_url(sender, instance: Source, created: bool, raw: bool, **kwargs) -> None:
    if raw:
        return  # loaddata: fixtures are checked by the sweep, not one task per row
    url_changed = created or instance.url != getattr(instance, "_url_as_loaded", instance.url)
    instance._url_as_loaded = instance.url
    if not url_changed:
        return
    if not created or not instance.url:
        services.source_reset_link_state(source_id=instance.pk)
        # The reset is a queryset update: without this, the caller's object keeps the old URL's state, shows it
        # (an API response) and writes it back on its next save().
        instance.refresh_from_db(fields=LINK_STATE_FIELDS)
    if instance.url:
        enqueue_source_check(instance.pk)
