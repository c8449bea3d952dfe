"""Citations of a published claim, in the admin: only a publisher adds, removes or re-roles one, and it is recorded."""

from __future__ import annotations

import pytest

from claims.models import ClaimSource
from tests import factories
from tests.admin_support import change_page_data

pytestmark = pytest.mark.django_db


def post_with_citation_role(client, claim, role: str):
    url = f"/admin/claims/claim/{claim.pk}/change/"
    data = change_page_data(client.get(url))
    data["claim_sources-0-role"] = role
    return client.post(url, data)


def test_an_editor_cannot_re_role_a_published_claims_citation(editor_client):
    verdict = factories.PublishedVerdictFactory()
    citation = factories.ClaimSourceFactory(claim=verdict.claim, role="supports")
    response = post_with_citation_role(editor_client, verdict.claim, "refutes")
    assert response.status_code == 200
    assert "only a reviewer can change its cited sources" in response.content.decode()
    citation.refresh_from_db()
    assert citation.role == "supports"


def test_a_reviewer_re_roles_it_and_the_verdict_records_the_change(reviewer_client):
    verdict = factories.PublishedVerdictFactory()
    citation = factories.ClaimSourceFactory(claim=verdict.claim, role="supports")
    before = verdict.updated_at
    response = post_with_citation_role(reviewer_client, verdict.claim, "refutes")
    assert response.status_code == 302
    citation.refresh_from_db()
    verdict.refresh_from_db()
    assert citation.role == "refutes"
    assert verdict.updated_at > before
    assert verdict.history.first().history_change_reason == "Cited sources changed"
    assert ClaimSource.objects.filter(claim=verdict.claim).count() == 1
