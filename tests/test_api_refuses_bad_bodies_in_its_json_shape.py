"""Bodies a hostile client sends to the write API: deep nesting, oversized, undecodable. Each is a 400 in the API's
JSON error shape (never a 500, never Django's HTML page), and nothing is written."""

from __future__ import annotations

import pytest

from claims.models import Claim
from tests import factories
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401

pytestmark = pytest.mark.django_db


def post(editor, body: bytes | str):
    factories.ClaimantFactory()
    return token_client(editor).post("/api/v1/claims/", data=body, content_type="application/json")


def assert_refused_as_json(response, code: str) -> None:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == code
    assert response.json()["detail"]
    assert not Claim.objects.exists()


def test_a_body_nested_928_levels_deep_is_a_400_naming_the_depth(editor):
    response = post(editor, "[" * 928 + "]" * 928)  # 1.9 kB; raised RecursionError (a 500) before the limit

    assert_refused_as_json(response, "parse_error")
    assert "nested deeper than 32 levels" in response.json()["detail"]


def test_a_body_nested_100000_levels_deep_is_refused_as_quickly_as_a_shallow_one(editor):
    response = post(editor, '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}")

    assert_refused_as_json(response, "parse_error")


def test_brackets_inside_strings_do_not_count_as_nesting(editor):
    claimant = factories.ClaimantFactory()
    body = '{"text": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ \\" {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{", '
    body += f'"claimant": {claimant.pk}, "language": "en"}}'
    response = token_client(editor).post("/api/v1/claims/", data=body, content_type="application/json")

    assert response.status_code == 201, response.content
    assert Claim.objects.get().text.startswith("[[[[")


def test_a_body_larger_than_the_upload_limit_is_a_400_in_json_not_an_html_page(editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
    response = post(editor, '{"text": "' + "x" * 1_500_000 + '"}')

    assert_refused_as_json(response, "parse_error")
    assert "larger than 1000000 bytes" in response.json()["detail"]


def test_a_body_that_is_not_utf8_is_a_400_in_json(editor):
    response = post(editor, b'{"text": "\xff\xfe"}')

    assert_refused_as_json(response, "parse_error")
