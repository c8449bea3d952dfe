"""API tokens: rotation (a new key replaces the old one at once). Expiry is read in claims/api/authentication.py."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def api_token_rotate(*, user: AbstractBaseUser) -> Token:
    """Replace `user`'s API token (or make the first one): the old key is refused from now on.

    Returns the new Token (its `key` is the secret to hand over; `created` is now, so it expires
    API_TOKEN_MAX_AGE_DAYS from now).
    """
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)
