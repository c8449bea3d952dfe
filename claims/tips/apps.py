from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    """The tip line: readers suggest claims to check; editors triage them in the admin."""

    name = "claims.tips"
    label = "tips"
    verbose_name = _("Tip line")
    default_auto_field = "django.db.models.BigAutoField"
