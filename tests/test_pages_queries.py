"""Reader pages cost a fixed number of queries, and a repeat visit to a verdict gets 304 Not Modified."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from claims.linkcheck.fetch import CheckResult
from claims.linkcheck.outcomes import LinkOutcome
from claims.linkcheck.services import source_record_check
from claims.models import ClaimRelation, ClaimSource, Verdict
from claims.services import verdict_unpublish
from claims.sitemaps.prebuilt import sitemaps_build
from tests import factories

pytestmark = pytest.mark.django_db

# stamp, claim (+claimant, verdict, rating), topics, sources, corrections, related out, related in, scale bounds,
# other newsrooms' reviews ("Also checked by", claims.interop)
VERDICT_PAGE_MAX_QUERIES = 9
LIST_PAGE_MAX_QUERIES = 3


def verdict_with(*, sources: int, corrections: int, related: int) -> Verdict:
    verdict = factories.PublishedVerdictFactory()
    roles = list(ClaimSource.Role)
    for n in range(sources):
        factories.ClaimSourceFactory(claim=verdict.claim, role=roles[n % len(roles)])
    for _ in range(corrections):
        factories.CorrectionFactory(verdict=verdict)
    for n in range(related):
        other = factories.PublishedVerdictFactory().claim
        pair = (verdict.claim, other) if n % 2 else (other, verdict.claim)
        factories.ClaimRelationFactory(from_claim=pair[0], to_claim=pair[1], relation=ClaimRelation.Relation.SUPPORTS)
    return verdict


def queries_for(client, url: str, *, cold: bool = True) -> int:
    """Queries of one page; `cold`: uncached, since the page cache would otherwise answer with none at all."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_verdict_page_costs_the_same_queries_for_one_source_or_forty(client, django_assert_max_num_queries):
    small = verdict_with(sources=1, corrections=0, related=0)
    large = verdict_with(sources=40, corrections=15, related=12)
    with django_assert_max_num_queries(VERDICT_PAGE_MAX_QUERIES):
        client.get(small.claim.get_absolute_url())
    with django_assert_max_num_queries(VERDICT_PAGE_MAX_QUERIES):
        response = client.get(large.claim.get_absolute_url())
    assert response.content.decode().count('<li class="source"') == 40
    assert queries_for(client, small.claim.get_absolute_url()) == queries_for(client, large.claim.get_absolute_url())


@pytest.mark.parametrize("url", ["/", "/ratings/false/", "/search/?q=claim", "/feeds/latest/", "/feeds/latest/atom/"])
def test_list_pages_cost_the_same_queries_for_two_claims_or_sixty(client, django_assert_max_num_queries, url):
    for _ in range(2):
        verdict_with(sources=2, corrections=1, related=0)
    few = queries_for(client, url)
    for _ in range(58):
        factories.PublishedVerdictFactory()
    with django_assert_max_num_queries(LIST_PAGE_MAX_QUERIES):
        client.get(url)
    assert queries_for(client, url) == few


def test_the_claimant_page_costs_the_same_queries_for_one_claim_or_thirty(client, django_assert_max_num_queries):
    claimant = factories.ClaimantFactory()
    factories.PublishedVerdictFactory(claim__claimant=claimant)
    few = queries_for(client, claimant.get_absolute_url())
    for _ in range(29):
        factories.PublishedVerdictFactory(claim__claimant=claimant)
    with django_assert_max_num_queries(LIST_PAGE_MAX_QUERIES + 1):
        client.get(claimant.get_absolute_url())
    assert queries_for(client, claimant.get_absolute_url()) == few


def test_the_sitemap_costs_the_same_queries_for_two_claims_or_sixty(client):
    for _ in range(2):
        factories.PublishedVerdictFactory()
    few = queries_for(client, "/sitemap-claims.xml")
    for _ in range(58):
        factories.PublishedVerdictFactory()
    cache.clear()  # the sitemap is served from the cache between builds
    assert queries_for(client, "/sitemap-claims.xml") == few


def test_the_sitemap_is_rendered_once_then_served_from_the_cache_until_content_changes(client):
    verdict = factories.PublishedVerdictFactory()
    built = queries_for(client, "/sitemap-claims.xml")
    assert built > 1
    assert queries_for(client, "/sitemap-claims.xml", cold=False) == 0  # the copy kept under the public stamp
    verdict_unpublish(verdict=verdict, user=factories.UserFactory(is_superuser=True))
    response = client.get("/sitemap-claims.xml")
    assert verdict.claim.get_absolute_url() not in response.content.decode()


