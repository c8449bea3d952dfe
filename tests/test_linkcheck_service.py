"""Recording checks: history rows, the source's state, the dead rule, content changes after publication."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from claims import services
from claims.linkcheck import services as link_services
from claims.linkcheck.fetch import CheckResult
from claims.linkcheck.models import LinkCheck
from claims.linkcheck.outcomes import LinkHealth, LinkOutcome
from claims.models import Source
from tests import factories
from tests.linkcheck_sites import allow_local_site, local_site, page

pytestmark = pytest.mark.django_db

ARTICLE = "<html><body><h1>Marathon report</h1><p>{}</p></body></html>"


@pytest.fixture
def site(settings):
    with local_site() as running:
        allow_local_site(settings, running)
        yield running


def record(source: Source, outcome: str, *, at=None, fingerprint: str = "", retry_after=None) -> LinkCheck | None:
    result = CheckResult(
        url=source.url, outcome=outcome, content_fingerprint=fingerprint, retry_after_seconds=retry_after
    )
    return link_services.source_record_check(source_id=source.pk, result=result, check_key=uuid.uuid4(), checked_at=at)


def cite_in_published_verdict(source: Source) -> None:
    verdict = factories.PublishedVerdictFactory()
    factories.ClaimSourceFactory(claim=verdict.claim, source=source)


def test_a_check_writes_one_history_row_and_the_sources_state_without_an_editorial_history_row(site):
    site.routes["/story"] = page(200, ARTICLE.format("8,000 runners"))
    source = factories.SourceFactory(url=site.url("/story"))
    history_before = source.history.count()
    check = link_services.source_check(source_id=source.pk, check_key=uuid.uuid4())
    source.refresh_from_db()
    assert check.outcome == LinkOutcome.OK and check.status_code == 200 and check.url == source.url
    assert source.link_health == LinkHealth.OK
    assert source.last_outcome == LinkOutcome.OK
    assert source.last_checked_at == check.checked_at
    assert source.content_fingerprint == check.content_fingerprint != ""
    assert source.final_url == site.url("/story")
    assert source.history.count() == history_before


def test_the_same_check_key_records_one_row_and_counts_one_failure():
    source = factories.SourceFactory()
    key = uuid.uuid4()
    result = CheckResult(url=source.url, outcome=LinkOutcome.NOT_FOUND, status_code=404)
    first = link_services.source_record_check(source_id=source.pk, result=result, check_key=key)
    again = link_services.source_record_check(source_id=source.pk, result=result, check_key=key)
    source.refresh_from_db()
    assert first.pk == again.pk
    assert LinkCheck.objects.filter(source=source).count() == 1
    assert source.consecutive_failures == 1


def test_a_result_for_a_url_the_source_no_longer_has_is_discarded():
    source = factories.SourceFactory(url="https://news.example.org/old")
    result = CheckResult(url="https://news.example.org/older", outcome=LinkOutcome.NOT_FOUND)
    assert link_services.source_record_check(source_id=source.pk, result=result, check_key=uuid.uuid4()) is None
    assert not LinkCheck.objects.exists()


def test_one_bad_answer_never_makes_a_source_dead():
    source = factories.SourceFactory()
    record(source, LinkOutcome.GONE)
    source.refresh_from_db()
    assert source.link_health == LinkHealth.FAILING
    assert source.first_failure_at is not None


def test_it_calls_a_source_dead_only_after_enough_permanent_failures_over_enough_days(settings):
    settings.LINKCHECK_DEAD_AFTER_FAILURES = 3
    settings.LINKCHECK_DEAD_AFTER_DAYS = 3
    source = factories.SourceFactory()
    start = timezone.now() - timedelta(days=10)
    for offset in (0, 1, 2):  # three failures within two days: not yet
        record(source, LinkOutcome.NOT_FOUND, at=start + timedelta(days=offset))
        source.refresh_from_db()
        assert source.link_health == LinkHealth.FAILING
    record(source, LinkOutcome.NOT_FOUND, at=start + timedelta(days=3))
    source.refresh_from_db()
    assert source.link_health == LinkHealth.DEAD
    assert source.is_dead
    assert source.consecutive_failures == 4
    assert source.first_failure_at == start


def test_many_days_of_few_failures_are_not_dead(settings):
    settings.LINKCHECK_DEAD_AFTER_FAILURES = 3
    settings.LINKCHECK_DEAD_AFTER_DAYS = 3
    source = factories.SourceFactory()
    start = timezone.now() - timedelta(days=10)
    record(source, LinkOutcome.NOT_FOUND, at=start)
    record(source, LinkOutcome.NOT_FOUND, at=start + timedelta(days=5))
    source.refresh_from_db()
    assert source.link_health == LinkHealth.FAILING


def test_transient_failures_never_count_towards_dead(settings):
    settings.LINKCHECK_DEAD_AFTER_FAILURES = 3
    settings.LINKCHECK_DEAD_AFTER_DAYS = 1
    source = factories.SourceFactory()
    start = timezone.now() - timedelta(days=10)
    for offset, outcome in enumerate([LinkOutcome.TIMEOUT, LinkOutcome.SERVER_ERROR, LinkOutcome.DNS_ERROR] * 2):
        record(source, outcome, at=start + timedelta(days=offset))
    source.refresh_from_db()
    assert source.link_health == LinkHealth.FAILING
    assert source.consecutive_failures == 6


def test_an_answer_ends_the_failure_streak_and_the_dead_state(settings):
    settings.LINKCHECK_DEAD_AFTER_FAILURES = 2
    settings.LINKCHECK_DEAD_AFTER_DAYS = 1
    source = factories.SourceFactory()
    start = timezone.now() - timedelta(days=10)
    record(source, LinkOutcome.GONE, at=start)
    record(source, LinkOutcome.GONE, at=start + timedelta(days=2))
    source.refresh_from_db()
    assert source.link_health == LinkHealth.DEAD
    record(source, LinkOutcome.OK, at=start + timedelta(days=3))
    source.refresh_from_db()
    assert source.link_health == LinkHealth.OK
    assert (source.consecutive_failures, source.first_failure_at) == (0, None)
    record(source, LinkOutcome.GONE, at=start + timedelta(days=4))
    source.refresh_from_db()
    assert source.link_health == LinkHealth.FAILING  # a new streak starts from nothing


def test_failing_sources_back_off_exponentially_and_honour_retry_after():
    assert [link_services.link_failure_backoff(n) for n in (1, 2, 3)] == [
        timedelta(hours=4),
        timedelta(hours=8),
        timedelta(hours=16),
    ]
    assert link_services.link_failure_backoff(40) == link_services.LINK_FAILURE_BACKOFF_MAX
    source = factories.SourceFactory()
    now = timezone.now()
    record(source, LinkOutcome.SERVER_ERROR, at=now)
    record(source, LinkOutcome.SERVER_ERROR, at=now)
    source.refresh_from_db()
    assert source.next_check_at == now + timedelta(hours=8)
    record(source, LinkOutcome.RATE_LIMITED, at=now, retry_after=2 * 24 * 3600)
    source.refresh_from_db()
    assert source.next_check_at == now + timedelta(days=2)


def test_a_page_whose_text_changes_after_publication_is_flagged(site, reviewer):
    site.routes["/report"] = page(200, ARTICLE.format("The race was held on Friday."))
    source = factories.SourceFactory(url=site.url("/report"))
    verdict = factories.VerdictFactory(status="in_review")
    factories.ClaimSourceFactory(claim=verdict.claim, source=source)
    link_services.source_check(source_id=source.pk, check_key=uuid.uuid4())
    services.verdict_publish(verdict=verdict, user=reviewer)
    source.refresh_from_db()
    assert source.published_fingerprint == source.content_fingerprint != ""
    assert not source.content_changed

    link_services.source_check(source_id=source.pk, check_key=uuid.uuid4())  # same text: no flag
    source.refresh_from_db()
    assert not source.content_changed

    site.routes["/report"] = page(200, ARTICLE.format("The race was cancelled."))
    link_services.source_check(source_id=source.pk, check_key=uuid.uuid4())
    source.refresh_from_db()
    assert source.content_changed
    assert source.content_fingerprint != source.published_fingerprint
    assert source.link_health == LinkHealth.OK  # changed, not broken


def test_the_first_check_after_publication_sets_the_reference_text(site):
    site.routes["/p"] = page(200, ARTICLE.format("v1"))
    source = factories.SourceFactory(url=site.url("/p"))
    cite_in_published_verdict(source)
    link_services.source_check(source_id=source.pk, check_key=uuid.uuid4())
    source.refresh_from_db()
    assert source.published_fingerprint == source.content_fingerprint != ""
    link_services.source_acknowledge_content_change(source_id=source.pk)
    assert not Source.objects.get(pk=source.pk).content_changed


def test_an_unpublished_sources_text_changes_are_not_flagged(site):
    site.routes["/draft"] = page(200, ARTICLE.format("v1"))
    source = factories.SourceFactory(url=site.url("/draft"))
    link_services.source_check(source_id=source.pk, check_key=uuid.uuid4())
    site.routes["/draft"] = page(200, ARTICLE.format("v2"))
    link_services.source_check(source_id=source.pk, check_key=uuid.uuid4())
    source.refresh_from_db()
    assert not source.content_changed
    assert source.published_fingerprint == ""


def test_editing_a_url_resets_the_link_state():
    source = factories.SourceFactory()
    record(source, LinkOutcome.GONE)
    source.refresh_from_db()
    source.url = "https://news.example.org/corrected"
    source.save()
    source.refresh_from_db()
    assert source.link_health == LinkHealth.UNCHECKED
    assert (source.consecutive_failures, source.last_outcome) == (0, "")


def test_a_source_without_url_is_marked_so():
    source = factories.SourceFactory(url="")
    assert Source.objects.get(pk=source.pk).link_health == LinkHealth.NO_URL
    assert link_services.source_check(source_id=source.pk, check_key=uuid.uuid4()) is None
