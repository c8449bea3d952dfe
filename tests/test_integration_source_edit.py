"""An editor changes a source's URL in the admin: one check of the new URL runs after the save commits, and its
result is what the sources list shows."""

from __future__ import annotations

import re

import pytest
from django.utils import formats, timezone

from claims.linkcheck.models import LinkCheck
from claims.linkcheck.outcomes import LinkHealth, LinkOutcome
from claims.models import Source
from tests import factories
from tests.admin_support import change_page_data
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401
from tests.linkcheck_sites import allow_local_site, local_site, page


@pytest.fixture
def site(settings):
    with local_site() as running:
        allow_local_site(settings, running)
        running.routes["/report"] = page(200, "<html><body><h1>Marathon</h1><p>8,000 runners.</p></body></html>")
        yield running  # anything else, /moved-report included, answers 404


def source_row(changelist_html: str, title: str) -> str:
    (row,) = [row for row in re.findall(r"<tr>(.*?)</tr>", changelist_html, re.S) if title in row]
    return row


def test_editing_a_sources_url_in_the_admin_runs_one_check_after_commit_shown_on_the_sources_list(
    transactional_db, site, source_checks_run, editor_client
):
    source = Source.objects.create(url=site.url("/report"), title="Marathon report")
    assert source_checks_run == [(source.pk, False)]
    source.refresh_from_db()
    assert source.last_outcome == LinkOutcome.OK
    source_checks_run.clear()

    change_url = f"/admin/claims/source/{source.pk}/change/"
    data = change_page_data(editor_client.get(change_url))
    data["url"] = site.url("/moved-report")
    response = editor_client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    assert source_checks_run == [(source.pk, False)]  # exactly one, and only once the admin's transaction committed
    (check,) = LinkCheck.objects.filter(source=source, url=site.url("/moved-report"))
    assert check.outcome == LinkOutcome.NOT_FOUND
    source.refresh_from_db()
    assert source.link_health == LinkHealth.FAILING
    assert source.consecutive_failures == 1  # the old URL's state was reset, not carried over

    row = source_row(editor_client.get("/admin/claims/source/").content.decode(), "Marathon report")
    assert "Not found (404)" in row
    assert "Failing" in row
    assert formats.date_format(timezone.localtime(source.last_checked_at), "DATETIME_FORMAT") in row
    assert site.url("/moved-report") in row
    assert "OK" not in row


@pytest.mark.django_db
def test_an_api_url_edit_answers_with_the_new_urls_clean_link_state_not_the_old_urls(editor):
    dead = factories.SourceFactory(link_health=LinkHealth.DEAD, last_outcome=LinkOutcome.GONE, consecutive_failures=4)
    response = token_client(editor).patch(
        f"/api/v1/sources/{dead.pk}/", {"url": "https://news.example.org/moved-here"}, format="json"
    )
    assert response.status_code == 200, response.content
    dead.refresh_from_db()
    assert dead.link_health == LinkHealth.UNCHECKED and dead.consecutive_failures == 0
    assert response.json()["link_status"] == "unchecked"


@pytest.mark.django_db
def test_saving_a_source_again_after_a_url_edit_keeps_the_reset_link_state():
    source = factories.SourceFactory(link_health=LinkHealth.DEAD, last_outcome=LinkOutcome.GONE, consecutive_failures=4)
    source.url = "https://news.example.org/moved-here"
    source.save()
    source.title = "Moved report"  # a second save of the same object, as a script or a form might do
    source.save()
    source.refresh_from_db()
    assert (source.link_health, source.last_outcome, source.consecutive_failures) == (LinkHealth.UNCHECKED, "", 0)
