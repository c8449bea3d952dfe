"""An editor's save of a source never overwrites what the link checker recorded meanwhile."""

from __future__ import annotations

import uuid

import pytest

from claims.linkcheck import services
from claims.linkcheck.fetch import CheckResult
from claims.linkcheck.outcomes import LinkHealth, LinkOutcome
from claims.models import Source
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_stale_editorial_save_keeps_a_check_recorded_after_the_row_was_loaded():
    source = factories.SourceFactory(url="https://news.example.org/stale-form")
    loaded_by_editor = Source.objects.get(pk=source.pk)  # an admin form opened before the check ran
    result = CheckResult(url=source.url, outcome=LinkOutcome.NOT_FOUND, status_code=404)
    services.source_record_check(source_id=source.pk, result=result, check_key=uuid.uuid4())

    loaded_by_editor.title = "A better title"
    loaded_by_editor.save()

    source.refresh_from_db()
    assert source.title == "A better title"
    assert source.last_outcome == LinkOutcome.NOT_FOUND
    assert source.link_health == LinkHealth.FAILING
    assert source.consecutive_failures == 1


def test_a_new_source_is_saved_whole():
    source = Source(url="https://news.example.org/new", title="New", link_health=LinkHealth.OK)
    source.save()
    source.refresh_from_db()
    assert source.link_health == LinkHealth.OK
