"""API fields that share the admin's parsing rules."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from claims.deskdates import expected_format, parse_desk_date


class DeskDateField(serializers.DateField):
    """A date an editor's tool writes: ISO 8601 or the desk's order, never an ambiguous day/month (claims.dates)."""

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format=expected_format())
        try:
            return parse_desk_date(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code=error.code) from None
