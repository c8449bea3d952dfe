"""Query parameters of /api/v1/claims/: every value is validated, and a bad one is a 400, never ignored."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.db.models import Q
from django_filters import fields as filter_fields
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from claims.models import Claimant, ClaimQuerySet, Rating, Topic, bcp47_validator
from claims.search import search_claims

SEARCH_MAX_LENGTH = 200
DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_MAX_DIGITS = 18  # views.ID_PATTERN


class UtcIsoDateTimeField(filter_fields.IsoDateTimeField):
    """An ISO 8601 date-time that must exist in UTC: the database stores UTC, and 0001-01-01T00:00+05:00 does not
    (converting it overflows when the query runs, a 500).

    With `date_includes_whole_day`, a date without a time (2026-11-30) stands for the end of that day (UTC), so
    that `published_before=2026-11-30` includes the 30th, as a reader means it.
    """

    def __init__(self, *args, date_includes_whole_day: bool = False, **kwargs):
        self.date_includes_whole_day = date_includes_whole_day
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and DATE_ONLY.match(value.strip()):
            return self._date_bound(value.strip())
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            # Handed over in UTC: PostgreSQL also refuses some offsets Python accepts (-23:59).
            return parsed.astimezone(UTC)
        except OverflowError as exc:
            raise forms.ValidationError("This date-time is out of range.", code="invalid") from exc

    def _date_bound(self, value: str) -> datetime:
        """A date alone: the start of that day in UTC, or the start of the next with date_includes_whole_day."""
        try:
            start = datetime.combine(date.fromisoformat(value), time.min, tzinfo=UTC)
            return start + timedelta(days=1) if self.date_includes_whole_day else start
        except ValueError as exc:
            raise forms.ValidationError("Enter a valid date or date-time.", code="invalid") from exc
        except OverflowError as exc:
            raise forms.ValidationError("This date-time is out of range.", code="invalid") from exc


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class ClaimFilter(filters.FilterSet):
    rating = filters.ModelChoiceFilter(
        field_name="verdict__rating",
        to_field_name="slug",
        queryset=Rating.objects.all(),
        help_text="A rating slug, e.g. `false` (see /api/v1/ratings/).",
    )
    claimant = filters.CharFilter(
        method="by_claimant",
        max_length=100,
        help_text="A claimant's id or slug, e.g. `42` or `massoud-solanifar` (see /api/v1/claimants/).",
    )
    topic = filters.ModelChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        # Only topics of public claims: one that only drafts use must answer as one that does not exist.
        queryset=Topic.objects.public(),
        help_text="A topic slug.",
    )
    language = filters.CharFilter(
        method="by_language",
        validators=[bcp47_validator],
        help_text="A BCP-47 language tag, matched case-insensitively and by prefix: `en` finds `en` and `en-US`, "
        "`en-us` finds `en-US`.",
    )
    published_after = UtcIsoDateTimeFilter(
        field_name="verdict__published_at",
        lookup_expr="gte",
        help_text="ISO 8601 date or date-time: verdicts first published at or after it; a date (UTC) includes "
        "that whole day.",
    )
    published_before = UtcIsoDateTimeFilter(
        field_name="verdict__published_at",
        lookup_expr="lt",
        date_includes_whole_day=True,
        help_text="ISO 8601 date or date-time: verdicts first published before it; a date (UTC) includes that "
        "whole day.",
    )
    updated_since = UtcIsoDateTimeFilter(
        field_name="updated",
        lookup_expr="gte",
        help_text="ISO 8601 date-time: claims whose claim or verdict (corrections included) changed at or after "
        "it. For incremental sync, pass the time of your previous sync.",
    )
    q = filters.CharFilter(
        method="search", max_length=SEARCH_MAX_LENGTH, help_text="Full-text search in the claim, verdict and claimant."
    )

    class Meta:
        model = None  # the fields above are all declared

    def search(self, queryset: ClaimQuerySet, name: str, value: str) -> ClaimQuerySet:
        return search_claims(queryset, value)

    def by_language(self, queryset: ClaimQuerySet, name: str, value: str) -> ClaimQuerySet:
        # BCP-47 tags are case-insensitive (RFC 5646 2.1.1); a tag also matches its more specific subtags.
        return queryset.filter(Q(language__iexact=value) | Q(language__istartswith=f"{value}-"))

    def by_claimant(self, queryset: ClaimQuerySet, name: str, value: str) -> ClaimQuerySet:
        is_id = value.isascii() and value.isdigit() and len(value) <= ID_MAX_DIGITS
        claimant = Claimant.objects.public().filter(Q(pk=int(value)) if is_id else Q(slug=value)).first()
        if claimant is None:
            raise ValidationError(
                {"claimant": ["No claimant with published claims has this id or slug: see /api/v1/claimants/."]}
            )
        return queryset.filter(claimant=claimant)


class StrictOrderingFilter(OrderingFilter):
    """DRF's OrderingFilter ignores an unknown field; here it is a 400. One term only (cursor pagination). The
    schema lists the allowed values as an enum."""

    @staticmethod
    def allowed(view) -> list[str]:
        return [prefix + field for field in view.ordering_fields for prefix in ("", "-")]

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        default = ",".join(self.get_default_ordering(view) or ())
        for parameter in parameters:
            parameter["schema"] = {"type": "string", "enum": self.allowed(view), "default": default}
            parameter["description"] = f"Sort order, one of the listed values; `-` for descending. Default `{default}`."
        return parameters

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param)
        if value is None:
            return self.get_default_ordering(view)
        allowed = self.allowed(view)
        if value not in allowed:
            raise ValidationError({self.ordering_param: [f"Choose one of: {', '.join(allowed)}."]})
        return (value,)
