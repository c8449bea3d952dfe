"""`manage.py check_links`: which sources, enqueued or checked here, with a progress bar."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claimcheck.celery import app
from claims.linkcheck.models import LinkCheck
from claims.models import Source
from tests import factories
from tests.linkcheck_sites import allow_local_site, local_site, page


@pytest.fixture
def site(settings):
    with local_site() as running:
        allow_local_site(settings, running)
        running.routes["/ok"] = page(200, "<html><body>fine</body></html>")
        running.routes["/gone"] = page(410, "gone")
        yield running


def run(*args) -> str:
    out = StringIO()
    call_command("check_links", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_sync_checks_the_given_sources_here_and_summarises_outcomes(site):
    ok = factories.SourceFactory(url=site.url("/ok"))
    gone = factories.SourceFactory(url=site.url("/gone"))
    factories.SourceFactory(url=site.url("/not-asked-for"))
    output = run("--source", str(ok.pk), str(gone.pk), "--sync", "--workers", "1")
    assert "Checked 2 sources (gone: 1, ok: 1)" in output
    assert "Checking [" in output and "2/2" in output
    assert sorted(LinkCheck.objects.values_list("outcome", flat=True)) == ["gone", "ok"]


@pytest.mark.django_db
def test_stale_checks_only_sources_that_are_due(site):
    due = factories.SourceFactory(url=site.url("/ok"))
    fresh = factories.SourceFactory(url=site.url("/gone"))
    run("--source", str(fresh.pk), "--sync", "--workers", "1")
    output = run("--stale", "--sync", "--workers", "1")
    assert "Checked 1 sources" in output
    assert LinkCheck.objects.filter(source=due).count() == 1
    assert LinkCheck.objects.filter(source=fresh).count() == 1


def test_all_in_parallel_checks_every_source_with_a_url(transactional_db, site):
    Source.objects.bulk_create(
        [Source(url=site.url(f"/page-{n}"), title=f"p{n}") for n in range(5)] + [Source(url="", title="letter")]
    )
    output = run("--all", "--sync", "--workers", "4")
    assert "Checked 5 sources (not_found: 5)" in output
    assert LinkCheck.objects.count() == 5


@pytest.mark.django_db
def test_without_sync_it_enqueues_batches_of_sources_that_the_workers_check(site, settings):
    settings.LINKCHECK_TASK_BATCH = 1
    sources = [factories.SourceFactory(url=site.url("/ok")) for _ in range(1)]
    sources.append(factories.SourceFactory(url=site.url("/gone")))
    app.conf.task_always_eager = True  # the enqueued tasks run at once, so their effect can be seen
    try:
        output = run("--all")
    finally:
        app.conf.task_always_eager = False
    assert "Enqueued 2 link checks in 2 tasks." in output
    assert sorted(LinkCheck.objects.values_list("outcome", flat=True)) == ["gone", "ok"]


@pytest.mark.django_db
def test_it_refuses_unknown_source_ids_and_checks_nothing():
    known = factories.SourceFactory()
    with pytest.raises(CommandError, match="No source with id 999998, 999999"):
        run("--source", str(known.pk), "999999", "999998", "--sync")
    assert not LinkCheck.objects.exists()


def test_it_needs_exactly_one_selection():
    with pytest.raises(CommandError):
        run("--sync")
    with pytest.raises(CommandError):
        run("--all", "--stale")


@pytest.mark.django_db
@pytest.mark.services
def test_enqueued_checks_go_to_the_broker_in_batches_without_a_stored_result(site, settings):
    """A task per source cost a worker ~3 ms of Celery and broker CPU, and a stored result (plus the "started"
    state) two Redis writes more, for nobody: a sweep sends batches of LINKCHECK_TASK_BATCH, without results."""
    from celery.signals import before_task_publish

    from tests.services import require_redis

    require_redis()
    settings.LINKCHECK_TASK_BATCH = 2
    sources = [factories.SourceFactory(url=site.url(f"/ok-{n}")) for n in range(3)]
    sent: list[tuple[str, str, bool]] = []

    def note(sender=None, headers=None, **kwargs) -> None:
        sent.append((sender, headers["argsrepr"], headers["ignore_result"]))

    before_task_publish.connect(note, weak=False)
    try:
        output = run("--all")
    finally:
        before_task_publish.disconnect(note)
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(app.conf.task_default_queue)
    assert "Enqueued 3 link checks in 2 tasks." in output
    first, second, third = (source.pk for source in sources)
    assert sent == [
        ("claims.tasks.check_sources", f"([{first}, {second}],)", True),
        ("claims.tasks.check_sources", f"([{third}],)", True),
    ]
