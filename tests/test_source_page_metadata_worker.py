"""A real Celery worker process on Redis reads a cited page and fills its source; a URL the guard refuses is a
finished task that changed nothing, not a failure."""

from __future__ import annotations

import datetime

import pytest

from claims.models import Source
from claims.source_tasks import fill_source_from_page
from tests.linkcheck_sites import local_site, page
from tests.test_source_page_metadata import OG_PAGE

pytestmark = pytest.mark.services


def test_a_worker_fills_a_source_from_its_page_and_shrugs_off_a_refused_url(transactional_db, celery_worker_factory):
    with local_site() as site:
        site.routes["/report"] = page(200, OG_PAGE)
        report, metadata_service = Source.objects.bulk_create(
            [
                Source(url=site.url("/report"), title=site.url("/report")),
                Source(
                    url="http://169.254.169.254/latest/meta-data/", title="http://169.254.169.254/latest/meta-data/"
                ),
            ]
        )
        worker = celery_worker_factory(
            LINKCHECK_ALLOWED_NETWORKS="127.0.0.1/32", LINKCHECK_EXTRA_PORTS=str(site.port), LINKCHECK_TIMEOUT="5"
        )
        filled = worker.send(fill_source_from_page.name, report.pk).get(timeout=60)
        refused = worker.send(fill_source_from_page.name, metadata_service.pk).get(timeout=60)

    assert sorted(filled) == ["published_on", "publisher", "title"], worker.log()
    assert refused == []
    report.refresh_from_db()
    assert (report.title, report.publisher, report.published_on) == (
        "Women barred from Tehran marathon, organisers say",
        "Tehran Times",
        datetime.date(2026, 4, 8),
    )
    assert Source.objects.get(pk=metadata_service.pk).title == "http://169.254.169.254/latest/meta-data/"
