"""Forbidden and blocked pages are shown as "could not verify automatically" and never become dead."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.linkcheck import services
from claims.linkcheck.fetch import CheckResult
from claims.linkcheck.outcomes import LinkHealth, LinkOutcome
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("outcome", [LinkOutcome.BLOCKED, LinkOutcome.FORBIDDEN])
def test_weeks_of_forbidden_or_blocked_answers_never_make_a_source_dead(settings, outcome):
    settings.LINKCHECK_DEAD_AFTER_FAILURES = 2
    settings.LINKCHECK_DEAD_AFTER_DAYS = 1
    source = factories.SourceFactory()
    start = timezone.now() - timedelta(days=30)
    for day in range(10):
        result = CheckResult(url=source.url, outcome=outcome, status_code=403, detail="a person must look")
        services.source_record_check(
            source_id=source.pk, result=result, check_key=uuid.uuid4(), checked_at=start + timedelta(days=day)
        )
    source.refresh_from_db()
    assert source.link_health == LinkHealth.UNVERIFIED
    assert source.get_link_health_display() == "Could not verify automatically"
    assert not source.is_dead
    assert source.checks.latest("checked_at").detail == "a person must look"


def test_a_wall_between_two_not_found_answers_does_not_count_towards_dead(settings):
    settings.LINKCHECK_DEAD_AFTER_FAILURES = 3
    settings.LINKCHECK_DEAD_AFTER_DAYS = 1
    source = factories.SourceFactory()
    start = timezone.now() - timedelta(days=30)
    for day, outcome in enumerate([LinkOutcome.NOT_FOUND, LinkOutcome.BLOCKED, LinkOutcome.NOT_FOUND]):
        result = CheckResult(url=source.url, outcome=outcome)
        services.source_record_check(
            source_id=source.pk, result=result, check_key=uuid.uuid4(), checked_at=start + timedelta(days=day)
        )
    source.refresh_from_db()
    assert source.link_health == LinkHealth.FAILING
