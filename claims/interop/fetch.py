"""Fetching a URL to import from, behind the link checker's SSRF guard. No database access.

The one place this app touches the guard: when the link checker moves into claims/linkcheck/ (issue #11), repoint
the imports below (`claims.linkcheck.guard`) and nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from claims.urlguard import GuardError, GuardPolicy, UnresolvableHost, check_url_syntax, guarded_transport

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "application/ld+json, application/json, application/jsonl, text/html;q=0.9, */*;q=0.5"


class FetchRefused(Exception):
    """The URL could not be read: refused by the guard, unreachable, not a success, or too large. Message for people."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str


def fetch_for_import(url: str) -> Fetched:
    """GET `url`, following redirects ourselves so that every hop is judged by the guard (syntax before the
    request, resolved address at connect time). Body capped at LINKCHECK_MAX_BYTES; total time LINKCHECK_TIMEOUT.

    Raises FetchRefused with a reason a person can act on.
    """
    policy = GuardPolicy.from_settings()
    timeout = httpx.Timeout(settings.LINKCHECK_TIMEOUT, connect=settings.LINKCHECK_CONNECT_TIMEOUT)
    headers = {"User-Agent": settings.LINKCHECK_USER_AGENT, "Accept": ACCEPT}
    current = url
    try:
        # trust_env=False: a proxy from the environment would connect for us and bypass the guard.
        with httpx.Client(
            transport=guarded_transport(policy), timeout=timeout, follow_redirects=False, trust_env=False
        ) as client:
            for _hop in range(settings.LINKCHECK_MAX_REDIRECTS + 1):
                check_url_syntax(current, policy)
                with client.stream("GET", current, headers=headers) as response:
                    if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code != 200:
                        raise FetchRefused(
                            _("%(url)s answered HTTP %(status)d.") % {"url": current, "status": response.status_code}
                        )
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > settings.LINKCHECK_MAX_BYTES:
                            raise FetchRefused(
                                _("%(url)s is larger than %(limit)d bytes.")
                                % {"url": current, "limit": settings.LINKCHECK_MAX_BYTES}
                            )
                    return Fetched(current, bytes(body), response.headers.get("content-type", ""))
            raise FetchRefused(_("%(url)s redirects too many times.") % {"url": url})
    except GuardError as exc:
        raise FetchRefused(_("Refused to fetch %(url)s: %(reason)s") % {"url": current, "reason": exc}) from exc
    except UnresolvableHost as exc:
        raise FetchRefused(str(exc)) from exc
    except httpx.HTTPError as exc:
        raise FetchRefused(
            _("Could not read %(url)s: %(error)s") % {"url": current, "error": f"{type(exc).__name__}: {exc}"}
        ) from exc
