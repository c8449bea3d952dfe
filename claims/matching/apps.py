from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "claims.matching"
    label = "matching"
    verbose_name = _("Repeated claims")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from claims.matching import signals  # noqa: F401  (connects the receivers)
