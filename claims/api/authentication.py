"""API tokens: DRF's token, refused once older than API_TOKEN_MAX_AGE_DAYS, and wrong tokens throttled.

Why not a new token model (django-rest-knox, our own `expires_at`): DRF's `Token` already records `created`, is
revocable in the admin (Auth Token › Tokens: delete), and is what every client and test uses today. Its age is the
expiry rule, so rotating a token (`manage.py rotate_api_token USERNAME`, or the admin's "Rotate" action) is making
a new key with a new `created`; the old key stops working at once.

A client that sends wrong tokens is guessing: after API_WRONG_TOKEN_LIMIT wrong tokens in a minute from one
address, it gets 429 with Retry-After until the minute is over, even for a right token. The counter lives in the
cache, which fails open (claimcheck/cache.py): with Redis down, wrong tokens are refused (401) but not counted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from claims.api.throttling import client_address

WRONG_TOKEN_WINDOW_SECONDS = 60


def token_expires_at(token) -> datetime:
    """When `token` (a rest_framework.authtoken Token) stops being accepted: `created` + API_TOKEN_MAX_AGE_DAYS."""
    return token.created + timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)


def _wrong_token_key(request) -> str:
    return f"api:wrong-token:{client_address(request)}"


def _count_wrong_token(key: str) -> None:
    if not cache.add(key, 1, WRONG_TOKEN_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: this one starts a new window
            cache.add(key, 1, WRONG_TOKEN_WINDOW_SECONDS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, refused (401) when expired or wrong; 429 after too many wrong ones."""

    def authenticate(self, request):
        key = _wrong_token_key(request)
        if self._sends_token(request) and (cache.get(key) or 0) >= settings.API_WRONG_TOKEN_LIMIT:
            raise exceptions.Throttled(
                wait=WRONG_TOKEN_WINDOW_SECONDS, detail=str(_("Too many wrong API tokens from this address."))
            )
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            _count_wrong_token(key)
            raise

    def _sends_token(self, request) -> bool:
        header = request.META.get("HTTP_AUTHORIZATION", "").split()
        return bool(header) and header[0].lower() == self.keyword.lower()

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if timezone.now() >= token_expires_at(token):
            raise exceptions.AuthenticationFailed(_("Token expired: ask for a new one (tokens are rotated)."))
        return user, token
