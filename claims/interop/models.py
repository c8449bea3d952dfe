"""Fact checks that other newsrooms published, and how their textual ratings map onto our scale.

Model ↔ ClaimReview (as read by claims.interop.parse, and as Google's claims:search names the fields):

| model field                          | ClaimReview                                   | claims:search            |
| ------------------------------------ | --------------------------------------------- | ------------------------ |
| ExternalFactCheck.claim              | claimReviewed, itemReviewed (a local Claim)   | claims[].text            |
| ExternalFactCheck.url                | url                                           | claimReview[].url        |
| ExternalFactCheck.title              | headline (or name)                            | claimReview[].title      |
| ExternalFactCheck.publisher_name     | author.name                                   | publisher.name           |
| ExternalFactCheck.publisher_site     | host of author.url (or of url)                | publisher.site           |
| ExternalFactCheck.textual_rating     | reviewRating.alternateName (or .name)         | textualRating            |
| ExternalFactCheck.rating_value       | reviewRating.ratingValue (best/worst beside)  | (none)                   |
| ExternalFactCheck.language           | inLanguage                                    | languageCode             |
| ExternalFactCheck.reviewed_at        | datePublished                                 | reviewDate               |
| ImportRun                            | where the item was read, when, by whom        |                          |
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.models import Claim, Rating
from claims.textfold import fold_key


def rating_label_key(label: str) -> str:
    """The form in which textual ratings are compared (claims.textfold.fold_key, the search folding plus spacing
    and punctuation): case-, spacing-, punctuation-, digit-script- and letter-variant-insensitive.

    "Pants on Fire!", "pants-on-fire" and "PANTS ON FIRE" share the key "pants on fire"; "نیمه‌درست" (with a
    zero-width non-joiner), "نیمه درست", "نیمهدرست" and "نيمه درست" (Arabic yeh) share "نیمهدرست". "" for a label
    with no letter or digit. Migration interop/0005 recomputed the keys stored before this rule.
    """
    return fold_key(label)


class RatingMappingQuerySet(models.QuerySet):
    def rating_for(self, textual_rating: str) -> Rating | None:
        """The local rating a textual rating maps to, or None: an unmapped label never invents a verdict."""
        key = rating_label_key(textual_rating or "")
        if not key:
            return None
        mapping = self.select_related("rating").filter(label_key=key).first()
        return mapping.rating if mapping else None


class RatingMapping(models.Model):
    """One textual rating used by other fact-checkers ("Misleading", "گمراه‌کننده") and the local rating it means."""

    label = models.CharField(_("their rating"), max_length=120, help_text=_("As other fact-checkers write it."))
    label_key = models.CharField(max_length=120, unique=True, editable=False)
    language = models.CharField(
        _("language"), max_length=35, blank=True, help_text=_("For editors only: matching ignores the language.")
    )
    rating = models.ForeignKey(
        Rating, verbose_name=_("our rating"), on_delete=models.CASCADE, related_name="external_labels"
    )

    objects = RatingMappingQuerySet.as_manager()
    # A changed mapping changes the rating every later imported draft gets: keep every version.
    history = HistoricalRecords()

    class Meta:
        ordering = ["rating__order", "label"]
        verbose_name = _("rating mapping")
        verbose_name_plural = _("rating mappings")

    def __str__(self) -> str:
        return f"{self.label} → {self.rating}"

    def save(self, *args, **kwargs) -> None:
        self.label_key = rating_label_key(self.label)
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None) -> None:
        # label_key is not on the form: compare it here so that a duplicate label is a form error, not a 500.
        from django.core.exceptions import ValidationError

        super().validate_unique(exclude=exclude)
        key = rating_label_key(self.label)
        if not key:
            raise ValidationError({"label": _("Enter a rating with at least one letter or digit.")})
        if RatingMapping.objects.filter(label_key=key).exclude(pk=self.pk).exists():
            raise ValidationError({"label": _("This rating is already mapped (matching ignores case and spacing).")})


class ImportRun(models.Model):
    """Provenance: one reading of a file or URL, by whom and when, and what came of each item."""

    class Origin(models.TextChoices):
        FILE = "file", _("File")
        URL = "url", _("URL")

    origin = models.CharField(_("read from"), max_length=10, choices=Origin.choices)
    location = models.CharField(_("file name or URL"), max_length=2000)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    # [{"position": "line 3", "message": "..."}]: bad items, reported and skipped.
    errors = models.JSONField(_("items refused"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("ClaimReview import")
        verbose_name_plural = _("ClaimReview imports")

    def __str__(self) -> str:
        return f"{self.location} ({self.started_at:%Y-%m-%d %H:%M})"


class ExternalFactCheck(models.Model):
    """Another newsroom's review of one of our claims, imported from its ClaimReview. One row per review URL."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="external_fact_checks"
    )
    url = models.URLField(_("review URL"), max_length=2000, unique=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    publisher_name = models.CharField(_("publisher"), max_length=200, blank=True)
    publisher_site = models.CharField(_("publisher site"), max_length=255, blank=True, db_index=True)
    textual_rating = models.CharField(_("their rating"), max_length=200, blank=True)
    rating_value = models.DecimalField(_("rating value"), max_digits=8, decimal_places=2, null=True, blank=True)
    best_rating = models.DecimalField(_("best rating"), max_digits=8, decimal_places=2, null=True, blank=True)
    worst_rating = models.DecimalField(_("worst rating"), max_digits=8, decimal_places=2, null=True, blank=True)
    language = models.CharField(_("language"), max_length=35, blank=True)
    reviewed_at = models.DateTimeField(_("review date"), null=True, blank=True)
    import_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("last imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fact_checks",
    )
    created_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        ordering = ["-reviewed_at", "pk"]
        verbose_name = _("external fact check")
        verbose_name_plural = _("external fact checks")
        indexes = [models.Index(fields=["claim", "reviewed_at"])]

    def __str__(self) -> str:
        return f"{self.publisher_name or self.publisher_site}: {self.textual_rating}"
