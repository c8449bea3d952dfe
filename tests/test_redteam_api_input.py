"""Red-team: API query parameters that a hostile client can send must be a 400 naming the parameter, never a 500."""

from __future__ import annotations

import pytest

from claims.models import Claim
from tests import factories
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("parameter", ["published_after", "published_before", "updated_since"])
@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_it_refuses_a_date_time_that_leaves_the_representable_range_in_utc(client, worked_example, parameter, value):
    response = client.get("/api/v1/claims/", {parameter: value})

    assert response.status_code == 400
    assert parameter in response.json()["errors"]


@pytest.mark.parametrize("value", ["2026-01-01T00:00:00-23:59", "2026-01-01T00:00:00+23:59"])
def test_a_date_time_with_an_offset_postgresql_refuses_is_still_answered(client, worked_example, value):
    response = client.get("/api/v1/claims/", {"published_after": value})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/claims/", '{"text": "A claim.", "claimant": 1e309, "language": "en"}'),
        ("/api/v1/claim-sources/", '{"claim": 1e309, "source": 1, "role": "supports"}'),
        ("/api/v1/verdicts/", '{"claim": -1e400, "conclusion": "X."}'),
    ],
)
def test_it_refuses_a_json_number_too_large_for_a_float_as_malformed_json(editor, path, body):
    factories.ClaimantFactory()
    response = token_client(editor).post(path, data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert not Claim.objects.exists()
