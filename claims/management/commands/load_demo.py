"""Load the worked example (fixtures/) into an empty database, and demo accounts when CREATE_DEMO_USERS is on.

Idempotent: `make run` calls it on every start, and it never overwrites what editors changed since.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from claims.models import Claim

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
DEMO_ACCOUNTS = [("editor", "Editors"), ("reviewer", "Reviewers")]


class Command(BaseCommand):
    help = "Load the demo fixtures into an empty database and create demo editor/reviewer accounts (DEBUG only)."

    def handle(self, *args, **options) -> None:
        if Claim.objects.exists():
            self.stdout.write("Claims already present: fixtures not loaded again.")
        else:
            fixtures = sorted(str(path) for path in FIXTURES_DIR.glob("*.json"))
            call_command("loaddata", *fixtures, verbosity=0)
            # loaddata saves raw rows, which django-simple-history skips: give each row its first history entry.
            call_command("populate_history", "--auto", verbosity=0, stdout=io.StringIO())
            self.stdout.write(self.style.SUCCESS(f"Loaded the worked example from {len(fixtures)} fixture file(s)."))
        if settings.CREATE_DEMO_USERS:
            self._create_demo_users()

    def _create_demo_users(self) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are only created with DEBUG on.")
        User = get_user_model()
        for username, group_name in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username=username, password=password, is_staff=True)
            user.groups.add(Group.objects.get(name=group_name))
            # Printed once, at creation: it is stored only as a hash.
            self.stdout.write(self.style.WARNING(f"Demo {group_name[:-1].lower()}: {username} / {password}"))
