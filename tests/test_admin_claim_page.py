"""The claim page: claim, new claimant, cited sources and draft verdict in one save; bad input saves nothing."""

from __future__ import annotations

import re

import pytest

from claims.models import Claim, Claimant, ClaimSource, Verdict
from tests import factories
from tests.admin_support import change_page_data

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/claims/claim/add/"


def new_claim_data(client, *, text: str = "Women may now run the Tehran marathon.", **overrides) -> dict:
    data = change_page_data(client.get(ADD_URL))
    data.update({"text": text, "language": "en", "new_claimant_name": "Ali Rezaei"})
    data.update(overrides)
    return data


def with_sources(data: dict, *sources) -> dict:
    data["claim_sources-TOTAL_FORMS"] = str(len(sources))
    for i, (source, role, excerpt) in enumerate(sources):
        data.update(
            {
                f"claim_sources-{i}-source": str(source.pk),
                f"claim_sources-{i}-role": role,
                f"claim_sources-{i}-excerpt": excerpt,
                f"claim_sources-{i}-position": str(i),
            }
        )
    return data


def test_it_creates_a_claim_with_a_new_claimant_two_sources_and_a_draft_verdict_in_one_save(editor_client, editor):
    report, statement = factories.SourceFactory(), factories.SourceFactory(kind="official_statement")
    data = with_sources(
        new_claim_data(editor_client),
        (report, ClaimSource.Role.APPEARANCE, "“Women may run,” he said."),
        (statement, ClaimSource.Role.REFUTES, "Only men registered."),
    )
    data.update({"verdict-0-rating": str(factories.rating("false").pk), "verdict-0-conclusion": "No such rule."})

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim = Claim.objects.get(text="Women may now run the Tehran marathon.")
    assert claim.claimant == Claimant.objects.get(name="Ali Rezaei")
    assert {(cs.source, cs.role) for cs in claim.claim_sources.all()} == {
        (report, ClaimSource.Role.APPEARANCE),
        (statement, ClaimSource.Role.REFUTES),
    }
    assert claim.slug.startswith("women-may-now-run")
    verdict = claim.verdict
    assert (verdict.status, verdict.conclusion, verdict.author) == (Verdict.Status.DRAFT, "No such rule.", editor)
    assert verdict.history.first().history_user == editor


def test_it_rejects_a_claim_without_any_claimant(editor_client):
    response = editor_client.post(ADD_URL, new_claim_data(editor_client, new_claimant_name=""))
    assert response.status_code == 200
    assert "claimant" in response.context["adminform"].form.errors
    assert not Claim.objects.exists()


def test_it_rejects_a_200000_character_claim_and_saves_nothing(editor_client):
    data = new_claim_data(editor_client, text="ا" * 200_000)
    data.update({"verdict-0-conclusion": "Something."})
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "at most 2000 characters" in str(response.context["adminform"].form.errors["text"])
    assert not Claim.objects.exists()
    assert not Claimant.objects.filter(name="Ali Rezaei").exists()
    assert not Verdict.objects.exists()


def test_it_rejects_a_duplicate_slug_and_saves_nothing(editor_client):
    factories.ClaimFactory(slug="tehran-marathon")
    response = editor_client.post(ADD_URL, new_claim_data(editor_client, slug="tehran-marathon"))
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert Claim.objects.count() == 1


def test_it_rejects_a_language_that_is_not_bcp47(editor_client):
    response = editor_client.post(ADD_URL, new_claim_data(editor_client, language="Persian language"))
    assert response.status_code == 200
    assert "BCP-47" in str(response.context["adminform"].form.errors["language"])
    assert not Claim.objects.exists()


def test_it_rejects_a_new_claimant_who_already_exists(editor_client):
    factories.ClaimantFactory(name="Ali Rezaei")
    response = editor_client.post(ADD_URL, new_claim_data(editor_client))
    assert response.status_code == 200
    assert "already a claimant" in str(response.context["adminform"].form.errors["new_claimant_name"])
    assert Claimant.objects.count() == 1


def test_the_claim_page_shows_persian_text_with_automatic_direction_and_a_view_on_site_link(editor_client):
    claim = factories.ClaimFactory(text="زنان می‌توانند در ماراتن تهران بدوند.", language="fa")
    factories.VerdictFactory(claim=claim)

    page = editor_client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    listing = editor_client.get("/admin/claims/claim/").content.decode()

    text_box = re.search(r'<textarea[^>]*name="text"[^>]*>', page).group(0)
    assert 'dir="auto"' in text_box
    assert f'href="/admin/r/{_content_type_id()}/{claim.pk}/"' in page  # "view on site"
    assert f'<span lang="fa" dir="auto">{claim.text}</span>' in listing


def _content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Claim).pk
