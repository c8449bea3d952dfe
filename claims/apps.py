from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims and verdicts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the project's system checks (configuration that would be dangerous in production).
        from claimcheck import checks  # noqa: F401

        # A claim's search document follows its edits.
        from claims import signals  # noqa: F401

        # A new or edited source URL is checked after the edit commits (this also registers the Celery tasks).
        from claims.linkcheck import signals as linkcheck_signals  # noqa: F401
