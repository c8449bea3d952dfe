"""The admin login locks out a username, and an address, after AXES_FAILURE_LIMIT wrong passwords (django-axes):
the right password is then refused too, until staff unlock it (docs/operations.md) or the cool-off ends."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/?next=/admin/"
PASSWORD = "the-right-password-1"


@pytest.fixture
def staff_user():
    user = factories.UserFactory(username="desk", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(username: str, password: str, *, address: str = "203.0.113.7"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN_URL, {"username": username, "password": password})
    return response, client


def logged_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_right_password_is_refused_after_too_many_wrong_ones_for_that_user(staff_user):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response, _ = log_in("desk", f"wrong-{attempt}", address=f"198.51.100.{attempt + 1}")
        assert response.status_code == 200  # the login form again, with its error
    log_in("desk", "wrong-again", address="198.51.100.99")

    response, client = log_in("desk", PASSWORD, address="192.0.2.50")  # even from a new address

    assert response.status_code == 429
    assert not logged_in(client)


def test_one_address_trying_many_usernames_is_locked_out(staff_user):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(f"guess-{attempt}", "wrong")

    response, client = log_in("desk", PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    _, other_address = log_in("desk", PASSWORD, address="192.0.2.99")
    assert logged_in(other_address)


def test_staff_unlock_a_locked_out_editor_with_one_command(staff_user):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in("desk", f"wrong-{attempt}")
    assert log_in("desk", PASSWORD)[0].status_code == 429

    call_command("axes_reset_username", "desk", verbosity=0)
    call_command("axes_reset_ip", "203.0.113.7", verbosity=0)

    response, client = log_in("desk", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(staff_user):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in("desk", f"wrong-{attempt}")

    response, client = log_in("desk", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)
