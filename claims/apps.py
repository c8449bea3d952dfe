from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims and verdicts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        # Register the project's system checks (configuration that would be dangerous in production).
        from claimcheck import checks  # noqa: F401

        # A claim's search document follows its edits.
        from claims import signals  # noqa: F401

        # A new or edited source URL is checked after the edit commits (this also registers the Celery tasks).
        from claims.linkcheck import signals as linkcheck_signals  # noqa: F401

        # Cached public pages are orphaned by any editorial write (claims/pagecache.py).
        from claims.pagecache import _connect_stamp_signals

        _connect_stamp_signals()

        # SQLite's search compares text folded by the same Python function as the queries (claims.search.Folded).
        from claims.search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="claims.register_sqlite_fold")

        # Each committed change of the public stamp schedules a sitemap build (claims/sitemaps/tasks.py).
        from claims.sitemaps import signals as sitemap_signals  # noqa: F401