def test_a_repeat_visit_with_the_etag_gets_304_without_a_query(client, django_assert_num_queries):
    """The page's validator is remembered under the public stamp (claims.views.PAGE_STAMP_SECONDS)."""
    url = factories.PublishedVerdictFactory().claim.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    with django_assert_num_queries(0):
        repeat = client.get(url, headers={"if-none-match": etag})
    assert repeat.status_code == 304
    assert repeat.content == b""


def test_a_repeat_visit_with_last_modified_gets_304(client):
    verdict = factories.PublishedVerdictFactory()
    first = client.get(verdict.claim.get_absolute_url())
    last_modified = first.headers["Last-Modified"]
    repeat = client.get(verdict.claim.get_absolute_url(), headers={"if-modified-since": last_modified})
    assert repeat.status_code == 304


def test_an_updated_verdict_gets_a_new_etag_and_a_full_response(client):
    verdict = factories.PublishedVerdictFactory(conclusion="First conclusion.")
    url = verdict.claim.get_absolute_url()
    etag = client.get(url).headers["ETag"]
    verdict.conclusion = "Corrected conclusion."
    verdict.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag
    assert "Corrected conclusion." in response.content.decode()


def test_the_etag_differs_by_interface_language(client):
    url = factories.PublishedVerdictFactory().claim.get_absolute_url()
    english = client.get(url, headers={"accept-language": "en"}).headers["ETag"]
    persian = client.get(url, headers={"accept-language": "fa"})
    assert persian.headers["ETag"] != english
    assert client.get(url, headers={"accept-language": "fa", "if-none-match": english}).status_code == 200


def test_an_unpublished_verdict_never_answers_304(client, editor):
    verdict = factories.VerdictFactory()
    client.force_login(editor)
    response = client.get(verdict.claim.get_absolute_url(), headers={"if-none-match": "*"})
    assert response.status_code == 200
    assert "ETag" not in response.headers


@override_settings(LINKCHECK_DEAD_AFTER_FAILURES=1, LINKCHECK_DEAD_AFTER_DAYS=0)
def test_a_link_check_that_marks_a_source_dead_invalidates_the_etag(client):
    verdict = factories.PublishedVerdictFactory()
    citation = factories.ClaimSourceFactory(claim=verdict.claim)
    url = verdict.claim.get_absolute_url()
    etag = client.get(url).headers["ETag"]
    # The link checker's own recording path: a queryset update (Source.updated_at does not move) that replaces
    # the public stamp because the source's health changed.
    result = CheckResult(url=citation.source.url, outcome=LinkOutcome.NOT_FOUND, status_code=404)
    source_record_check(source_id=citation.source_id, result=result, check_key=uuid.uuid4())
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "link unavailable" in response.content.decode()


def test_unpublishing_a_related_claim_invalidates_the_etag(client, reviewer):
    page = factories.PublishedVerdictFactory()
    related = factories.PublishedVerdictFactory(claim__text="A related claim that will be withdrawn.")
    factories.ClaimRelationFactory(from_claim=page.claim, to_claim=related.claim)
    url = page.claim.get_absolute_url()
    first = client.get(url)
    assert "will be withdrawn" in first.content.decode()
    verdict_unpublish(verdict=related, user=reviewer)
    response = client.get(url, headers={"if-none-match": first.headers["ETag"]})
    assert response.status_code == 200
    assert "will be withdrawn" not in response.content.decode()


def test_a_browser_that_accepts_gzip_gets_304_with_its_weak_etag(client):
    url = factories.PublishedVerdictFactory().claim.get_absolute_url()
    first = client.get(url, headers={"accept-encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    assert first.headers["ETag"].startswith('W/"')
    repeat = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": first.headers["ETag"]})
    assert repeat.status_code == 304


def test_a_drafts_edit_changes_nothing_in_the_sitemap_and_readers_pay_no_query_for_it(client):
    factories.PublishedVerdictFactory()
    draft = factories.VerdictFactory()
    sitemaps_build()
    before = client.get("/sitemap-claims.xml").content
    draft.explanation = "Edited while still a draft."
    draft.save()
    draft.claim.save()
    assert queries_for(client, "/sitemap-claims.xml", cold=False) == 0  # the previous build, until the next one
    sitemaps_build()
    assert client.get("/sitemap-claims.xml").content == before
