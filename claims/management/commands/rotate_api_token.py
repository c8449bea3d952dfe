"""`manage.py rotate_api_token USERNAME`: a new API token for a user; the old one stops working at once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.api.authentication import token_expires_at
from claims.services.apitokens import api_token_rotate


class Command(BaseCommand):
    help = "Make a new API token for a user (replacing the old one) and print it with its expiry."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        token = api_token_rotate(user=user)
        self.stdout.write(f"{token.key}\texpires {token_expires_at(token).isoformat()}")
