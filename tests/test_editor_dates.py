"""A date an editor types is never read with its day and month swapped: the admin and the API share one parser."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from claims.deskdates import parse_desk_date
from claims.models import Claim, Source
from tests import factories
from tests.api_support import token_client
from tests.test_admin_claim_page import ADD_URL, new_claim_data


@pytest.mark.parametrize(
    ("typed", "order", "meant"),
    [
        ("2026-11-10", "DMY", date(2026, 11, 10)),
        ("2026-11-10", "MDY", date(2026, 11, 10)),
        ("2026-11-10", "", date(2026, 11, 10)),
        ("25/11/2026", "DMY", date(2026, 11, 25)),
        ("25.11.2026", "DMY", date(2026, 11, 25)),
        ("11/25/2026", "MDY", date(2026, 11, 25)),
        ("05/05/2026", "DMY", date(2026, 5, 5)),  # both readings are the same day
    ],
)
def test_iso_and_the_desks_own_order_are_read_as_meant(typed, order, meant):
    with override_settings(DESK_DATE_ORDER=order):
        assert parse_desk_date(typed) == meant


@pytest.mark.parametrize("order", ["DMY", "MDY"])
def test_a_date_whose_day_and_month_could_swap_is_refused_with_both_readings(order):
    with override_settings(DESK_DATE_ORDER=order), pytest.raises(ValidationError) as refused:
        parse_desk_date("10/11/2026")
    message = refused.value.messages[0]
    assert "10 November 2026" in message and "11 October 2026" in message
    assert "2026-11-10" in message and "2026-10-11" in message
    assert refused.value.code == "ambiguous_date"


@pytest.mark.parametrize(
    ("typed", "order"),
    [("25/11/2026", "MDY"), ("25/11/2026", ""), ("31/02/2026", "DMY"), ("2026-02-31", "DMY"), ("tomorrow", "DMY")],
)
def test_a_date_that_is_not_one_in_the_desks_formats_is_refused(typed, order):
    with override_settings(DESK_DATE_ORDER=order), pytest.raises(ValidationError):
        parse_desk_date(typed)


@pytest.mark.django_db
def test_the_admin_refuses_an_ambiguous_date_showing_both_readings_and_saves_nothing(editor_client):
    response = editor_client.post(ADD_URL, new_claim_data(editor_client, stated_on="10/11/2026"))
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["stated_on"])
    assert "10 November 2026" in errors and "11 October 2026" in errors
    assert not Claim.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "stored"), [("2026-11-10", date(2026, 11, 10)), ("25/11/2026", date(2026, 11, 25))])
def test_the_admin_stores_iso_and_day_first_dates_as_meant(editor_client, typed, stored):
    response = editor_client.post(ADD_URL, new_claim_data(editor_client, stated_on=typed))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Claim.objects.get().stated_on == stored


@pytest.mark.django_db
def test_the_admin_date_box_says_what_to_type(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    assert 'placeholder="YYYY-MM-DD or DD/MM/YYYY"' in page


@pytest.mark.django_db
def test_the_api_refuses_an_ambiguous_date_with_both_readings_and_stores_nothing(editor):
    claimant = factories.ClaimantFactory()
    response = token_client(editor).post(
        "/api/v1/claims/",
        {"text": "The race was mixed.", "claimant": claimant.pk, "language": "en", "stated_on": "10/11/2026"},
        format="json",
    )
    assert response.status_code == 400
    message = " ".join(response.json()["errors"]["stated_on"])
    assert "10 November 2026" in message and "11 October 2026" in message
    assert not Claim.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "stored"), [("2026-11-10", "2026-11-10"), ("25/11/2026", "2026-11-25")])
def test_the_api_stores_iso_and_day_first_dates_as_meant(editor, typed, stored):
    response = token_client(editor).post(
        "/api/v1/sources/",
        {"url": "https://example.org/report", "title": "A report", "published_on": typed},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert str(Source.objects.get().published_on) == stored
    assert response.json()["published_on"] == stored
