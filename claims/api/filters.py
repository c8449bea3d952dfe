"""Query parameters of /api/v1/claims/: every value is validated, and a bad one is a 400, never ignored."""

from __future__ import annotations

from datetime import UTC

from django import forms
from django_filters import fields as filter_fields
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from claims.models import Claimant, ClaimQuerySet, Rating, Topic, bcp47_validator
from claims.search import search_claims

SEARCH_MAX_LENGTH = 200


class UtcIsoDateTimeField(filter_fields.IsoDateTimeField):
    """An ISO 8601 date-time that must exist in UTC: the database stores UTC, and 0001-01-01T00:00+05:00 does not
    (converting it overflows when the query runs, a 500)."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            # Handed over in UTC: PostgreSQL also refuses some offsets Python accepts (-23:59).
            return parsed.astimezone(UTC)
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
    claimant = filters.ModelChoiceFilter(
        queryset=Claimant.objects.public(), help_text="A claimant id (see /api/v1/claimants/)."
    )
    topic = filters.ModelChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        # Only topics of public claims: one that only drafts use must answer as one that does not exist.
        queryset=Topic.objects.public(),
        help_text="A topic slug.",
    )
    language = filters.CharFilter(validators=[bcp47_validator], help_text="A BCP-47 language tag, e.g. `en`, `fa`.")
    published_after = UtcIsoDateTimeFilter(
        field_name="verdict__published_at",
        lookup_expr="gte",
        help_text="ISO 8601 date or date-time: verdicts first published at or after it.",
    )
    published_before = UtcIsoDateTimeFilter(
        field_name="verdict__published_at",
        lookup_expr="lt",
        help_text="ISO 8601 date or date-time: verdicts first published before it.",
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


class StrictOrderingFilter(OrderingFilter):
    """DRF's OrderingFilter ignores an unknown field; here it is a 400. One term only (cursor pagination)."""

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param)
        if value is None:
            return self.get_default_ordering(view)
        allowed = [prefix + field for field in view.ordering_fields for prefix in ("", "-")]
        if value not in allowed:
            raise ValidationError({self.ordering_param: [f"Choose one of: {', '.join(allowed)}."]})
        return (value,)
