"""Every admin changelist issues the same number of queries for 5 rows as for 200 (no query per row)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.linkcheck.models import LinkCheck
from claims.linkcheck.outcomes import LinkHealth, LinkOutcome
from claims.models import Claim, Claimant, Correction, Rating, Source, Topic, Verdict
from tests import factories

pytestmark = pytest.mark.django_db

# Generous enough for sessions, permissions, filters and the date hierarchy; far below one query per row.
QUERY_BUDGET = 25


def make_claims(n: int) -> None:
    topic = factories.TopicFactory()
    for i in range(n):
        verdict = factories.PublishedVerdictFactory(claim__language="fa" if i % 2 else "en")
        verdict.claim.topics.add(topic)
        health = LinkHealth.DEAD if i % 3 == 0 else LinkHealth.OK
        factories.ClaimSourceFactory(claim=verdict.claim, source=factories.SourceFactory(link_health=health))
        factories.ClaimSourceFactory(claim=verdict.claim, role="context")


def make_verdicts(n: int) -> None:
    author, reviewer = factories.UserFactory(), factories.UserFactory()
    factories.PublishedVerdictFactory.create_batch(n, author=author, reviewer=reviewer)


def make_sources(n: int) -> None:
    for source in factories.SourceFactory.create_batch(
        n, archive_url="https://web.archive.org/web/1/x", last_outcome=LinkOutcome.OK, last_checked_at=timezone.now()
    ):
        factories.ClaimSourceFactory(source=source)


def make_claimants(n: int) -> None:
    for claimant in factories.ClaimantFactory.create_batch(n):
        factories.ClaimFactory(claimant=claimant)


def make_topics(n: int) -> None:
    claim = factories.ClaimFactory()
    for topic in factories.TopicFactory.create_batch(n):
        claim.topics.add(topic)


def make_ratings(n: int) -> None:
    start = Rating.objects.count()
    for i in range(start, start + n):
        rating = Rating.objects.create(label=f"Rating {i}", slug=f"rating-{i}", order=i)
        factories.PublishedVerdictFactory(rating=rating)


def make_corrections(n: int) -> None:
    factories.CorrectionFactory.create_batch(n)


def make_link_checks(n: int) -> None:
    for source in factories.SourceFactory.create_batch(n):
        LinkCheck.objects.create(source=source, checked_at=timezone.now(), url=source.url, outcome=LinkOutcome.OK)


CHANGELISTS: list[tuple[type, str, Callable[[int], None]]] = [
    (Claim, "/admin/claims/claim/", make_claims),
    (Verdict, "/admin/claims/verdict/", make_verdicts),
    (Source, "/admin/claims/source/", make_sources),
    (Claimant, "/admin/claims/claimant/", make_claimants),
    (Topic, "/admin/claims/topic/", make_topics),
    (Rating, "/admin/claims/rating/", make_ratings),
    (Correction, "/admin/claims/correction/", make_corrections),
    (LinkCheck, "/admin/claims/linkcheck/", make_link_checks),
]


def row_count(response) -> int:
    return response.context["cl"].result_count


@pytest.mark.parametrize(("model", "url", "make_rows"), CHANGELISTS, ids=[c[0].__name__ for c in CHANGELISTS])
def test_the_changelist_issues_a_constant_number_of_queries(
    model, url, make_rows, reviewer_client, monkeypatch, django_assert_max_num_queries
):
    # Show every row on one page, so that 200 rows are really rendered.
    monkeypatch.setattr(admin.site._registry[model], "list_per_page", 250)
    reviewer_client.get(url)  # warm the session and content-type caches

    make_rows(5)
    with CaptureQueriesContext(connection) as at_five, django_assert_max_num_queries(QUERY_BUDGET):
        response = reviewer_client.get(url)
    assert response.status_code == 200
    assert row_count(response) >= 5

    make_rows(200 - row_count(response))
    with django_assert_max_num_queries(len(at_five)):
        response = reviewer_client.get(url)
    assert response.status_code == 200
    assert row_count(response) >= 200


def test_the_filtered_and_searched_claim_list_is_constant_too(reviewer_client, django_assert_max_num_queries):
    url = "/admin/claims/claim/?status=published&link_health=dead&language=fa&q=Claim"
    make_claims(6)
    with CaptureQueriesContext(connection) as few:
        first = reviewer_client.get(url)
    make_claims(60)
    with django_assert_max_num_queries(len(few)):
        second = reviewer_client.get(url)
    assert 0 < row_count(first) < row_count(second)


def test_the_dashboard_issues_a_constant_number_of_queries(editor_client, django_assert_max_num_queries):
    make_claims(5)
    factories.VerdictFactory.create_batch(5, status=Verdict.Status.IN_REVIEW)
    with CaptureQueriesContext(connection) as few:
        editor_client.get("/admin/")
    make_claims(30)
    factories.VerdictFactory.create_batch(30, status=Verdict.Status.IN_REVIEW)
    with django_assert_max_num_queries(len(few)):
        editor_client.get("/admin/")
