"""A source's check is enqueued only when the transaction that saved it commits, exactly once."""

from __future__ import annotations

import pytest
from django.db import transaction

from claims.linkcheck.models import LinkCheck
from claims.linkcheck.tasks import enqueue_source_check
from claims.models import Source
from tests.linkcheck_sites import allow_local_site, local_site, page


class Rollback(Exception):
    pass


@pytest.fixture
def site(settings):
    with local_site() as running:
        allow_local_site(settings, running)
        running.default = page(200, "<html><body>a page</body></html>")
        running.routes["/missing-probe"] = page(404)
        yield running


def test_a_rolled_back_edit_enqueues_nothing_and_a_committed_one_exactly_one_check(
    transactional_db, site, source_checks_run
):
    source = Source.objects.create(url=site.url("/first"), title="A report")  # autocommit: checked at once
    assert source_checks_run == [(source.pk, False)]
    assert LinkCheck.objects.filter(source=source).count() == 1

    with pytest.raises(Rollback), transaction.atomic():
        source.url = site.url("/second")
        source.save()
        raise Rollback
    assert source_checks_run == [(source.pk, False)]
    assert LinkCheck.objects.filter(source=source).count() == 1

    source = Source.objects.get(pk=source.pk)
    with transaction.atomic():
        source.url = site.url("/third")
        source.save()
        source.title = "A report, retitled"  # saved twice in one transaction: still one check
        source.save()
        assert source_checks_run == [(source.pk, False)]  # nothing before the commit
    assert source_checks_run == [(source.pk, False), (source.pk, False)]
    assert list(LinkCheck.objects.filter(source=source).values_list("url", flat=True)) == [
        site.url("/third"),
        site.url("/first"),
    ]


def test_enqueue_source_check_waits_for_the_commit(transactional_db, site, source_checks_run):
    (source,) = Source.objects.bulk_create([Source(url=site.url("/report"), title="Report")])  # no signal
    with pytest.raises(Rollback), transaction.atomic():
        enqueue_source_check(source.pk)
        raise Rollback
    assert source_checks_run == []
    with transaction.atomic():
        enqueue_source_check(source.pk)
    assert source_checks_run == [(source.pk, False)]
    assert LinkCheck.objects.filter(source=source).count() == 1


def test_a_title_edit_does_not_check_the_link_again(transactional_db, site, source_checks_run):
    source = Source.objects.create(url=site.url("/report"), title="Report")
    source.title = "Report (updated title)"
    source.save()
    assert source_checks_run == [(source.pk, False)]


@pytest.mark.django_db
def test_fixtures_loaded_raw_are_left_to_the_sweep(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from tests.conftest import BASE_DIR

    with django_capture_on_commit_callbacks() as callbacks:
        call_command("loaddata", *sorted(str(p) for p in (BASE_DIR / "fixtures").glob("*.json")), verbosity=0)
    assert Source.objects.exists()
    # The page cache's stamp is replaced (claims.pagecache); no link check is enqueued.
    assert [c for c in callbacks if getattr(c, "__name__", "") != "_replace_stamp"] == []
