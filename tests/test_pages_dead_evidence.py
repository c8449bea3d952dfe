"""A dead source shows its original address as text, says the link no longer works, and links the archived copy
with its date where there is one."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from claims.linkcheck.outcomes import LinkHealth
from claims.models import Source
from tests import factories

pytestmark = pytest.mark.django_db


def source_item(client, claim, source) -> str:
    body = client.get(claim.get_absolute_url()).content.decode()
    items = re.findall(r'<li class="source" data-link-health="[a-z_]+" dir="auto">(.*?)</li>', body, re.S)
    (item,) = [item for item in items if source.title in item]
    return item


def test_a_dead_source_without_an_archive_shows_its_address_as_text_not_a_link(client):
    claim = factories.PublishedVerdictFactory().claim
    source = factories.SourceFactory(title="Vanished report", url="https://gone.example.org/report?id=7")
    factories.ClaimSourceFactory(claim=claim, source=source)
    Source.objects.filter(pk=source.pk).update(link_health=LinkHealth.DEAD)
    item = source_item(client, claim, source)
    assert '<span class="dead-url" dir="ltr" translate="no">https://gone.example.org/report?id=7</span>' in item
    assert "<a " not in item
    assert "link unavailable" in item
    assert "archived copy" not in item


def test_a_dead_source_with_an_archive_shows_its_address_and_the_dated_archived_copy(client):
    claim = factories.PublishedVerdictFactory().claim
    source = factories.SourceFactory(title="Vanished report", url="https://gone.example.org/report")
    factories.ClaimSourceFactory(claim=claim, source=source)
    archive = "https://web.archive.org/web/20261101120000/https://gone.example.org/report"
    Source.objects.filter(pk=source.pk).update(
        link_health=LinkHealth.DEAD, archive_url=archive, archived_at=datetime(2026, 11, 1, 12, tzinfo=UTC)
    )
    item = source_item(client, claim, source)
    assert ">https://gone.example.org/report</span>" in item
    assert (
        f'<a class="archived-copy" href="{archive}" rel="noopener nofollow" dir="ltr">archived copy (Nov. 1, 2026)</a>'
        in item
    )
    assert 'href="https://gone.example.org/report"' not in item


def test_a_live_source_is_a_link_and_shows_no_address_text(client):
    claim = factories.PublishedVerdictFactory().claim
    source = factories.SourceFactory(title="Live report", url="https://live.example.org/report")
    factories.ClaimSourceFactory(claim=claim, source=source)
    item = source_item(client, claim, source)
    assert 'href="https://live.example.org/report"' in item
    assert "dead-url" not in item and "link unavailable" not in item
