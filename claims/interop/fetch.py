"""Fetching a URL to import from, behind the link checker's SSRF guard (claims.linkcheck.fetch.fetch_guarded).
No database access."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from claims.linkcheck import fetch as linkcheck_fetch

ACCEPT = "application/ld+json, application/json, application/jsonl, text/html;q=0.9, */*;q=0.5"


class FetchRefused(Exception):
    """The URL could not be read: refused by the guard, unreachable, not a success, or too large. Message for people."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str


def fetch_for_import(url: str) -> Fetched:
    """GET `url` through the link checker's guarded fetch: every redirect hop judged by the SSRF guard, body
    capped at LINKCHECK_MAX_BYTES, total time LINKCHECK_TIMEOUT.

    Raises FetchRefused with a reason a person can act on.
    """
    try:
        page = linkcheck_fetch.fetch_guarded(url, max_bytes=settings.LINKCHECK_MAX_BYTES, accept=ACCEPT)
    except linkcheck_fetch.FetchRefused as exc:
        raise FetchRefused(_("Refused to fetch %(url)s: %(reason)s") % {"url": url, "reason": exc}) from exc
    if page.status_code != 200:
        raise FetchRefused(_("%(url)s answered HTTP %(status)d.") % {"url": page.final_url, "status": page.status_code})
    if page.truncated:
        raise FetchRefused(
            _("%(url)s is larger than %(limit)d bytes.")
            % {"url": page.final_url, "limit": settings.LINKCHECK_MAX_BYTES}
        )
    return Fetched(page.final_url, page.body, page.headers.get("content-type", ""))
