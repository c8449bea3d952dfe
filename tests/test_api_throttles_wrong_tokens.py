"""A client sending wrong API tokens is guessing: after API_WRONG_TOKEN_LIMIT wrong tokens in a minute from one
address it gets 429 with Retry-After, even for a right token, while other addresses are unaffected."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db


def get_with(key: str, address: str = "203.0.113.9"):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/claims/")


def test_wrong_tokens_are_refused_then_throttled(editor, settings):
    for attempt in range(settings.API_WRONG_TOKEN_LIMIT):
        assert get_with(f"{attempt:040d}").status_code == 401

    response = get_with("f" * 40)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"
    right = Token.objects.create(user=editor)
    assert get_with(right.key).status_code == 429  # the guessing address waits, whatever it sends
    assert get_with(right.key, address="192.0.2.1").status_code == 200


def test_readers_without_a_token_are_not_affected(settings):
    for attempt in range(settings.API_WRONG_TOKEN_LIMIT + 1):
        get_with(f"{attempt:040d}")

    assert APIClient(REMOTE_ADDR="203.0.113.9").get("/api/v1/claims/").status_code == 200
