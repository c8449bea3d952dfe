"""A URL that is already a source's: the error offers to cite that source. In the claim page's add-source popup,
one click answers as the admin does after adding in a popup, so the citation row picks the existing source;
elsewhere, the error links to a new claim citing it and to the source's page. Crafted input is a 4xx, never a 500."""

from __future__ import annotations

import json

import pytest

from claims.models import Claim, ClaimSource, Source
from tests import factories
from tests.admin_support import change_page_data

pytestmark = pytest.mark.django_db

POPUP_ADD_URL = "/admin/claims/source/add/?_to_field=id&_popup=1"
ADD_URL = "/admin/claims/source/add/"


@pytest.fixture
def existing():
    return factories.SourceFactory(url="https://news.example.org/marathon", title="Marathon: the minister's word")


def post_source(client, url: str, *, popup: bool):
    page = client.get(POPUP_ADD_URL if popup else ADD_URL)
    data = change_page_data(page)
    data.update({"url": url, "title": "", "kind": "news_report"})
    if popup:
        data.update({"_popup": "1", "_to_field": "id"})
    return client.post(POPUP_ADD_URL if popup else ADD_URL, data)


def test_in_the_popup_the_error_offers_a_button_that_cites_the_existing_source(editor_client, existing):
    response = post_source(editor_client, "HTTPS://News.Example.org/marathon#top", popup=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"already source #{existing.pk}" in html
    cite_url = f"/admin/claims/source/{existing.pk}/cite/?_popup=1&amp;_to_field=id"
    assert f'class="button cite-existing" href="{cite_url}"' in html
    assert Source.objects.count() == 1

    answer = editor_client.get(f"/admin/claims/source/{existing.pk}/cite/?_popup=1&_to_field=id")
    assert answer.status_code == 200
    assert "admin/popup_response.html" in [t.name for t in answer.templates]
    assert json.loads(answer.context["popup_response_data"]) == {"value": str(existing.pk), "obj": existing.title}
    assert b"admin/js/popup_response" in answer.content


def test_outside_a_popup_the_error_links_to_citing_it_from_a_claim_page_and_to_the_source(editor_client, existing):
    response = post_source(editor_client, "https://news.example.org/marathon", popup=False)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/admin/claims/source/{existing.pk}/cite/"' in html
    assert f'href="/admin/claims/source/{existing.pk}/change/"' in html
    assert "_popup" not in str(response.context["adminform"].form.errors["url"])

    cite = editor_client.get(f"/admin/claims/source/{existing.pk}/cite/")
    assert cite.status_code == 302
    assert cite["Location"] == f"/admin/claims/claim/add/?cite_source={existing.pk}"
    claim_page = editor_client.get(cite["Location"])
    assert claim_page.status_code == 200
    citations = next(i.formset for i in claim_page.context["inline_admin_formsets"] if i.formset.model is ClaimSource)
    assert citations.forms[0].initial["source"] == existing.pk
    assert f'<option value="{existing.pk}" selected>' in claim_page.content.decode()

    data = change_page_data(claim_page)
    data.update({"text": "The marathon was never mixed.", "language": "en", "new_claimant_name": "A minister"})
    data["claim_sources-0-role"] = ClaimSource.Role.REFUTES
    assert editor_client.post(cite["Location"], data).status_code == 302
    assert list(Claim.objects.get().sources.all()) == [existing]


@pytest.mark.parametrize("value", ["abc", "-1", "٣", "9" * 40, "9" * 5000, "", "0"])
def test_a_new_claim_page_ignores_a_cite_source_that_names_no_source(editor_client, existing, value):
    response = editor_client.get(f"/admin/claims/claim/add/?cite_source={value}")
    assert response.status_code == 200
    citations = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is ClaimSource)
    assert "source" not in citations.forms[0].initial


@pytest.mark.parametrize("object_id", ["999999", "abc", "9" * 40])
def test_citing_a_source_that_does_not_exist_is_a_404(editor_client, object_id):
    assert editor_client.get(f"/admin/claims/source/{object_id}/cite/?_popup=1&_to_field=id").status_code == 404


def test_citing_by_a_field_the_admin_does_not_allow_is_a_400(editor_client, existing):
    response = editor_client.get(f"/admin/claims/source/{existing.pk}/cite/?_popup=1&_to_field=notes")
    assert response.status_code == 400


def test_the_cite_view_needs_a_logged_in_editor(client, existing):
    response = client.get(f"/admin/claims/source/{existing.pk}/cite/?_popup=1&_to_field=id")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_user_who_cannot_see_sources_cannot_cite_them(client, existing):
    staff = factories.UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(f"/admin/claims/source/{existing.pk}/cite/?_popup=1&_to_field=id").status_code in (403, 404)
    response = client.get(f"/admin/claims/claim/add/?cite_source={existing.pk}")
    assert response.status_code == 403
