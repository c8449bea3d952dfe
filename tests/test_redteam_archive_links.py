"""Red-team: an archive service's answer is outside data; only a web address may become a reader's link."""

from __future__ import annotations

import pytest
from django.utils import timezone

from claims.linkcheck import services
from claims.models import Source
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "archive_url",
    ["javascript:alert(document.cookie)//", "data:text/html,<script>alert(1)</script>", "//evil.example/x", ""],
)
def test_an_archive_address_that_is_not_http_is_not_recorded_nor_shown_to_readers(client, archive_url):
    verdict = factories.PublishedVerdictFactory()
    source = factories.SourceFactory()
    factories.ClaimSourceFactory(claim=verdict.claim, source=source)

    services.source_record_archive(source_id=source.pk, archive_url=archive_url, archived_at=timezone.now())

    assert Source.objects.get(pk=source.pk).archive_url == ""
    page = client.get(verdict.claim.get_absolute_url()).content.decode()
    assert "archived-copy" not in page


def test_an_archive_address_on_the_web_is_recorded(client):
    source = factories.SourceFactory()
    address = "https://web.archive.org/web/20261126101500/https://news.example.org/marathon"

    services.source_record_archive(source_id=source.pk, archive_url=address, archived_at=timezone.now())

    assert Source.objects.get(pk=source.pk).archive_url == address
