"""A citation row takes a pasted URL: an existing source with that URL is cited, never duplicated."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimSource, Source
from tests import factories
from tests.test_admin_claim_page import ADD_URL, new_claim_data

pytestmark = pytest.mark.django_db


def _cite_url(data: dict, url: str, role: str = ClaimSource.Role.REFUTES) -> dict:
    data["claim_sources-TOTAL_FORMS"] = "1"
    data.update(
        {
            "claim_sources-0-source": "",
            "claim_sources-0-source_url": url,
            "claim_sources-0-role": role,
            "claim_sources-0-excerpt": "",
            "claim_sources-0-position": "0",
        }
    )
    return data


def test_a_pasted_url_that_already_exists_is_cited_not_duplicated(editor_client):
    existing = factories.SourceFactory(url="https://example.org/federation/statement", title="Statement")
    data = _cite_url(new_claim_data(editor_client), "HTTPS://Example.org:443/federation/statement#top")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302
    assert Source.objects.count() == 1
    assert list(Claim.objects.get().sources.all()) == [existing]


def test_a_new_pasted_url_creates_one_source_titled_by_its_url_until_edited(editor_client):
    data = _cite_url(new_claim_data(editor_client), "example.org/new-report")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.url, source.title) == ("https://example.org/new-report", "https://example.org/new-report")
    assert list(Claim.objects.get().sources.all()) == [source]


def test_a_row_with_a_source_and_a_url_is_refused_and_saves_nothing(editor_client):
    picked = factories.SourceFactory()
    data = _cite_url(new_claim_data(editor_client), "https://example.org/other")
    data["claim_sources-0-source"] = str(picked.pk)
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert not Claim.objects.exists()
    assert Source.objects.count() == 1


def test_an_invalid_pasted_url_is_refused_and_saves_nothing(editor_client):
    data = _cite_url(new_claim_data(editor_client), "javascript:alert(1)")
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not Claim.objects.exists()
    assert not Source.objects.exists()
