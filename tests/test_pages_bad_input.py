"""Malformed addresses and queries on the reader pages get an answer, never a server error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

MALFORMED = [
    "/search/?q=%00",
    "/search/?q=marathon%00women",
    "/search/?q=%27%22%3C%2Fscript%3E",
    "/search/?q=%E2%80%AE",
    "/search/?q=%FF%FE",
    "/search/?q=!!!",
    "/search/?q=%26%7C%21",
    "/search/?q=-marathon",
    "/?page=%00",
    "/?page=-1",
    "/?page=99999999999999999999",
    "/claims/%00/",
    "/claimants/x%00/",
    "/ratings/no-such-rating/",
]


@pytest.mark.parametrize("url", MALFORMED)
def test_a_malformed_request_gets_an_answer_not_a_server_error(client, worked_example, url):
    assert client.get(url).status_code in (200, 400, 404)


def test_a_nul_byte_in_a_search_separates_words(client, worked_example):
    response = client.get("/search/", {"q": "Solanifar\x00competition"})
    assert response.status_code == 200
    assert "/claims/minister-no-chance-race-mixed/" in response.content.decode()
