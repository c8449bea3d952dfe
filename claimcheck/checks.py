"""System checks for configuration that is legal but dangerous: `manage.py check --deploy` reports them."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_linkcheck_allowlist(app_configs, **kwargs):
    """The SSRF allow-list exists for tests; in production it opens the newsroom's network to the checker."""
    messages = []
    for cidr in settings.LINKCHECK_ALLOWED_NETWORKS:
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            messages.append(Error(f"LINKCHECK_ALLOWED_NETWORKS has an invalid network: {cidr!r}", id="claimcheck.E001"))
    if settings.LINKCHECK_ALLOWED_NETWORKS and not settings.DEBUG:
        messages.append(
            Warning(
                "LINKCHECK_ALLOWED_NETWORKS is set with DEBUG off: the link checker may fetch these internal "
                "addresses.",
                hint="Leave it empty in production; it exists for tests against a local server.",
                id="claimcheck.W001",
            )
        )
    return messages


@register(Tags.security)
def check_production_safety(app_configs, **kwargs):
    messages = []
    if not settings.DEBUG and settings.CREATE_DEMO_USERS:
        messages.append(
            Error("CREATE_DEMO_USERS is only for local demos; it must be off when DEBUG is off.", id="claimcheck.E002")
        )
    if not settings.DEBUG and settings.CELERY_TASK_ALWAYS_EAGER:
        messages.append(
            Warning(
                "CELERY_TASK_ALWAYS_EAGER runs tasks inside web requests.",
                hint="Unset it in production so link checks run on the worker.",
                id="claimcheck.W002",
            )
        )
    if settings.ARCHIVE_BACKEND not in ("none", "internet_archive"):
        messages.append(
            Error(
                f"ARCHIVE_BACKEND must be 'none' or 'internet_archive', not {settings.ARCHIVE_BACKEND!r}",
                id="claimcheck.E003",
            )
        )
    return messages
