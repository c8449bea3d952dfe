"""A robot that fills the hidden honeypot field is thanked like anyone else, and its tip is stored nowhere."""

from __future__ import annotations

import pytest

from claims.tips.models import Tip

pytestmark = pytest.mark.django_db


def test_a_filled_honeypot_is_answered_as_success_and_stores_nothing(client):
    response = client.post(
        "/tips/new/", {"text": "Buy cheap watches at our shop today!", "website": "https://spam.example.com"}
    )
    assert response.status_code == 302 and response["Location"] == "/tips/thanks/"
    assert Tip.objects.count() == 0


def test_the_honeypot_is_out_of_the_tab_order_and_hidden_from_assistive_technology(client):
    body = client.get("/tips/new/").content.decode()
    assert '<p class="tip-honeypot" aria-hidden="true">' in body
    assert 'name="website"' in body and 'tabindex="-1"' in body and 'autocomplete="off"' in body
