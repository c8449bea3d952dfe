"""Recording many checks in one transaction: the group commit of threads, and the batch recording service.

A batch must leave every source exactly as recording its checks one by one would (the rules of
source_record_checks are the same whatever the batch), and a thread must get its own check back.
"""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from claims.linkcheck import services as link_services
from claims.linkcheck.fetch import CheckResult
from claims.linkcheck.groupcommit import GroupCommit
from claims.linkcheck.models import LINK_STATE_FIELDS, LinkCheck
from claims.linkcheck.outcomes import LinkHealth, LinkOutcome
from claims.linkcheck.services import PendingCheck
from claims.models import Source
from tests import factories
from tests.linkcheck_sites import allow_local_site, local_site, page

# --- the mechanism, on its own --------------------------------------------------------------------------------


def test_items_submitted_while_a_batch_is_written_are_written_together_and_each_caller_gets_its_own_result():
    first_batch_started, release_first_batch = threading.Event(), threading.Event()
    batches: list[list[int]] = []

    def write(items):
        batches.append(list(items))
        if len(batches) == 1:
            first_batch_started.set()
            assert release_first_batch.wait(10)
        return [item * 10 for item in items]

    commit = GroupCommit(write)
    with ThreadPoolExecutor(max_workers=8) as pool:
        leader = pool.submit(commit.submit, 0)
        assert first_batch_started.wait(10)
        followers = [pool.submit(commit.submit, n) for n in range(1, 8)]
        while len(commit._waiting) < 7:  # all seven queued behind the leader's batch
            time.sleep(0.005)
        release_first_batch.set()
        assert leader.result(10) == 0
        assert [future.result(10) for future in followers] == [n * 10 for n in range(1, 8)]
    assert batches == [[0], [1, 2, 3, 4, 5, 6, 7]]
    assert (commit.batches_written, commit.items_written, commit.largest_batch) == (2, 8, 7)


def test_a_batch_is_no_larger_than_max_batch_and_the_rest_is_written_next():
    started, release = threading.Event(), threading.Event()
    batches: list[list[int]] = []

    def write(items):
        batches.append(list(items))
        if len(batches) == 1:
            started.set()
            assert release.wait(10)
        return list(items)

    commit = GroupCommit(write, max_batch=3)
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(commit.submit, 0)]
        assert started.wait(10)
        futures += [pool.submit(commit.submit, n) for n in range(1, 8)]
        while len(commit._waiting) < 7:
            time.sleep(0.005)
        release.set()
        assert [future.result(10) for future in futures] == list(range(8))
    assert [len(batch) for batch in batches] == [1, 3, 3, 1]


def test_every_caller_of_a_failed_batch_gets_its_error_and_the_next_batch_is_written():
    started, release = threading.Event(), threading.Event()
    calls = []

    def write(items):
        calls.append(list(items))
        if len(calls) == 1:
            started.set()
            assert release.wait(10)
            return list(items)
        if len(calls) == 2:
            raise OperationalError("the database went away")
        return list(items)

    commit = GroupCommit(write)
    with ThreadPoolExecutor(max_workers=4) as pool:
        first = pool.submit(commit.submit, 0)
        assert started.wait(10)
        failing = [pool.submit(commit.submit, n) for n in (1, 2, 3)]
        while len(commit._waiting) < 3:
            time.sleep(0.005)
        release.set()
        assert first.result(10) == 0
        for future in failing:
            with pytest.raises(OperationalError, match="went away"):
                future.result(10)
    assert commit.submit(4) == 4  # nobody is left writing: the next caller leads


def test_a_write_that_returns_the_wrong_number_of_results_is_an_error_not_a_wrong_answer():
    commit = GroupCommit(lambda items: [])
    with pytest.raises(RuntimeError, match="0 results for 1 items"):
        commit.submit("x")
    with pytest.raises(ValueError):
        GroupCommit(lambda items: items, max_batch=0)


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


# --- threads checking at once, on PostgreSQL, against a local server ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_threads_checking_at_once_record_every_check_once_with_the_right_state(settings):
    with local_site() as site:
        allow_local_site(settings, site)
        site.routes.update({f"/story-{n}": page(200, f"<p>story {n}</p>") for n in range(24)})
        site.routes.update({f"/gone-{n}": page(404, "<p>gone</p>") for n in range(8)})
        settings.LINKCHECK_PER_HOST_CONCURRENCY = 16
        ok = [factories.SourceFactory(url=site.url(f"/story-{n}")) for n in range(24)]
        failing = [factories.SourceFactory(url=site.url(f"/gone-{n}")) for n in range(8)]
        keys = {source.pk: uuid.uuid4() for source in ok + failing}

        def check(source_id: int):
            try:
                return link_services.source_check(source_id=source_id, check_key=keys[source_id])
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=16) as pool:
            checks = dict(zip(keys, pool.map(check, keys), strict=True))

    assert {source_id: check.source_id for source_id, check in checks.items()} == {pk: pk for pk in keys}
    assert {source_id: check.check_key for source_id, check in checks.items()} == keys
    assert LinkCheck.objects.count() == 32
    assert set(Source.objects.filter(pk__in=[s.pk for s in ok]).values_list("link_health", flat=True)) == {
        LinkHealth.OK
    }
    failing_state = Source.objects.filter(pk__in=[s.pk for s in failing]).values_list(
        "link_health", "consecutive_failures"
    )
    assert set(failing_state) == {(LinkHealth.FAILING, 1)}
    # A redelivered task (same key) records nothing and fetches nothing.
    requests_before = len(site.requests)
    assert link_services.source_check(source_id=ok[0].pk, check_key=keys[ok[0].pk]) is None
    assert len(site.requests) == requests_before
