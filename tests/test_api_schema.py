"""The OpenAPI schema: it validates, documents every error answer, is served with its docs (no CDN), and a
schemathesis run against the live WSGI app finds no 5xx and no answer that contradicts it."""

from __future__ import annotations

import json
import re

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claimcheck.wsgi import application
from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def test_the_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn turns any warning (an undocumented field, an unresolvable type) into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/claims/" in (tmp_path / "schema.yml").read_text()


@pytest.fixture
def openapi() -> dict:
    response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_served_as_json_and_documents_the_public_contract(openapi):
    assert openapi["openapi"].startswith("3.")
    for path in (
        "/api/v1/claims/",
        "/api/v1/claims/{id}/",
        "/api/v1/claims/{id}/claimreview/",
        "/api/v1/claims/export.jsonl",
        "/api/v1/claimants/",
        "/api/v1/claimants/{id}/",
        "/api/v1/sources/",
        "/api/v1/sources/{id}/",
        "/api/v1/ratings/",
    ):
        assert "get" in openapi["paths"][path], path
    claim = openapi["components"]["schemas"]["Claim"]["properties"]
    assert {"id", "slug", "text", "language", "stated_on", "claimant", "verdict", "sources", "related_claims"} <= set(
        claim
    )
    assert all(name == name.lower() for name in claim)
    list_parameters = {p["name"] for p in openapi["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    assert {"rating", "claimant", "topic", "language", "published_after", "published_before", "updated_since", "q"} <= (
        list_parameters
    )
    assert {"cursor", "page_size", "ordering"} <= list_parameters


def test_every_operation_documents_its_errors_with_the_error_body(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue
            statuses = set(operation["responses"])
            expected = {"401", "403", "429"} | ({"400", "404"} if "{id}" in path or method != "get" else {"400"})
            if path.endswith("export.jsonl"):
                expected = {"401", "403", "404", "429"}
            assert expected <= statuses, (method, path, statuses)
            for status in expected:
                body = operation["responses"][status]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (method, path, status)
    error = openapi["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code"}


def test_the_docs_are_served_from_our_own_static_files(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    for url in ("/api/docs/", "/api/redoc/"):
        page = APIClient().get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "/static/drf_spectacular_sidecar/" in html
        # No address on a CDN (a bare "cdn" can appear in the page's random CSRF token, which failed this at times).
        assert not re.search(r"(https?:)?//[^\s\"'/]*cdn", html, re.IGNORECASE)
        if url == "/api/docs/":  # Swagger UI's start-up script is a URL of its own (the CSP refuses inline scripts)
            html = APIClient().get(url, {"script": ""}).content.decode()
        assert "/api/schema/" in html


# --- schemathesis -----------------------------------------------------------------------------------------------


def generated_openapi() -> dict:
    """The schema /api/schema/ serves, built without a request (at collection time no test server exists yet)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator(api_version="v1").get_schema(public=True)))


# schemathesis's own lazy fixture loader does not run under pytest 9 (it sets Function._nodeid): load eagerly.
schema = schemathesis.openapi.from_dict(generated_openapi())


def test_the_fuzzed_schema_is_the_served_schema(openapi):
    assert openapi == generated_openapi()


@pytest.fixture
def fuzzable_api(worked_example, settings):
    # As Django's test client does: a finished request must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis's WSGI requests name
    # Generated requests must reach the views, not the throttle.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_never_fails_and_never_contradicts_its_schema(case, fuzzable_api):
    case.call_and_validate(
        app=application,
        # Werkzeug's test client does not undo GZipMiddleware: ask for the body as it is.
        headers={"Accept-Encoding": "identity"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ],
    )


@pytest.fixture
def editor_token(fuzzable_api, editor) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=editor).key


@schema.include(method=["POST", "PUT", "PATCH", "DELETE"]).parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_writes_with_an_editor_token_never_fail_and_never_contradict_the_schema(case, editor_token):
    case.call_and_validate(
        app=application,
        headers={"Accept-Encoding": "identity", "Authorization": f"Token {editor_token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ],
    )
