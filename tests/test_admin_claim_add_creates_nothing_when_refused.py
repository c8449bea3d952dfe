"""A claim "add" that the admin refuses creates nothing, the new claimant typed into the same form included,
so that correcting the error and saving again succeeds (before, it said "already a claimant")."""

from __future__ import annotations

import pytest

from claims.models import Claim, Claimant, Verdict
from tests.admin_support import change_page_data

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/claims/claim/add/"


def add_form(client, *, conclusion: str) -> dict:
    data = change_page_data(client.get(ADD_URL))
    data.update({"text": "Women may now run the Tehran marathon.", "language": "en", "new_claimant_name": "Ali Rezaei"})
    data.update({"verdict-0-conclusion": conclusion})
    return data


def test_a_conclusion_one_character_too_long_creates_neither_claim_nor_claimant(editor_client):
    limit = Verdict._meta.get_field("conclusion").max_length
    response = editor_client.post(ADD_URL, add_form(editor_client, conclusion="x" * (limit + 1)))

    assert response.status_code == 200  # the form again, with the error
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["conclusion"]
    assert not Claimant.objects.filter(name="Ali Rezaei").exists()
    assert not Claim.objects.exists()


def test_fixing_the_error_and_saving_again_creates_the_claim_with_its_new_claimant(editor_client):
    limit = Verdict._meta.get_field("conclusion").max_length
    editor_client.post(ADD_URL, add_form(editor_client, conclusion="x" * (limit + 1)))

    response = editor_client.post(ADD_URL, add_form(editor_client, conclusion="x" * limit))

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    claim = Claim.objects.get()
    assert claim.claimant == Claimant.objects.get(name="Ali Rezaei")
    assert claim.verdict.conclusion == "x" * limit


def test_a_refused_claim_form_itself_creates_no_claimant(editor_client):
    data = add_form(editor_client, conclusion="Fine.")
    data["slug"] = "not a slug!"
    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Claimant.objects.exists()
