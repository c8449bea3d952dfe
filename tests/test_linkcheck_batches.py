"""A sweep's unit of work: a batch of sources fetched side by side and recorded in one transaction.

A batch must leave every source exactly as recording its checks one by one would (the rules of
source_record_checks are the same whatever the batch), and a batch delivered twice records nothing twice.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from claims.linkcheck import services as link_services
from claims.linkcheck.fetch import CheckResult
from claims.linkcheck.models import LINK_STATE_FIELDS, LinkCheck
from claims.linkcheck.outcomes import LinkHealth, LinkOutcome
from claims.linkcheck.services import PendingCheck
from claims.models import Source
from tests import factories
from tests.linkcheck_sites import allow_local_site, local_site, page

# --- the recording rules, in one batch ------------------------------------------------------------------------


def checked(source: Source, outcome: str, **fields) -> CheckResult:
    return CheckResult(url=source.url, outcome=outcome, **fields)


def link_state(source: Source) -> dict:
    source.refresh_from_db()
    return {field: getattr(source, field) for field in LINK_STATE_FIELDS}


@pytest.mark.django_db
def test_a_batch_leaves_each_source_as_recording_its_checks_one_by_one_would():
    """Two identical sets of sources: one recorded check by check, the other in one batch, same times."""
    published = factories.PublishedVerdictFactory()
    start = timezone.now() - timedelta(days=10)
    plans = [
        [(LinkOutcome.OK, "a" * 64)],
        [(LinkOutcome.NOT_FOUND, ""), (LinkOutcome.NOT_FOUND, ""), (LinkOutcome.NOT_FOUND, "")],
        [(LinkOutcome.TIMEOUT, ""), (LinkOutcome.OK, "b" * 64)],
        [(LinkOutcome.FORBIDDEN, "")],
        [(LinkOutcome.OK, "c" * 64), (LinkOutcome.OK, "d" * 64)],  # public: the second is a content change
    ]
    pairs = []
    for n, _ in enumerate(plans):
        one = factories.SourceFactory(url=f"https://example.org/one/{n}")
        batch = factories.SourceFactory(url=f"https://example.org/batch/{n}")
        if n == 4:
            factories.ClaimSourceFactory(claim=published.claim, source=one)
            factories.ClaimSourceFactory(claim=published.claim, source=batch)
        pairs.append((one, batch))
    pending = []
    for (one, batch), plan in zip(pairs, plans, strict=True):
        for step, (outcome, fingerprint) in enumerate(plan):
            at = start + timedelta(days=2 * step)
            link_services.source_record_check(
                source_id=one.pk,
                result=checked(one, outcome, content_fingerprint=fingerprint),
                check_key=uuid.uuid4(),
                checked_at=at,
            )
            pending.append(PendingCheck(batch.pk, checked(batch, outcome, content_fingerprint=fingerprint),
                                        uuid.uuid4(), at))  # fmt: skip
    recorded = link_services.source_record_checks(pending)

    assert all(isinstance(check, LinkCheck) and check.pk for check in recorded)
    for one, batch in pairs:
        assert link_state(batch) == link_state(one)
    healths = [link_state(batch)["link_health"] for _, batch in pairs]
    assert healths == [LinkHealth.OK, LinkHealth.DEAD, LinkHealth.OK, LinkHealth.UNVERIFIED, LinkHealth.OK]
    assert link_state(pairs[1][1])["consecutive_failures"] == 3
    changed = link_state(pairs[4][1])
    assert changed["published_fingerprint"] == "c" * 64 and changed["content_changed_at"] is not None


@pytest.mark.django_db
def test_a_batch_returns_the_row_already_recorded_under_a_key_and_nothing_for_a_moved_or_deleted_source():
    kept = factories.SourceFactory(url="https://example.org/kept")
    moved = factories.SourceFactory(url="https://example.org/old")
    gone = factories.SourceFactory(url="https://example.org/gone")
    key = uuid.uuid4()
    first = link_services.source_record_check(source_id=kept.pk, result=checked(kept, LinkOutcome.OK), check_key=key)
    result_for_old_url = checked(moved, LinkOutcome.OK)
    Source.objects.filter(pk=moved.pk).update(url="https://example.org/new")
    gone_result = checked(gone, LinkOutcome.OK)
    gone.delete()
    fresh_key = uuid.uuid4()

    recorded = link_services.source_record_checks(
        [
            PendingCheck(kept.pk, checked(kept, LinkOutcome.NOT_FOUND), str(key)),  # redelivered: the first row
            PendingCheck(moved.pk, result_for_old_url, uuid.uuid4()),
            PendingCheck(gone.pk, gone_result, uuid.uuid4()),
            PendingCheck(kept.pk, checked(kept, LinkOutcome.TIMEOUT), fresh_key),
            PendingCheck(kept.pk, checked(kept, LinkOutcome.TIMEOUT), fresh_key),  # the same key twice in a batch
        ]
    )

    assert recorded[0] == first and recorded[1] is None and recorded[2] is None
    assert recorded[3] is not None and recorded[4] == recorded[3]
    assert LinkCheck.objects.filter(source=kept).count() == 2
    kept.refresh_from_db()
    assert kept.consecutive_failures == 1 and kept.last_outcome == LinkOutcome.TIMEOUT
    assert not LinkCheck.objects.filter(source=moved).exists()


@pytest.mark.django_db
def test_a_check_key_that_is_not_a_uuid_is_refused_before_anything_is_written():
    source = factories.SourceFactory()
    with pytest.raises(ValueError):
        link_services.source_record_checks(
            [
                PendingCheck(source.pk, checked(source, LinkOutcome.OK), uuid.uuid4()),
                PendingCheck(source.pk, checked(source, LinkOutcome.OK), "not-a-key"),
            ]
        )
    assert not LinkCheck.objects.exists()


# --- sources_check: fetching a batch side by side, on PostgreSQL, against a local server ----------------------


@pytest.fixture
def site(settings):
    with local_site() as running:
        allow_local_site(settings, running)
        yield running


@pytest.mark.django_db
def test_a_batch_checks_every_source_once_and_a_second_delivery_fetches_and_writes_nothing(site, settings):
    settings.LINKCHECK_PER_HOST_CONCURRENCY = 8
    site.routes.update({f"/story-{n}": page(200, f"<p>story {n}</p>") for n in range(6)})
    site.routes["/gone"] = page(410, "<p>gone</p>")
    ok = [factories.SourceFactory(url=site.url(f"/story-{n}")) for n in range(6)]
    gone = factories.SourceFactory(url=site.url("/gone"))
    without_url = factories.SourceFactory(url="")
    deleted = factories.SourceFactory(url=site.url("/deleted"))
    deleted_pk = deleted.pk
    ids = [source.pk for source in ok] + [gone.pk, without_url.pk, deleted_pk]
    deleted.delete()
    batch_key = uuid.uuid4()

    batch = link_services.sources_check(source_ids=ids, batch_key=batch_key)

    assert batch.busy == []
    assert {pk: check.outcome if check else None for pk, check in batch.checks.items()} == {
        **{source.pk: LinkOutcome.OK for source in ok},
        gone.pk: LinkOutcome.GONE,
        without_url.pk: None,
        deleted_pk: None,
    }
    assert batch.checks[gone.pk].check_key == link_services.batch_check_key(batch_key, gone.pk)
    assert LinkCheck.objects.count() == 7
    assert Source.objects.get(pk=without_url.pk).link_health == LinkHealth.NO_URL
    assert set(Source.objects.filter(pk__in=[s.pk for s in ok]).values_list("link_health", flat=True)) == {
        LinkHealth.OK
    }
    requests_before = len(site.requests)

    again = link_services.sources_check(source_ids=ids, batch_key=str(batch_key))  # a redelivered task

    assert again.checks == batch.checks
    assert len(site.requests) == requests_before and LinkCheck.objects.count() == 7


@pytest.mark.django_db
def test_a_host_that_stays_busy_is_reported_and_a_retry_of_the_batch_checks_only_it(site, settings):
    from claims.linkcheck.hostslots import host_slots

    settings.LINKCHECK_PER_HOST_CONCURRENCY = 1
    settings.LINKCHECK_HOST_WAIT_SECONDS = 0.3
    site.routes["/story"] = page(200, "<p>story</p>")
    source = factories.SourceFactory(url=site.url("/story"))
    slots = host_slots()
    token = slots.try_acquire("127.0.0.1", 1)  # another worker is checking this host
    assert token is not None
    try:
        busy = link_services.sources_check(source_ids=[source.pk], batch_key=(key := uuid.uuid4()))
    finally:
        slots.release("127.0.0.1", token)
    assert busy.busy == [source.pk] and busy.checks == {source.pk: None}
    assert not LinkCheck.objects.exists() and site.requests == []

    retried = link_services.sources_check(source_ids=[source.pk], batch_key=key)
    assert retried.busy == [] and retried.checks[source.pk].outcome == LinkOutcome.OK


def test_a_batch_key_that_is_not_a_uuid_still_gives_each_source_one_stable_key():
    """Celery task ids are UUIDs, but a task id may be chosen by hand (apply_async(task_id=...))."""
    first = link_services.batch_check_key("nightly-import", 7)
    assert first == link_services.batch_check_key("nightly-import", 7)
    assert first != link_services.batch_check_key("nightly-import", 8)
    assert first != link_services.batch_check_key("other-import", 7)


@pytest.mark.django_db
def test_a_sweep_takes_sources_in_turns_of_their_hosts_so_a_batch_is_not_one_hosts_queue():
    """A newsroom cites a few sites over and over: a batch of one site's pages would wait on its two slots."""
    ministry = [factories.SourceFactory(url=f"https://www.msy.gov.ir/news/{n}") for n in range(4)]
    agency = [factories.SourceFactory(url=f"https://www.isna.ir/news/{n}") for n in range(2)]
    upper_case_host = factories.SourceFactory(url="https://WWW.MSY.GOV.IR/news/9")
    without_url = factories.SourceFactory(url="")
    ids = [s.pk for s in ministry] + [upper_case_host.pk] + [s.pk for s in agency] + [without_url.pk, 10**9]

    ordered = link_services.sources_interleaved_by_host(ids, chunk=3)

    m, a = [s.pk for s in ministry], [s.pk for s in agency]
    assert ordered == [m[0], a[0], without_url.pk, m[1], a[1], 10**9, m[2], m[3], upper_case_host.pk]
