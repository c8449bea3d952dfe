"""Small helpers for the reader templates."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from claims import bidi, dates
from claims.models import Rating

register = template.Library()


@register.filter
def bdi(value) -> str:
    """User text inside interface text, isolated so that its direction cannot reorder the sentence around it."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def rating_label(rating: Rating | None) -> str:
    """A rating's label in the interface language (Rating.translations, edited in the admin)."""
    return rating.label_in() if rating else ""


@register.filter
def rating_description(rating: Rating | None) -> str:
    return rating.description_in() if rating else ""


@register.filter
def isolate(text: str) -> str:
    """User text for <title> and meta tags: it cannot reorder the text around it (claims/bidi.py)."""
    return bidi.isolate(text)


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


# The newsroom's pages every footer links to (IFCN transparency). Fixed here, seeded by migration 0081, so that
# no page spends a query on its footer; their text is edited in the admin (claims.InfoPage).
FOOTER_PAGES = [
    ("methodology", gettext_lazy("How we fact-check")),
    ("corrections-policy", gettext_lazy("How we correct errors")),
    ("about", gettext_lazy("About us and our funding")),
]


@register.simple_tag
def footer_pages() -> list[dict[str, str]]:
    return [{"url": reverse("claims:info-page", kwargs={"slug": slug}), "label": label} for slug, label in FOOTER_PAGES]
