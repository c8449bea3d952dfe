"""The link checker's records: the `LinkCheck` log, and the names of its state fields on `claims.models.Source`.

`LinkCheck` belongs to the `claims` app (its table and migrations stay there); claims/models.py imports it so that
Django registers it with the app. Source's link-state fields (LINK_STATE_FIELDS below) live on Source itself and
are written only by claims/linkcheck/services.py.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.linkcheck.outcomes import LinkOutcome

# The link checker's fields on Source: read-only for editors, and left out of the editorial history.
LINK_STATE_FIELDS = [
    "link_health",
    "last_outcome",
    "last_checked_at",
    "next_check_at",
    "first_failure_at",
    "consecutive_failures",
    "final_url",
    "content_fingerprint",
    "published_fingerprint",
    "content_changed_at",
    "archive_state",
    "archive_error",
    "archive_retry_at",
]


class LinkCheck(models.Model):
    """One check of one source's URL. Written once per check: `check_key` makes a redelivered task a no-op."""

    source = models.ForeignKey("claims.Source", on_delete=models.CASCADE, related_name="checks")
    check_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    checked_at = models.DateTimeField(_("checked at"), db_index=True)
    url = models.URLField(_("URL checked"), max_length=2000)
    outcome = models.CharField(_("outcome"), max_length=32, choices=LinkOutcome.choices)
    is_transient = models.BooleanField(_("transient"), default=False)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    final_url = models.URLField(_("final URL"), max_length=2000, blank=True)
    redirect_chain = models.JSONField(_("redirect chain"), default=list, blank=True)
    elapsed_ms = models.PositiveIntegerField(_("elapsed (ms)"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    bytes_read = models.PositiveBigIntegerField(_("bytes read"), default=0)
    content_fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    retry_after_seconds = models.PositiveIntegerField(null=True, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        indexes = [models.Index(fields=["source", "-checked_at"], name="linkcheck_source_recent")]

    def __str__(self) -> str:
        return f"{self.url}: {self.outcome} at {self.checked_at:%Y-%m-%d %H:%M}"
