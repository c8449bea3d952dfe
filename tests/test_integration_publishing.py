"""Publishing through the API and unpublishing through the admin move a claim in and out of every public place;
a draft written through the API reaches none of them, only the staff preview."""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from claims.models import Claim, Verdict
from claims.search import search_claims
from tests import factories
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401
from tests.integration_support import body_of, public_bodies

pytestmark = pytest.mark.django_db

# One word that no fixture uses, in the claim, so that every listing and the search can be asked about it.
MARKER = "Quokkaquadrille"


def api_ids(body: str) -> list[int]:
    return [claim["id"] for claim in json.loads(body)["results"]]


def export_ids(body: str) -> list[int]:
    return [json.loads(line)["id"] for line in body.splitlines()]


def where_listed(claim: Claim) -> dict[str, bool]:
    """Whether each public listing shows `claim`, by name."""
    bodies = public_bodies(MARKER)
    path = claim.get_absolute_url()
    return {
        "home": path in bodies["home"],
        "search": path in bodies["search"],
        "rss": path in bodies["rss"] and MARKER in bodies["rss"],
        "atom": path in bodies["atom"] and MARKER in bodies["atom"],
        "sitemap": path in bodies["sitemap"],
        "api list": claim.pk in api_ids(bodies["api list"]),
        "api search": claim.pk in api_ids(bodies["api search"]),
        "api export": claim.pk in export_ids(bodies["api export"]),
    }


def test_a_claim_published_with_a_reviewer_token_is_listed_everywhere_until_a_reviewer_unpublishes_it_in_the_admin(
    worked_example, reviewer, reviewer_client
):
    claim = factories.ClaimFactory(text=f"The {MARKER} was run by 8,000 women in Tehran.")
    verdict = factories.VerdictFactory(claim=claim, status=Verdict.Status.IN_REVIEW)
    listed = where_listed(claim)
    assert not any(listed.values()), listed
    assert Client().get(claim.get_absolute_url()).status_code == 404

    response = token_client(reviewer).post(f"/api/v1/verdicts/{verdict.pk}/publish/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"

    listed = where_listed(claim)
    assert all(listed.values()), listed
    page = Client().get(claim.get_absolute_url())
    assert page.status_code == 200
    assert Client().get(f"/api/v1/claims/{claim.pk}/").status_code == 200
    assert claim.get_absolute_url() in Client().get(f"/claimants/{claim.claimant.slug}/").content.decode()
    assert claim.get_absolute_url() in Client().get("/ratings/false/").content.decode()

    response = reviewer_client.post(
        "/admin/claims/claim/", {"action": "unpublish", ACTION_CHECKBOX_NAME: [claim.pk]}, follow=True
    )
    assert "1 unpublished." in response.content.decode()

    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT
    listed = where_listed(claim)
    assert not any(listed.values()), listed
    assert Client().get(claim.get_absolute_url()).status_code == 404
    assert Client().get(claim.get_absolute_url(), headers={"if-none-match": page.headers["ETag"]}).status_code == 404
    assert Client().get(f"/api/v1/claims/{claim.pk}/").status_code == 404
    assert Client().get(f"/claimants/{claim.claimant.slug}/").status_code == 404  # no other public claim
    assert claim.get_absolute_url() not in Client().get("/ratings/false/").content.decode()


DRAFT_MARKER = "Wombatwaltz"


def write_a_draft_through_the_api(editor) -> tuple[Claim, int]:
    """An editor's tool writes a claim, a new source cited on it and a draft verdict, each carrying the marker."""
    api = token_client(editor)
    claimant = Claim.objects.public().first().claimant  # someone with public claims: their page is public
    claim = api.post(
        "/api/v1/claims/",
        {"text": f"The {DRAFT_MARKER} rule let women run the full marathon.", "claimant": claimant.pk},
        format="json",
    )
    assert claim.status_code == 201, claim.content
    source = api.post(
        "/api/v1/sources/",
        {"url": f"https://news.example.org/{DRAFT_MARKER.lower()}", "title": f"{DRAFT_MARKER} report"},
        format="json",
    )
    assert source.status_code == 201, source.content
    citation = api.post(
        "/api/v1/claim-sources/",
        {"claim": claim.json()["id"], "source": source.json()["id"], "role": "supports"},
        format="json",
    )
    assert citation.status_code == 201, citation.content
    verdict = api.post(
        "/api/v1/verdicts/",
        {"claim": claim.json()["id"], "rating": "false", "conclusion": f"{DRAFT_MARKER}: no such rule."},
        format="json",
    )
    assert verdict.status_code == 201, verdict.content
    assert verdict.json()["status"] == "draft"
    return Claim.objects.get(pk=claim.json()["id"]), source.json()["id"]


def test_a_draft_written_through_the_api_never_shows_on_any_public_page_feed_sitemap_search_or_api(
    worked_example, editor
):
    claim, source_id = write_a_draft_through_the_api(editor)
    reader = Client()
    # Words of the draft's text, not the marker (the search page repeats its query), that do find the draft.
    words = "rule women full marathon"
    assert claim in search_claims(Claim.objects.all(), words)
    public = public_bodies(words.replace(" ", "+"))
    public |= {
        url: body_of(reader.get(url))
        for url in [
            f"/claimants/{claim.claimant.slug}/",
            "/ratings/false/",
            "/api/v1/claimants/",
            f"/api/v1/claimants/{claim.claimant_id}/",
            "/api/v1/sources/?page_size=100",
        ]
    }
    for name, body in public.items():
        assert DRAFT_MARKER not in body, f"the draft leaked in {name}"
        assert DRAFT_MARKER.lower() not in body, f"the draft's source leaked in {name}"
    assert claim.claimant.name in public[f"/claimants/{claim.claimant.slug}/"]  # the page itself is public
    for url in [
        claim.get_absolute_url(),
        f"/api/v1/claims/{claim.pk}/",
        f"/api/v1/claims/{claim.pk}/claimreview/",
        f"/api/v1/sources/{source_id}/",
    ]:
        response = reader.get(url)
        assert response.status_code == 404, url
        assert DRAFT_MARKER not in response.content.decode()


def test_only_logged_in_staff_see_the_api_drafts_preview_with_the_draft_banner(worked_example, editor):
    claim, _ = write_a_draft_through_the_api(editor)
    url = claim.get_absolute_url()

    staff = Client()
    staff.force_login(editor)
    preview = staff.get(url)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert DRAFT_MARKER in html
    assert '<p class="draft-banner" role="status"><strong>DRAFT</strong>' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "application/ld+json" not in html
    assert "no-store" in preview.headers["Cache-Control"]

    not_staff = Client()
    not_staff.force_login(factories.UserFactory(username="reader"))
    for client in (Client(), not_staff):
        response = client.get(url)
        assert response.status_code == 404
        assert DRAFT_MARKER not in response.content.decode()
