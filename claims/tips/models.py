"""Tips: claims readers suggest for checking. Never public; personal data (the contact address) is erased after
settings.TIPS_RETENTION_DAYS by claims.tips.services.tips_purge_expired (a daily beat task)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TIP_TEXT_MAX_LENGTH = 2000


class Tip(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        MERGED = "merged", _("Merged into an earlier tip")
        CLAIMED = "claimed", _("Turned into a claim")
        REJECTED = "rejected", _("Rejected")

    text = models.TextField(_("claim to check"), max_length=TIP_TEXT_MAX_LENGTH)
    seen_at = models.URLField(_("where it was seen"), max_length=2000, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_consent = models.BooleanField(_("agreed to be contacted"), default=False)
    # Tips whose folded text is the same repeat each other: the first one leads the group.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, db_index=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("repeats"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeats",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    claim = models.ForeignKey(
        "claims.Claim", verbose_name=_("claim"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("tip")
        verbose_name_plural = _("tips")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"
