"""The fixed list of link-check outcomes, shared by the checker, the models, the admin and the API."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkOutcome(models.TextChoices):
    OK = "ok", _("OK")
    REDIRECTED = "redirected", _("Moved permanently")
    NOT_FOUND = "not_found", _("Not found (404)")
    GONE = "gone", _("Gone (410)")
    FORBIDDEN = "forbidden", _("Forbidden")
    RATE_LIMITED = "rate_limited", _("Rate limited")
    CLIENT_ERROR = "client_error", _("Client error")
    SERVER_ERROR = "server_error", _("Server error")
    TIMEOUT = "timeout", _("Timed out")
    DNS_ERROR = "dns_error", _("Host not found")
    CONNECTION_ERROR = "connection_error", _("Connection failed")
    TLS_ERROR = "tls_error", _("TLS error")
    TOO_MANY_REDIRECTS = "too_many_redirects", _("Too many redirects")
    TOO_LARGE = "too_large", _("Too large")
    SOFT_404 = "soft_404", _("Soft 404")
    BLOCKED = "blocked", _("Blocked (unsafe address)")
    INVALID_URL = "invalid_url", _("Invalid URL")


# Outcomes that say nothing lasting about the page: retried with backoff, never counted towards "dead".
TRANSIENT_OUTCOMES = frozenset(
    {
        LinkOutcome.RATE_LIMITED,
        LinkOutcome.SERVER_ERROR,
        LinkOutcome.TIMEOUT,
        LinkOutcome.DNS_ERROR,
        LinkOutcome.CONNECTION_ERROR,
        LinkOutcome.TLS_ERROR,
    }
)
# Outcomes where the page answered as expected.
HEALTHY_OUTCOMES = frozenset({LinkOutcome.OK, LinkOutcome.REDIRECTED})


# Outcomes where a person must look: the server refused the checker, not the reader. Never "dead" on their own.
UNVERIFIABLE_OUTCOMES = frozenset({LinkOutcome.FORBIDDEN})


def is_transient(outcome: str) -> bool:
    return outcome in TRANSIENT_OUTCOMES


class LinkHealth(models.TextChoices):
    """A source's standing, derived from its recent checks (see services.source_record_check)."""

    UNCHECKED = "unchecked", _("Not checked yet")
    OK = "ok", _("Working")
    FAILING = "failing", _("Failing")  # failed recently, not yet long or often enough to call dead
    DEAD = "dead", _("Link unavailable")
    NO_URL = "no_url", _("No URL")
