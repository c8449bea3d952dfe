"""DRF's anonymous and per-user throttles, reading their rate when a request arrives.

DRF's classes copy DEFAULT_THROTTLE_RATES once at import, so a changed setting (another deployment's
environment, a test) would not reach them.
"""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings


class CurrentRateMixin:
    def get_rate(self) -> str | None:
        """The scope's rate now; "off" (benchmarks behind their own limiter) means no throttle."""
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return None if rate in ("off", "") else rate


class AnonRateThrottle(CurrentRateMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(CurrentRateMixin, throttling.UserRateThrottle):
    pass


def client_address(request) -> str:
    """The client's address as the throttles see it (REMOTE_ADDR, or X-Forwarded-For with NUM_PROXIES set).

    Also django-axes' AXES_CLIENT_IP_CALLABLE, so that the admin lock-out and the API agree on who a client is.
    """
    return throttling.BaseThrottle().get_ident(request)
