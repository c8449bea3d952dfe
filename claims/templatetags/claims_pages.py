"""Small helpers for the reader templates."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import gettext, gettext_noop

from claims import dates

register = template.Library()

# The seeded default scale (migration 0002), so that makemessages puts its labels in the catalogues.
# A newsroom's own labels show as entered until they are added to the catalogue too.
DEFAULT_RATING_LABELS = [
    gettext_noop("True"),
    gettext_noop("Mostly true"),
    gettext_noop("Half true"),
    gettext_noop("Mostly false"),
    gettext_noop("False"),
    gettext_noop("Unproven"),
]


@register.filter
def translated_label(label: str) -> str:
    """A rating label in the interface language where the catalogue has it."""
    return gettext(label) if label else label


@register.simple_tag
def publisher_name() -> str:
    return settings.PUBLISHER_NAME


@register.filter
def human_date(value) -> str:
    """A date for people: Solar Hijri with Persian digits in the Persian interface (claims.dates)."""
    return dates.human_date(value)


@register.filter
def human_short_date(value) -> str:
    return dates.human_date(value, short=True)


@register.filter
def human_datetime(value) -> str:
    """A date and time for people, in TIME_ZONE: Solar Hijri with Persian digits in Persian (claims.dates)."""
    return dates.human_datetime(value)
