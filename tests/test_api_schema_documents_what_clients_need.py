"""What a new consumer needs from /api/schema/ alone: the allowed `ordering` values, the server, real example
values, the slug lookup, and an export whose 200 a generated client accepts (a binary download, no `format`)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(settings) -> dict:
    response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def parameters(openapi: dict, path: str) -> dict[str, dict]:
    return {p["name"]: p for p in openapi["paths"][path]["get"].get("parameters", [])}


def test_the_allowed_ordering_values_are_an_enum(openapi):
    ordering = parameters(openapi, "/api/v1/claims/")["ordering"]
    assert ordering["schema"]["enum"] == ["published", "-published", "updated", "-updated"]
    assert ordering["schema"]["default"] == "-published"


def test_the_schema_names_its_server(openapi, settings):
    assert openapi["servers"][0]["url"] == settings.SITE_URL


def test_query_parameters_carry_real_example_values(openapi):
    claim_parameters = parameters(openapi, "/api/v1/claims/")
    assert claim_parameters["language"]["example"] == "en"
    assert claim_parameters["rating"]["example"] == "false"
    assert claim_parameters["published_before"]["example"] == "2026-11-30"
    assert "slug" in claim_parameters["claimant"]["description"]


def test_the_claim_slug_lookup_is_documented(openapi):
    operation = openapi["paths"]["/api/v1/claims/by-slug/{slug}/"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Claim"
    }


def test_the_export_is_documented_as_a_json_lines_download_without_a_format_parameter(openapi):
    operation = openapi["paths"]["/api/v1/claims/export.jsonl"]["get"]
    assert "format" not in parameters(openapi, "/api/v1/claims/export.jsonl")
    assert operation["responses"]["200"]["content"] == {
        "application/jsonl": {"schema": {"type": "string", "format": "binary"}}
    }
    assert "400" in operation["responses"]
