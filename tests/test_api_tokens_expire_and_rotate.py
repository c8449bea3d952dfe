"""API tokens expire API_TOKEN_MAX_AGE_DAYS after they were made; rotating one (command or service) makes the old
key useless at once; deleting it in the admin revokes it as before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories
from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db


def write_with(key: str):
    """A write (a new source) with this token: 201 when the token is accepted."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.post("/api/v1/sources/", {"url": f"https://example.org/{key}", "title": "A report"}, format="json")


def test_a_token_younger_than_the_limit_writes(editor, settings):
    token = Token.objects.create(user=editor)
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS - 1)
    )

    assert write_with(token.key).status_code == 201


def test_an_expired_token_is_refused_with_a_reason(editor, settings):
    token = Token.objects.create(user=editor)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS))

    response = write_with(token.key)

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_rotating_a_token_refuses_the_old_key_and_accepts_the_new_one(editor, capsys):
    old = Token.objects.create(user=editor)
    Token.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=400))

    call_command("rotate_api_token", "editor")
    new_key, expires = capsys.readouterr().out.strip().split("\t")

    assert write_with(old.key).status_code == 401
    assert write_with(new_key).status_code == 201
    assert expires.startswith("expires")


def test_deleting_a_token_in_the_admin_revokes_it(editor, client):
    token = Token.objects.create(user=editor)
    admin = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.post(f"/admin/authtoken/tokenproxy/{editor.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert write_with(token.key).status_code == 401
