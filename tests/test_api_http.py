"""HTTP behaviour of the API: conditional GET, gzip, CORS for reads only, throttling, JSON 4xx bodies."""

from __future__ import annotations

import gzip
import json

import pytest
from rest_framework.test import APIClient

from claims import services
from claims.models import Claim
from tests import factories
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(worked_example) -> Claim:
    return Claim.objects.get(slug="women-limited-to-10k-in-stadium")


@pytest.mark.parametrize("path", ["/api/v1/claims/{id}/", "/api/v1/claims/{id}/claimreview/"])
def test_a_detail_answers_304_to_its_own_etag_and_200_once_it_changed(claim, reviewer, path):
    url = path.format(id=claim.pk)
    client = APIClient()
    first = client.get(url)
    etag = first["ETag"]
    assert etag
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""

    services.correction_add(verdict=claim.verdict, note="A date was wrong.", user=reviewer)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_other_details_have_etags_too(claim):
    client = APIClient()
    for url in (f"/api/v1/claimants/{claim.claimant_id}/", "/api/v1/ratings/"):
        etag = client.get(url)["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_responses_are_gzipped_and_conditional_get_still_works(claim):
    client = APIClient()
    response = client.get("/api/v1/claims/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["results"]
    etag = response["ETag"]
    assert client.get("/api/v1/claims/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_cross_origin_reads_are_allowed_and_writes_are_not(claim):
    client = APIClient()
    read = client.get(f"/api/v1/claims/{claim.pk}/", HTTP_ORIGIN="https://researcher.example")
    assert read["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/claims/",
        HTTP_ORIGIN="https://researcher.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    allowed = {m.strip() for m in preflight["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}
    assert "Access-Control-Allow-Credentials" not in preflight
    # Reader pages are not an API: no CORS headers there.
    page = client.get(claim.get_absolute_url(), HTTP_ORIGIN="https://researcher.example")
    assert "Access-Control-Allow-Origin" not in page


def _tight_rates(settings, anon: str, user: str) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user}}


def test_anonymous_clients_are_throttled_with_a_json_429(settings, claim):
    _tight_rates(settings, anon="3/minute", user="100/minute")
    client = APIClient()
    statuses = [client.get("/api/v1/claims/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(f"/api/v1/claims/{claim.pk}/")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert "throttled" in refused.json()["detail"].lower()
    assert int(refused["Retry-After"]) > 0


def test_token_users_are_throttled_on_their_own_rate(settings, claim, editor):
    _tight_rates(settings, anon="1/minute", user="2/minute")
    client = token_client(editor)
    statuses = [client.get("/api/v1/claims/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/claims/").json()["code"] == "throttled"


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v1/claims/999999/", 404),
        ("get", "/api/v1/claims/not-a-number/", 404),
        ("get", "/api/v1/claims/99999999999999999999999/", 404),
        ("get", "/api/v2/claims/", 404),
        ("delete", "/api/v1/claims/{id}/", 401),
        ("post", "/api/v1/claims/{id}/claimreview/", 401),
    ],
)
def test_every_4xx_has_a_json_body_with_a_reason(claim, method, url, status):
    response = getattr(APIClient(), method)(url.format(id=claim.pk))
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]
    assert response.json()["code"]


def test_a_path_without_its_slash_is_still_redirected(claim):
    response = APIClient().get("/api/v1/claims")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/claims/"


def test_a_method_an_endpoint_does_not_offer_is_a_405_in_json(claim):
    admin = factories.UserFactory(username="admin", is_superuser=True, is_staff=True)
    response = token_client(admin).delete(f"/api/v1/claims/{claim.pk}/")
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.', "code": "method_not_allowed"}
