"""Each address may send settings.TIPS_PER_ADDRESS_PER_HOUR tips an hour; past that, a 429 with a kind message."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.tips.models import Tip

pytestmark = pytest.mark.django_db


def send(client: Client, n: int):
    return client.post("/tips/new/", {"text": f"Claim number {n} that somebody made on television."})


def test_the_tip_past_the_limit_is_refused_with_429_and_not_stored(settings):
    settings.TIPS_PER_ADDRESS_PER_HOUR = 3
    reader = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(3):
        assert send(reader, n).status_code == 302
    refused = send(reader, 3)
    assert refused.status_code == 429
    assert "You have sent several tips in the last hour" in refused.content.decode()
    assert Tip.objects.count() == 3


def test_another_address_is_counted_separately(settings):
    settings.TIPS_PER_ADDRESS_PER_HOUR = 1
    assert send(Client(REMOTE_ADDR="203.0.113.7"), 1).status_code == 302
    assert send(Client(REMOTE_ADDR="203.0.113.7"), 2).status_code == 429
    assert send(Client(REMOTE_ADDR="198.51.100.9"), 3).status_code == 302


def test_a_forged_forwarded_for_header_does_not_reset_the_count_without_trusted_proxies(settings):
    settings.TIPS_PER_ADDRESS_PER_HOUR = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    assert send(Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.1.1.1"), 1).status_code == 302
    assert send(Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="2.2.2.2"), 2).status_code == 429


def test_honeypot_robots_use_up_their_addresss_allowance_too(settings):
    settings.TIPS_PER_ADDRESS_PER_HOUR = 1
    robot = Client(REMOTE_ADDR="203.0.113.66")
    robot.post("/tips/new/", {"text": "Spam spam spam spam", "website": "x"})
    assert send(robot, 1).status_code == 429
