from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_published_seed_claims_and_not_the_draft(client, worked_example):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "given the okay" in body
    assert "there was no chance the competition would be mixed" in body
    assert "emailed a ban" not in body and "told by email" not in body
