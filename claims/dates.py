"""Dates as a reader reads them: Solar Hijri with Persian digits in the Persian interface, Django's localised
Gregorian formats otherwise. For human text only: machine-readable dates (`datetime` attributes, ClaimReview,
sitemaps, feeds' date elements, the API) stay ISO 8601 Gregorian and never come through here.

persiantools does the calendar (JalaliDate: 2026-11-30 is 9 Azar 1405) and the digits; the formats follow
Django's own Persian ones (`j F Y`, `j F Y، ساعت G:i`, `Y/n/j`) with the Solar Hijri month names.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import get_language
from persiantools import digits
from persiantools.jdatetime import JalaliDate

SOLAR_HIJRI_LANGUAGES = frozenset({"fa"})


def _uses_solar_hijri() -> bool:
    return (get_language() or "").split("-")[0] in SOLAR_HIJRI_LANGUAGES


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    """A datetime in TIME_ZONE (aware ones converted; naive ones taken as local); a date unchanged."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def human_date(value: dt.date | dt.datetime | None, *, short: bool = False) -> str:
    """`۹ آذر ۱۴۰۵` (or `۱۴۰۵/۹/۹` when short) in Persian; `Nov. 30, 2026` (DATE_FORMAT) otherwise.

    A datetime gives the day it is in TIME_ZONE, as the page's other dates do. None gives "".
    """
    if value is None or value == "":
        return ""
    value = _local(value)
    if not _uses_solar_hijri():
        return formats.date_format(value, "SHORT_DATE_FORMAT" if short else "DATE_FORMAT")
    day = value.date() if isinstance(value, dt.datetime) else value
    jalali = JalaliDate(day)
    if short:
        text = f"{jalali.year}/{jalali.month}/{jalali.day}"
    else:
        text = f"{jalali.day} {jalali.strftime('%B', locale='fa')} {jalali.year}"
    return digits.en_to_fa(text)


def human_datetime(value: dt.datetime | None) -> str:
    """`۹ آذر ۱۴۰۵، ساعت ۲۲:۵۳` in Persian; DATETIME_FORMAT otherwise; in TIME_ZONE. None gives ""."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if not _uses_solar_hijri():
        return formats.date_format(value, "DATETIME_FORMAT")
    return f"{human_date(value)}، ساعت {digits.en_to_fa(f'{value.hour}:{value.minute:02d}')}"
