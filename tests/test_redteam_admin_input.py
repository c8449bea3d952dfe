"""Red-team: crafted admin URLs and POSTs from an editor are bad input (an error page, a 404, a message), never a 500.

The NUL cases fail on PostgreSQL only, which refuses NUL in any string; the others fail on both databases.
"""

from __future__ import annotations

import pytest

from claims.models import Source
from tests import factories
from tests.admin_support import change_page_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "language=%00",
        "language__exact=e%00n",
        "created_at__year=99999999999",
        "created_at__year=2026&created_at__month=99999999999",
        "q=marathon%00women",
    ],
)
def test_a_crafted_claim_list_filter_gets_the_invalid_lookup_answer_not_a_server_error(editor_client, query):
    factories.ClaimFactory()
    response = editor_client.get(f"/admin/claims/claim/?{query}")
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    ("model_name", "field_name"),
    [("claim", "claimant"), ("claim", "topics"), ("claimsource", "source"), ("verdict", "claim")],
)
def test_a_nul_byte_in_an_autocomplete_term_separates_words(editor_client, model_name, field_name):
    factories.ClaimFactory()
    response = editor_client.get(
        "/admin/autocomplete/",
        {"term": "a\x00b", "app_label": "claims", "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 200
    assert "results" in response.json()


@pytest.mark.parametrize("model_name", ["claim", "verdict", "source", "claimant", "topic", "rating"])
def test_a_history_version_that_is_not_a_number_is_a_404(editor_client, model_name):
    claim = factories.VerdictFactory().claim
    object_id = {"claim": claim.pk, "verdict": claim.verdict.pk, "claimant": claim.claimant_id}.get(model_name, 1)
    if model_name == "source":
        object_id = factories.SourceFactory().pk
    if model_name == "topic":
        object_id = factories.TopicFactory().pk
    assert editor_client.get(f"/admin/claims/{model_name}/{object_id}/history/zz/").status_code == 404


def test_a_bulk_action_on_ids_that_are_not_numbers_changes_nothing_and_says_so(editor_client):
    source = factories.SourceFactory()
    response = editor_client.post(
        "/admin/claims/source/", {"action": "check_links_now", "_selected_action": ["zz", str(source.pk)]}
    )
    assert response.status_code == 302
    assert Source.objects.get(pk=source.pk).last_checked_at is None


def test_adding_a_verdict_for_a_claim_id_that_is_not_a_number_is_a_form_error(editor_client):
    response = editor_client.post("/admin/claims/verdict/add/", {"claim": "zz", "conclusion": "X."})
    assert response.status_code == 200
    assert "claim" in response.context["adminform"].form.errors


def test_citing_a_source_id_that_is_not_a_number_in_the_claim_inline_is_a_form_error(editor_client):
    claim = factories.ClaimFactory()
    url = f"/admin/claims/claim/{claim.pk}/change/"
    data = change_page_data(editor_client.get(url))
    data.update({"claim_sources-0-source": "zz", "claim_sources-0-role": "supports", "claim_sources-0-position": "0"})
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert not claim.claim_sources.exists()
