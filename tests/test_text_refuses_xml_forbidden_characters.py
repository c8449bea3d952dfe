"""Characters XML 1.0 cannot carry (a vertical tab pasted from a PDF) are refused wherever an editor types text:
the model field validator that the admin, the API and importers share."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from claims.models import Claim, Claimant, Correction, Source, Verdict
from tests import factories
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401

pytestmark = pytest.mark.django_db

VERTICAL_TAB_TEXT = "Turnout fell\u000bby half."


def test_the_api_refuses_a_claim_holding_a_vertical_tab_with_a_reason_naming_the_field(editor):
    claimant = factories.ClaimantFactory()
    response = token_client(editor).post(
        "/api/v1/claims/", {"text": VERTICAL_TAB_TEXT, "claimant": claimant.pk, "language": "en"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert "U+000B" in body["errors"]["text"][0]
    assert "position 13" in body["errors"]["text"][0]
    assert not Claim.objects.exists()


def test_the_admin_form_refuses_a_claim_holding_a_vertical_tab(editor):
    request = RequestFactory().get("/admin/claims/claim/add/")
    request.user = editor
    form_class = site._registry[Claim].get_form(request)
    claimant = factories.ClaimantFactory()
    form = form_class(data={"text": VERTICAL_TAB_TEXT, "claimant": claimant.pk, "language": "en", "slug": "x"})
    assert not form.is_valid()
    assert "U+000B" in form.errors["text"][0]


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Claim, "text"),
        (Claim, "summary"),
        (Claim, "appeared_in"),
        (Claimant, "name"),
        (Claimant, "role"),
        (Claimant, "description"),
        (Source, "title"),
        (Source, "publisher"),
        (Source, "notes"),
        (Verdict, "conclusion"),
        (Verdict, "explanation"),
        (Correction, "note"),
    ],
)
@pytest.mark.parametrize("character", ["\u0000", "\u0008", "\u000b", "\u000c", "\u001f", "\ufffe", "\ud800"])
def test_every_editor_typed_text_field_refuses_each_xml_forbidden_character(model, field, character):
    validators = model._meta.get_field(field).validators
    with pytest.raises(ValidationError) as refused:
        for validator in validators:
            validator(f"before{character}after")
    assert f"U+{ord(character):04X}" in str(refused.value)


@pytest.mark.parametrize("text", ["Tab\there, new\nline, return\r.", "فارسی", "emoji 🎉", "\u2028 and \u00a0"])
def test_text_xml_allows_passes_the_validator(text):
    claim = factories.ClaimFactory.build(text=text, claimant=factories.ClaimantFactory())
    claim.full_clean()
