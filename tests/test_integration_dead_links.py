"""A cited page that stays gone: the link checker's verdict reaches the verdict page, the API and the dashboard."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from claims.linkcheck import services
from claims.linkcheck.models import LinkCheck
from claims.linkcheck.outcomes import LinkHealth, LinkOutcome
from claims.linkcheck.tasks import check_source
from claims.models import Source
from tests import factories
from tests.api_support import fresh_throttle_counters  # noqa: F401
from tests.linkcheck_sites import allow_local_site, local_site

pytestmark = pytest.mark.django_db

ARCHIVE_URL = "https://web.archive.org/web/20260101000000/https://news.example.org/report"


@pytest.fixture
def site(settings):
    with local_site() as running:  # every path answers a plain 404
        allow_local_site(settings, running)
        yield running


def check_now(source: Source) -> str:
    """One check through the Celery task (run in this process), as a worker would run it."""
    return check_source.apply(args=[source.pk]).get()


def check_until_dead(source: Source) -> None:
    """The dead rule's number of 404s, the earlier ones moved back past the rule's number of days."""
    for _ in range(settings.LINKCHECK_DEAD_AFTER_FAILURES - 1):
        assert check_now(source) == LinkOutcome.NOT_FOUND
    long_ago = timezone.now() - timedelta(days=settings.LINKCHECK_DEAD_AFTER_DAYS, hours=1)
    LinkCheck.objects.filter(source=source).update(checked_at=long_ago)
    source.refresh_from_db()
    assert source.link_health == LinkHealth.FAILING  # never dead before enough days
    assert check_now(source) == LinkOutcome.NOT_FOUND


@pytest.fixture
def cited_page(site):
    verdict = factories.PublishedVerdictFactory(claim__text="The race was mixed.")
    source = factories.SourceFactory(url=site.url("/report"), title="Marathon report")
    factories.ClaimSourceFactory(claim=verdict.claim, source=source)
    return verdict, source


def test_a_page_gone_for_days_shows_link_unavailable_and_the_archived_copy_on_the_verdict_page(cited_page):
    verdict, source = cited_page
    page_before = Client().get(verdict.claim.get_absolute_url()).content.decode()
    assert f'href="{source.url}"' in page_before and "link unavailable" not in page_before

    check_until_dead(source)
    archived_at = timezone.now()
    services.source_record_archive(source_id=source.pk, archive_url=ARCHIVE_URL, archived_at=archived_at)

    source.refresh_from_db()
    assert source.link_health == LinkHealth.DEAD
    page = Client().get(verdict.claim.get_absolute_url()).content.decode()
    (item,) = re.findall(r'<li class="source" data-link-health="dead"[^>]*>(.*?)</li>', page, re.S)
    assert "Marathon report" in item
    assert "link unavailable" in item
    assert f'href="{source.url}"' not in page  # a dead link is not offered to readers
    assert re.search(rf'<a class="archived-copy" href="{re.escape(ARCHIVE_URL)}"[^>]*>archived copy \(', item)


def test_a_dead_page_has_link_status_dead_and_its_archive_in_the_api(cited_page):
    verdict, source = cited_page
    check_until_dead(source)
    services.source_record_archive(source_id=source.pk, archive_url=ARCHIVE_URL, archived_at=timezone.now())

    api = Client()
    (cited,) = api.get(f"/api/v1/claims/{verdict.claim_id}/").json()["sources"]
    assert cited["id"] == source.pk
    assert cited["link_status"] == "dead"
    assert cited["archive_url"] == ARCHIVE_URL
    assert cited["last_checked"] is not None
    alone = api.get(f"/api/v1/sources/{source.pk}/").json()
    assert alone["link_status"] == "dead"
    assert alone["archive_url"] == ARCHIVE_URL


def test_the_dashboard_counts_a_published_verdict_citing_a_failing_and_then_a_dead_link(cited_page, editor_client):
    verdict, source = cited_page
    factories.PublishedVerdictFactory()  # cites nothing: not counted

    def dashboard() -> tuple[int, str]:
        page = editor_client.get("/admin/").content.decode()
        count = int(re.search(r'data-count="published_with_broken_links">(\d+)<', page).group(1))
        return count, page.split('id="cc-broken-links"')[1].split('id="cc-newest"')[0]

    assert dashboard()[0] == 0
    assert check_now(source) == LinkOutcome.NOT_FOUND  # one 404: failing, not dead yet
    count, panel = dashboard()
    assert count == 1 and str(verdict.claim) in panel and "Marathon report" in panel

    check_until_dead(source)
    count, panel = dashboard()
    assert count == 1 and str(verdict.claim) in panel and "Marathon report" in panel
    listed = editor_client.get("/admin/claims/claim/", {"status": "published", "link_health": "dead"})
    assert str(verdict.claim) in listed.content.decode()
