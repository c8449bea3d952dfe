"""A committed change of the public data schedules a sitemap build (debounced in claims/sitemaps/tasks.py)."""

from __future__ import annotations

from django.dispatch import receiver

from claims.pagecache import public_stamp_replaced
from claims.sitemaps.tasks import schedule_sitemap_build


@receiver(public_stamp_replaced, dispatch_uid="claims.sitemaps.build_after_stamp_replaced")
def build_after_stamp_replaced(sender, **kwargs) -> None:
    schedule_sitemap_build()
