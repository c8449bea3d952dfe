"""A claim's language is stored as one canonical BCP-47 tag however it was typed, and picked from named languages."""

from __future__ import annotations

import pytest

from claims.models import Claim
from tests import factories
from tests.api_support import token_client
from tests.test_admin_claim_page import ADD_URL, new_claim_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("typed", "stored"), [("FA", "fa"), ("per", "fa"), ("fa", "fa"), ("pt-br", "pt-BR")])
def test_the_admin_stores_the_canonical_tag(editor_client, typed, stored):
    response = editor_client.post(ADD_URL, new_claim_data(editor_client, language=typed))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Claim.objects.get().language == stored


def test_the_admin_refuses_a_language_name_typed_as_the_tag(editor_client):
    response = editor_client.post(ADD_URL, new_claim_data(editor_client, language="Farsi"))
    assert response.status_code == 200
    assert "language" in response.context["adminform"].form.errors
    assert not Claim.objects.exists()


def test_the_admin_offers_languages_by_their_english_and_own_names(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    assert 'list="id_language-languages"' in page
    assert '<option value="fa">Persian — فارسی</option>' in page
    assert '<option value="en">English</option>' in page


@pytest.mark.parametrize(("typed", "stored"), [("EN-us", "en-US"), ("fas", "fa")])
def test_the_api_stores_the_canonical_tag(editor, typed, stored):
    claimant = factories.ClaimantFactory()
    response = token_client(editor).post(
        "/api/v1/claims/", {"text": "The race was mixed.", "claimant": claimant.pk, "language": typed}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert Claim.objects.get().language == stored
    assert response.json()["language"] == stored


def test_a_claim_saved_by_code_is_stored_canonical_too():
    claim = factories.ClaimFactory(language="FA")
    claim.refresh_from_db()
    assert claim.language == "fa"
