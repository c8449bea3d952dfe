"""/api/v1/ reads: the claim representation, every endpoint, filters, ordering, cursor pagination, and drafts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services
from claims.claimreview import build_claim_review
from claims.models import Claim, Rating
from tests import factories
from tests.api_support import (
    DRAFT_MARKER,
    DRAFT_SLUG,
    IN_REVIEW_SLUG,
    all_pages,
    fresh_throttle_counters,  # noqa: F401
    token_client,
)

pytestmark = pytest.mark.django_db

PUBLISHED_SLUGS = {
    "straten-mixed-race-given-okay",
    "minister-no-chance-race-mixed",
    "women-limited-to-10k-in-stadium",
    "women-banned-from-shiraz-race",
    "free-to-run-women-allowed-to-run",
    "federation-women-10k-stadium-fa",
}


@pytest.fixture
def client() -> APIClient:
    return APIClient()


def slugs(items: list[dict]) -> set[str]:
    return {item["slug"] for item in items}


def test_the_claim_list_holds_exactly_the_published_claims(client, worked_example):
    assert slugs(all_pages(client, "/api/v1/claims/")) == PUBLISHED_SLUGS


def test_a_claim_carries_the_documented_fields(client, worked_example):
    claim = Claim.objects.get(slug="women-limited-to-10k-in-stadium")
    factories.CorrectionFactory(verdict=claim.verdict, note="Date of the order corrected.")
    body = client.get(f"/api/v1/claims/{claim.pk}/").json()

    assert set(body) == {
        "id", "slug", "text", "summary", "language", "stated_on", "appeared_in", "claimant", "topics", "verdict",
        "sources", "related_claims", "corrections", "url",
    }  # fmt: skip
    assert body["claimant"] == {"id": claim.claimant.pk, "name": claim.claimant.name, "slug": claim.claimant.slug}
    assert body["verdict"]["rating"] == {"label": "True", "slug": "true", "value": 5}
    assert set(body["verdict"]) == {"rating", "conclusion", "explanation", "published_at", "updated_at"}
    assert body["verdict"]["published_at"].startswith("2026-11-21T09:00:00")
    assert body["url"].endswith(f"/claims/{claim.slug}/")
    assert [c["note"] for c in body["corrections"]][-1] == "Date of the order corrected."
    assert set(body["corrections"][0]) == {"note", "published_at"}
    source = body["sources"][0]
    assert set(source) == {
        "id", "url", "title", "publisher", "published_on", "kind", "role", "excerpt", "link_status", "last_checked",
        "archive_url",
    }  # fmt: skip
    assert {s["role"] for s in body["sources"]} <= {"appearance", "supports", "refutes", "context"}


def test_sources_show_the_link_checkers_state(client):
    verdict = factories.PublishedVerdictFactory()
    checked_at = timezone.now()
    source = factories.SourceFactory(
        link_health="dead", last_checked_at=checked_at, archive_url="https://web.archive.org/web/2026/x"
    )
    factories.ClaimSourceFactory(claim=verdict.claim, source=source, role="refutes", excerpt="quoted words")
    cited = client.get(f"/api/v1/claims/{verdict.claim_id}/").json()["sources"][0]
    assert cited["link_status"] == "dead"
    assert cited["archive_url"] == "https://web.archive.org/web/2026/x"
    assert cited["excerpt"] == "quoted words"
    assert cited["role"] == "refutes"
    listed = client.get(f"/api/v1/sources/{source.pk}/").json()
    assert listed["link_status"] == "dead"
    assert listed["last_checked"] is not None


def test_related_claims_are_shown_from_both_sides_and_only_when_public(client, worked_example):
    claim = Claim.objects.get(slug="straten-mixed-race-given-okay")
    related = client.get(f"/api/v1/claims/{claim.pk}/").json()["related_claims"]
    by_slug = {r["slug"]: r["relation"] for r in related}
    assert by_slug == {
        "minister-no-chance-race-mixed": "contradicts",
        "free-to-run-women-allowed-to-run": "supported_by",
        "federation-women-10k-stadium-fa": "contradicted_by",
    }
    draft = Claim.objects.get(slug=DRAFT_SLUG)
    factories.ClaimRelationFactory(from_claim=claim, to_claim=draft, relation="supports")
    related = client.get(f"/api/v1/claims/{claim.pk}/").json()["related_claims"]
    assert DRAFT_SLUG not in {r["slug"] for r in related}


def test_claimreview_is_the_object_the_verdict_page_embeds(client, worked_example):
    claim = Claim.objects.public().for_display().get(slug="women-limited-to-10k-in-stadium")
    expected = build_claim_review(claim, scale_bounds=Rating.objects.scale_bounds())
    response = client.get(f"/api/v1/claims/{claim.pk}/claimreview/")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(expected))
    assert response.json()["@type"] == "ClaimReview"


def test_claimants_sources_and_ratings_are_listed(client, worked_example):
    claimants = all_pages(client, "/api/v1/claimants/")
    assert "sebastiaan-straten" in slugs(claimants)
    one = claimants[0]
    assert client.get(f"/api/v1/claimants/{one['id']}/").json()["slug"] == one["slug"]
    sources = all_pages(client, "/api/v1/sources/")
    assert sources
    assert client.get(f"/api/v1/sources/{sources[0]['id']}/").json()["title"] == sources[0]["title"]
    ratings = client.get("/api/v1/ratings/").json()
    assert [r["slug"] for r in ratings] == list(Rating.objects.values_list("slug", flat=True))


def _draft_only_claimant_and_source():
    verdict = factories.VerdictFactory(explanation=f"{DRAFT_MARKER} unpublished")
    cited = factories.ClaimSourceFactory(claim=verdict.claim, source=factories.SourceFactory(title="Draft-only source"))
    return verdict, cited.source


def test_a_draft_or_in_review_id_is_a_404_on_every_endpoint(client, worked_example):
    draft_verdict, draft_source = _draft_only_claimant_and_source()
    for slug in (DRAFT_SLUG, IN_REVIEW_SLUG):
        claim = Claim.objects.get(slug=slug)
        for url in (f"/api/v1/claims/{claim.pk}/", f"/api/v1/claims/{claim.pk}/claimreview/"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert response.json() == {"detail": "Not found.", "code": "not_found"}
    assert client.get(f"/api/v1/claimants/{draft_verdict.claim.claimant_id}/").status_code == 404
    assert client.get(f"/api/v1/sources/{draft_source.pk}/").status_code == 404
    # The same answer as an id that never existed: existence does not leak.
    assert client.get("/api/v1/claims/999999/").json() == client.get(f"/api/v1/claims/{draft_verdict.claim_id}/").json()


def test_an_editor_token_reading_a_draft_gets_a_404_too(worked_example, editor):
    claim = Claim.objects.get(slug=DRAFT_SLUG)
    assert token_client(editor).get(f"/api/v1/claims/{claim.pk}/").status_code == 404


def test_the_draft_marker_is_absent_from_every_list_filter_search_and_export(client, worked_example):
    _draft_only_claimant_and_source()
    urls = [
        "/api/v1/claims/",
        "/api/v1/claims/?q=DRAFT-NOT-PUBLIC",
        "/api/v1/claims/?q=email",
        "/api/v1/claims/?q=three weeks",
        "/api/v1/claims/?topic=iran",
        "/api/v1/claims/?language=en",
        "/api/v1/claims/?ordering=-updated",
        "/api/v1/claims/?published_after=2000-01-01",
        "/api/v1/claims/?updated_since=2000-01-01T00:00:00Z",
        "/api/v1/claimants/",
        "/api/v1/sources/",
        "/api/v1/ratings/",
    ]
    for url in urls:
        # The rating scale is one short list: it takes no page_size.
        response = client.get(url, {} if url.endswith("/ratings/") else {"page_size": 100})
        assert response.status_code == 200, url
        assert DRAFT_MARKER not in response.content.decode(), url
        assert DRAFT_SLUG not in response.content.decode(), url
        assert "Draft-only source" not in response.content.decode(), url
    export = b"".join(client.get("/api/v1/claims/export.jsonl").streaming_content).decode()
    assert DRAFT_MARKER not in export
    assert DRAFT_SLUG not in export
    assert client.get("/api/v1/claims/", {"q": "DRAFT-NOT-PUBLIC"}).json()["results"] == []


# --- Filters --------------------------------------------------------------------------------------------------


def test_it_filters_by_rating(client, worked_example):
    assert slugs(client.get("/api/v1/claims/?rating=half-true").json()["results"]) == {
        "minister-no-chance-race-mixed",
        "free-to-run-women-allowed-to-run",
    }


def test_it_filters_by_claimant(client, worked_example):
    claim = Claim.objects.get(slug="minister-no-chance-race-mixed")
    results = client.get(f"/api/v1/claims/?claimant={claim.claimant_id}").json()["results"]
    assert slugs(results) == {"minister-no-chance-race-mixed"}


def test_it_filters_by_topic_and_language(client, worked_example):
    expected_fa = {"federation-women-10k-stadium-fa"}
    assert slugs(client.get("/api/v1/claims/?language=fa").json()["results"]) == expected_fa
    topic_slug = Claim.objects.get(slug="women-limited-to-10k-in-stadium").topics.order_by("-pk").first().slug
    with_topic = set(
        Claim.objects.public().filter(topics__slug=topic_slug).values_list("slug", flat=True)
    )  # the fixture's own assignment
    assert slugs(client.get(f"/api/v1/claims/?topic={topic_slug}").json()["results"]) == with_topic
    assert with_topic != PUBLISHED_SLUGS


def test_it_filters_by_publication_date(client, worked_example):
    after = slugs(client.get("/api/v1/claims/?published_after=2026-11-21T10:00:00Z").json()["results"])
    assert after == {
        "women-banned-from-shiraz-race",
        "free-to-run-women-allowed-to-run",
        "federation-women-10k-stadium-fa",
    }
    before = slugs(client.get("/api/v1/claims/?published_before=2026-11-21T00:00:00Z").json()["results"])
    assert before == {"straten-mixed-race-given-okay", "minister-no-chance-race-mixed"}


def test_updated_since_returns_claims_whose_verdict_changed(client, worked_example, reviewer):
    since = timezone.now() - timedelta(seconds=1)
    assert client.get("/api/v1/claims/", {"updated_since": since.isoformat()}).json()["results"] == []
    claim = Claim.objects.get(slug="women-banned-from-shiraz-race")
    services.correction_add(verdict=claim.verdict, note="The year of the race was wrong.", user=reviewer)
    results = client.get("/api/v1/claims/", {"updated_since": since.isoformat()}).json()["results"]
    assert slugs(results) == {"women-banned-from-shiraz-race"}


def test_q_searches_text_verdict_and_claimant(client, worked_example):
    assert slugs(client.get("/api/v1/claims/?q=Shiraz").json()["results"]) >= {"women-banned-from-shiraz-race"}
    assert slugs(client.get("/api/v1/claims/?q=Straten okay").json()["results"]) == {"straten-mixed-race-given-okay"}
    assert client.get("/api/v1/claims/?q=zebra-unicorn").json()["results"] == []


def test_it_orders_by_published_and_updated(client, worked_example):
    newest_first = [c["slug"] for c in client.get("/api/v1/claims/").json()["results"]]
    oldest_first = [c["slug"] for c in client.get("/api/v1/claims/?ordering=published").json()["results"]]
    assert newest_first[0] == "federation-women-10k-stadium-fa"
    assert oldest_first == list(reversed(newest_first))
    by_update = [c["slug"] for c in client.get("/api/v1/claims/?ordering=-updated").json()["results"]]
    assert by_update[0] == "women-limited-to-10k-in-stadium"  # its verdict was updated last (2026-11-22)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("rating=no-such-rating", "rating"),
        ("claimant=abc", "claimant"),
        ("claimant=999999", "claimant"),
        ("claimant=99999999999999999999999", "claimant"),
        ("topic=no-such-topic", "topic"),
        ("language=not a language", "language"),
        ("published_after=yesterday", "published_after"),
        ("published_before=2026-13-45", "published_before"),
        ("updated_since=soon", "updated_since"),
        ("ordering=text", "ordering"),
        ("ordering=-published,updated", "ordering"),
        ("q=" + "x" * 201, "q"),
        ("q=nul%00byte", "q"),
        ("language=e%00n", "language"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=cD1ub3QtYS1kYXRl", "cursor"),  # base64 of "p=not-a-date"
        ("cursor=cD0lMDA=", "cursor"),  # base64 of "p=%00"
        ("page_size=0", "page_size"),
        ("page_size=ten", "page_size"),
        ("page_size=10000", "page_size"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(client, worked_example, query, field):
    response = client.get(f"/api/v1/claims/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]
    assert body["detail"].startswith(field)


def test_a_claimant_with_only_drafts_is_refused_like_an_unknown_one(client, worked_example):
    verdict, _ = _draft_only_claimant_and_source()
    response = client.get(f"/api/v1/claims/?claimant={verdict.claim.claimant_id}")
    assert response.status_code == 400
    assert response.json() == client.get("/api/v1/claims/?claimant=999999").json()


# --- Pagination -----------------------------------------------------------------------------------------------


def test_the_page_size_defaults_to_20_and_goes_up_to_100(client):
    factories.PublishedVerdictFactory.create_batch(105)
    first = client.get("/api/v1/claims/").json()
    assert set(first) == {"next", "previous", "results"}
    assert len(first["results"]) == 20
    assert len(client.get("/api/v1/claims/?page_size=100").json()["results"]) == 100
    refused = client.get("/api/v1/claims/?page_size=10000")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"page_size": ["Must be a whole number from 1 to 100."]}


def test_cursor_pages_are_stable_while_new_claims_are_published(client):
    day_ago = timezone.now() - timedelta(days=1)
    for minutes in range(5):
        factories.PublishedVerdictFactory(published_at=day_ago + timedelta(minutes=minutes))
    first = client.get("/api/v1/claims/?page_size=2").json()
    seen = [c["id"] for c in first["results"]]
    factories.PublishedVerdictFactory.create_batch(3)  # newer: they belong before the first page
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [c["id"] for c in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 5
    previous = client.get(first["next"]).json()["previous"]
    assert [c["id"] for c in client.get(previous).json()["results"]] == seen[:2]
