"""Dates as editors type them (claims.dates is how readers see them): ISO 8601 always, the desk's own order
too, and never a silent day/month swap.

`10/11/2026` is 10 November to a day-first desk and 11 October to a month-first one; Django's default input
formats read it month-first without a word. Here every date an editor types (admin forms, API writes, anything
built on `EditorDateField`) goes through `parse_desk_date`, which accepts:

- ISO 8601, `2026-11-10`, always;
- the desk's order from the `DESK_DATE_ORDER` setting (`"DMY"`, the default, or `"MDY"`; `""` for ISO only),
  with `/`, `.` or `-` between the parts and a four-digit year: `25/11/2026` on a day-first desk;

and refuses, with a message that shows both readings and asks for the ISO form, any such date whose day and
month could be swapped (both 12 or less, and different): `10/11/2026` is refused on every desk.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
LOCAL_DATE = re.compile(r"^\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})\s*$")
DATE_ORDERS = {"DMY": "DD/MM/YYYY", "MDY": "MM/DD/YYYY", "": ""}


def desk_date_order() -> str:
    """The configured order ("DMY", "MDY" or "" for ISO only). Raises ImproperlyConfigured-like ValueError."""
    order = getattr(settings, "DESK_DATE_ORDER", "DMY")
    if order not in DATE_ORDERS:
        raise ValueError(f"DESK_DATE_ORDER must be one of {sorted(DATE_ORDERS)}, not {order!r}")
    return order


def expected_format() -> str:
    """What the widget tells editors to type, e.g. "YYYY-MM-DD or DD/MM/YYYY"."""
    local = DATE_ORDERS[desk_date_order()]
    return f"YYYY-MM-DD or {local}" if local else "YYYY-MM-DD"


def _build(year: int, month: int, day: int, value: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a date on the calendar. Type it as YYYY-MM-DD."),
            code="invalid_date",
            params={"value": value},
        ) from None


def _reading(day: int, month: int, year: int) -> str:
    return formats.date_format(date(year, month, day), "j F Y")


def parse_desk_date(value: str) -> date:
    """The date `value` means, or ValidationError (codes: invalid, ambiguous_date, invalid_date).

    The ambiguous message names both readings (e.g. "10 November 2026 or 11 October 2026") and the ISO form
    of each, so the editor can copy the one they meant.
    """
    text = str(value)
    if match := ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _build(year, month, day, text)
    order = desk_date_order()
    match = LOCAL_DATE.match(text)
    if not match or not order:
        raise ValidationError(_("Enter a date as %(format)s."), code="invalid", params={"format": expected_format()})
    first, _separator, second, year = match.groups()
    first, second, year = int(first), int(second), int(year)
    day, month = (first, second) if order == "DMY" else (second, first)
    if day <= 12 and month <= 12 and day != month:
        try:
            readings = [_reading(day, month, year), _reading(month, day, year)]
        except ValueError:
            readings = []
        if len(readings) == 2:
            raise ValidationError(
                _(
                    "“%(value)s” could be %(first)s or %(second)s. Type it as YYYY-MM-DD: "
                    "%(first_iso)s or %(second_iso)s."
                ),
                code="ambiguous_date",
                params={
                    "value": text.strip(),
                    "first": readings[0],
                    "second": readings[1],
                    "first_iso": date(year, month, day).isoformat(),
                    "second_iso": date(year, day, month).isoformat(),
                },
            )
    return _build(year, month, day, text)


class DeskDateFormField(forms.DateField):
    """A form's date field that parses with `parse_desk_date` and shows the expected format."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", expected_format())
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.format = "%Y-%m-%d"  # show stored dates in ISO, never in an ambiguous order

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        return parse_desk_date(value)


class EditorDateField(models.DateField):
    """A model date that editors type: its form field is `DeskDateFormField` (the API maps it too)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DeskDateFormField, **kwargs})
