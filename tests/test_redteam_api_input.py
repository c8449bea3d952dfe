"""Red-team: API query parameters that a hostile client can send must be a 400 naming the parameter, never a 500."""

from __future__ import annotations

import pytest

from tests.api_support import fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("parameter", ["published_after", "published_before", "updated_since"])
@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_it_refuses_a_date_time_that_leaves_the_representable_range_in_utc(client, worked_example, parameter, value):
    response = client.get("/api/v1/claims/", {parameter: value})

    assert response.status_code == 400
    assert parameter in response.json()["errors"]
