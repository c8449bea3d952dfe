"""Small helpers for the reader templates."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, gettext_noop

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
