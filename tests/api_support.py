"""Helpers shared by the tests/test_api_*.py files."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

DRAFT_MARKER = "DRAFT-NOT-PUBLIC"
DRAFT_SLUG = "email-banned-women-three-weeks-before"
IN_REVIEW_SLUG = "at-least-156-women-registered"


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    """Throttle counters live in the cache: every test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def all_pages(client: APIClient, url: str) -> list[dict]:
    """Every item of a cursor-paginated list, following `next`."""
    items: list[dict] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        items += response.json()["results"]
        url = response.json()["next"]
    return items
