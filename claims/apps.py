from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims and verdicts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the project's system checks (configuration that would be dangerous in production).
        from claimcheck import checks  # noqa: F401

        # A new or edited source URL is checked after the edit commits.
        from claims import signals  # noqa: F401

        # Cached public pages are orphaned by any editorial write (claims/pagecache.py).
        from claims.pagecache import _connect_stamp_signals

        _connect_stamp_signals()
