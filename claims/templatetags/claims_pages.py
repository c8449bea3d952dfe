"""Small helpers for the reader templates."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import gettext, gettext_noop

from claims import bidi

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


@register.filter
def isolate(text: str) -> str:
    """User text for <title> and meta tags: it cannot reorder the text around it (claims/bidi.py)."""
    return bidi.isolate(text)


@register.simple_tag
def publisher_name() -> str:
    return settings.PUBLISHER_NAME
