"""The fixed list of link-check outcomes, shared by the checker, the models, the admin and the API."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkOutcome(models.TextChoices):
    OK = "ok", _("OK")
    REDIRECTED = "redirected", _("Moved permanently")
    NOT_FOUND = "not_found", _("Not found (404)")
    GONE = "gone", _("Gone (410)")
    FORBIDDEN = "forbidden", _("Forbidden (401/403)")
    BLOCKED = "blocked", _("Bot wall or challenge")
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
    UNSAFE_URL = "unsafe_url", _("Refused (unsafe address)")
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
# The site would not show the page to a program (a login, a bot wall, a legal block): a person must look. Shown to
# editors as "could not verify automatically", and never counted towards "dead".
UNVERIFIABLE_OUTCOMES = frozenset({LinkOutcome.FORBIDDEN, LinkOutcome.BLOCKED})
# Outcomes where the page answered as expected.
HEALTHY_OUTCOMES = frozenset({LinkOutcome.OK, LinkOutcome.REDIRECTED})


def is_transient(outcome: str) -> bool:
    return outcome in TRANSIENT_OUTCOMES


def is_unverifiable(outcome: str) -> bool:
    return outcome in UNVERIFIABLE_OUTCOMES


class LinkHealth(models.TextChoices):
    """A source's standing, derived from its recent checks (see services.source_record_check)."""

    UNCHECKED = "unchecked", _("Not checked yet")
    OK = "ok", _("Working")
    FAILING = "failing", _("Failing")  # failed recently, not yet long or often enough to call dead
    UNVERIFIED = "unverified", _("Could not verify automatically")  # forbidden or a bot wall: a person must look
    DEAD = "dead", _("Link unavailable")
    NO_URL = "no_url", _("No URL")


class ArchiveState(models.TextChoices):
    """Where a source's archived copy stands (see services.source_archive); empty until one is asked for."""

    NONE = "", _("Not asked")
    PENDING = "pending", _("Capture requested")
    ARCHIVED = "archived", _("Archived")
    RETRY_LATER = "retry_later", _("Archive busy: will retry")
    REFUSED = "refused", _("Archive refused")
