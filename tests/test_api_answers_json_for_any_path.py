"""Everything under /api/ answers JSON, whatever bytes its path holds (a control character used to get Django's
HTML 404), and a path missing its final slash is still redirected to the endpoint."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/%0b/",
        "/api/v1/%0a/",
        "/api/v1/claims/%0a",
        "/api/v1/claims/1%0a/",
        "/api/%00",
        "/api/v1/%ff%fe/",
        "/api/v1/%E2%80%A8",
        "/api/nothing-here",
        "/api/v1/claims/1/extra",
        "/api/",
    ],
)
def test_an_unknown_path_under_api_is_a_json_404(path):
    response = APIClient().get(path)
    assert response.status_code == 404, path
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "No such API endpoint: see /api/docs/.", "code": "not_found"}


def test_a_path_without_its_final_slash_is_redirected_with_its_query():
    response = APIClient().get("/api/v1/claims?language=en")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/claims/?language=en"
