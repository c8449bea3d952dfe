"""The sweep picks sources by staleness and backoff, in batches; the beat schedule that runs it exists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from claims.linkcheck import services
from claims.models import Source
from tests import factories

pytestmark = pytest.mark.django_db


def source_state(**fields) -> Source:
    source = factories.SourceFactory()
    Source.objects.filter(pk=source.pk).update(**fields)
    return source


def cite_in_published_verdict(source: Source) -> None:
    verdict = factories.PublishedVerdictFactory()
    factories.ClaimSourceFactory(claim=verdict.claim, source=source)


def test_it_selects_never_checked_stale_and_failing_past_backoff_sources_and_nothing_else():
    now = timezone.now()
    never_checked = source_state()
    checked_8_days_ago = source_state(last_checked_at=now - timedelta(days=8), next_check_at=now - timedelta(days=7))
    checked_2_days_ago = source_state(last_checked_at=now - timedelta(days=2), next_check_at=now - timedelta(days=1))
    published_checked_2_days_ago = source_state(
        last_checked_at=now - timedelta(days=2), next_check_at=now - timedelta(days=1)
    )
    cite_in_published_verdict(published_checked_2_days_ago)
    published_checked_an_hour_ago = source_state(last_checked_at=now - timedelta(hours=1), next_check_at=now)
    cite_in_published_verdict(published_checked_an_hour_ago)
    failing_past_backoff = source_state(
        last_checked_at=now - timedelta(hours=5), consecutive_failures=1, next_check_at=now - timedelta(hours=1)
    )
    failing_in_backoff = source_state(
        last_checked_at=now - timedelta(hours=5), consecutive_failures=3, next_check_at=now + timedelta(hours=11)
    )
    no_url = factories.SourceFactory(url="")

    due = set(services.sources_due_for_check(now=now + timedelta(minutes=1)))

    assert due == {never_checked, checked_8_days_ago, published_checked_2_days_ago, failing_past_backoff}
    assert not due & {checked_2_days_ago, published_checked_an_hour_ago, failing_in_backoff, no_url}


def test_the_oldest_checks_come_first_and_the_never_checked_before_them():
    now = timezone.now()
    old = source_state(last_checked_at=now - timedelta(days=30))
    older = source_state(last_checked_at=now - timedelta(days=60))
    never = source_state()
    assert list(services.sources_due_for_check(now=now)) == [never, older, old]


def test_a_sweep_takes_one_batch_and_holds_it_so_the_next_sweep_takes_the_next():
    sources = [factories.SourceFactory() for _ in range(5)]
    now = timezone.now()
    first = services.sources_claim_due_for_check(now=now, batch_size=2)
    second = services.sources_claim_due_for_check(now=now, batch_size=2)
    third = services.sources_claim_due_for_check(now=now, batch_size=2)
    assert len(first) == 2 and len(second) == 2 and len(third) == 1
    assert sorted(first + second + third) == sorted(s.pk for s in sources)
    assert services.sources_claim_due_for_check(now=now, batch_size=2) == []
    # A held source whose check never ran (a lost message) is taken again once the hold expires.
    later = now + services.LINK_SWEEP_LEASE + timedelta(seconds=1)
    assert len(services.sources_claim_due_for_check(now=later, batch_size=10)) == 5


def test_the_sweep_task_enqueues_one_batch(settings):
    from claimcheck.celery import app
    from claims.linkcheck.tasks import sweep_link_checks

    settings.ARCHIVE_BACKEND = "none"
    for _ in range(3):
        factories.SourceFactory(url="")  # nothing to check
    due = [factories.SourceFactory(url=f"http://unchecked-{n}.invalid/") for n in range(3)]
    app.conf.task_always_eager = True
    try:
        assert sweep_link_checks.apply(kwargs={"batch_size": 2}).get() == 2
    finally:
        app.conf.task_always_eager = False
    checked = Source.objects.filter(pk__in=[s.pk for s in due]).exclude(last_checked_at=None)
    assert checked.count() == 2
    assert set(checked.values_list("last_outcome", flat=True)) == {"dns_error"}


def test_the_sweep_runs_from_an_editable_beat_schedule():
    task = PeriodicTask.objects.get(task="claims.tasks.sweep_link_checks")
    assert task.enabled
    assert task.interval.every == 15 and task.interval.period == "minutes"
