from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    """ClaimReview in and out: the DataFeed, the importer and the Fact Check Tools-compatible search."""

    name = "claims.interop"
    label = "interop"
    verbose_name = _("ClaimReview exchange")
    default_auto_field = "django.db.models.BigAutoField"
