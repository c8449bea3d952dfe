"""The editors' search boxes fold spelling like the reader's search: a claim, claimant or source written in
Persian is found by Arabic letters, a word without its ZWNJ, or other digits, and the other way round."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def listed(client, path: str, query: str) -> set[int]:
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def test_the_claim_list_finds_persian_text_claimant_and_source_title_by_their_variants(editor_client):
    by_text = factories.ClaimFactory(text="وزیر گفت مسابقه در سال ۱۳۹۵ مختلط نبود.", language="fa")
    by_claimant = factories.ClaimFactory(claimant=factories.ClaimantFactory(name="فدراسیون دو و میدانی"))
    by_source = factories.ClaimSourceFactory(source=factories.SourceFactory(title="گزارش خبرگزاری ایسنا")).claim
    factories.ClaimFactory(text="An English claim about 1394.")

    assert listed(editor_client, "/admin/claims/claim/", "وزير 1395") == {by_text.pk}
    assert listed(editor_client, "/admin/claims/claim/", "فدراسيون") == {by_claimant.pk}
    assert listed(editor_client, "/admin/claims/claim/", "ايسنا") == {by_source.pk}


def test_a_claim_typed_with_arabic_letters_and_digits_is_found_by_the_persian_form(editor_client):
    typed_in_arabic = factories.ClaimFactory(text="ميگويد كه ١٣٩٥ سال خوبي بود", language="fa")
    factories.ClaimFactory()
    assert listed(editor_client, "/admin/claims/claim/", "می\u200cگوید ۱۳۹۵") == {typed_in_arabic.pk}


def test_the_source_list_search_folds_too(editor_client):
    source = factories.SourceFactory(title="بیانیهٔ کمیته", publisher="کمیته ملی المپیک")
    factories.SourceFactory(title="Council press release")
    assert listed(editor_client, "/admin/claims/source/", "كميته") == {source.pk}
