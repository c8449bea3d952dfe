"""Citations keep the order the editor entered them in, whatever their roles."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimSource
from tests import factories
from tests.test_admin_claim_page import ADD_URL, new_claim_data

pytestmark = pytest.mark.django_db


def _two_citations(data: dict, first, second) -> dict:
    data["claim_sources-TOTAL_FORMS"] = "2"
    for i, (source, role) in enumerate([first, second]):
        data.update({f"claim_sources-{i}-source": str(source.pk), f"claim_sources-{i}-role": role})
        data.update({f"claim_sources-{i}-excerpt": "", f"claim_sources-{i}-position": "0"})
    return data


def test_two_citations_entered_supports_then_refutes_keep_that_order(editor_client):
    supporting, refuting = factories.SourceFactory(), factories.SourceFactory()
    data = _two_citations(
        new_claim_data(editor_client),
        (supporting, ClaimSource.Role.SUPPORTS),
        (refuting, ClaimSource.Role.REFUTES),
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302
    claim = Claim.objects.get()
    positions = dict(ClaimSource.objects.filter(claim=claim).values_list("source_id", "position"))
    assert positions == {supporting.pk: 0, refuting.pk: 1}

    page = editor_client.get(f"/admin/claims/claim/{claim.pk}/change/")
    citations = next(i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is ClaimSource)
    shown = [form.instance.source_id for form in citations.forms[:2]]
    assert shown == [supporting.pk, refuting.pk]


def _citation_formset(page):
    return next(i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is ClaimSource)


def test_a_new_citation_row_is_numbered_after_the_saved_ones(editor_client):
    claim = factories.ClaimFactory()
    for position in (0, 4):
        factories.ClaimSourceFactory(claim=claim, position=position)
    page = editor_client.get(f"/admin/claims/claim/{claim.pk}/change/")
    forms = _citation_formset(page).forms
    assert [form.initial["position"] for form in forms] == [0, 4, 5]


def test_a_new_row_the_page_only_numbered_is_not_a_citation(editor_client):
    from tests.admin_support import change_page_data

    claim = factories.ClaimFactory()
    factories.ClaimSourceFactory(claim=claim, position=0)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    data = change_page_data(editor_client.get(url))
    data["claim_sources-1-position"] = "7"  # what the page's script may write into an untouched new row
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert ClaimSource.objects.filter(claim=claim).count() == 1
