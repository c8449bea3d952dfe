"""A batch's row locks must not deadlock with an editor citing the same sources.

source_record_checks locks all the sources of a batch with SELECT ... FOR UPDATE (in primary-key order). FOR UPDATE
conflicts with the FOR KEY SHARE lock PostgreSQL takes on a referenced row when a row pointing at it is committed
(Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at commit, in the order the rows were inserted):
an editor saving a claim with its citations in one transaction, citing source B and then source A.

The interleaving, made deterministic here: someone holds A for a moment (another check of A recording, or the
page-metadata fill: both lock the one row); the batch waits for A; the editor's commit takes KEY SHARE on B and
waits for A too. When A is released the batch takes it and waits for B, held by the editor, who waits for A, held
by the batch: a cycle, and PostgreSQL aborts one of them (DeadlockDetected: the editor's save fails). Before
batches, a check locked one row and never waited for a second, so there was no cycle. The state columns a check
writes are not keys: FOR NO KEY UPDATE (the lock an UPDATE of those columns takes anyway) serialises the checks of
a source just as well and does not conflict with citations.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.db import connection, connections, transaction

from claims.linkcheck import services as link_services
from claims.linkcheck.fetch import CheckResult
from claims.linkcheck.outcomes import LinkOutcome
from claims.linkcheck.services import PendingCheck
from claims.models import ClaimSource, Source
from tests import factories

pytestmark = [pytest.mark.services]


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _wait_until_blocked_on_a_lock(pid: list[int], what: str) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if pid:
            with connection.cursor() as cursor:
                cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid[0]])
                row = cursor.fetchone()
            if row is not None and row[0] == "Lock":
                return
        time.sleep(0.02)
    raise AssertionError(f"{what} never waited for a lock")


def test_a_batch_and_an_editor_citing_its_sources_in_another_order_both_commit(transactional_db):
    claim = factories.ClaimFactory()
    first = factories.SourceFactory(url="https://example.org/deadlock/a")
    second = factories.SourceFactory(url="https://example.org/deadlock/b")
    assert first.pk < second.pk

    errors: dict[str, BaseException] = {}
    holder_has_first, holder_may_go = threading.Event(), threading.Event()
    batch_pid: list[int] = []
    editor_pid: list[int] = []

    def holder() -> None:  # e.g. another check of the first source, recording
        try:
            with transaction.atomic():
                Source.objects.select_for_update().get(pk=first.pk)
                holder_has_first.set()
                holder_may_go.wait(20)
        finally:
            connections.close_all()

    def batch() -> None:
        try:
            batch_pid.append(_backend_pid())
            pending = [
                PendingCheck(source.pk, CheckResult(url=source.url, outcome=LinkOutcome.OK), uuid.uuid4())
                for source in (first, second)
            ]
            link_services.source_record_checks(pending)
        except BaseException as exc:
            errors["batch"] = exc
        finally:
            connections.close_all()

    def editor() -> None:
        try:
            editor_pid.append(_backend_pid())
            with transaction.atomic():  # an admin save of the claim with its inline citations: one transaction
                ClaimSource.objects.create(claim=claim, source=second, role=ClaimSource.Role.SUPPORTS, position=0)
                ClaimSource.objects.create(claim=claim, source=first, role=ClaimSource.Role.REFUTES, position=1)
        except BaseException as exc:
            errors["editor"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=holder)]
    threads[0].start()
    assert holder_has_first.wait(10)
    threads.append(threading.Thread(target=batch))
    threads[1].start()
    _wait_until_blocked_on_a_lock(batch_pid, "the batch")
    threads.append(threading.Thread(target=editor))
    threads[2].start()
    _wait_until_blocked_on_a_lock(editor_pid, "the editor's commit")
    holder_may_go.set()
    for thread in threads:
        thread.join(30)

    assert not errors, f"a batch and an editor's save failed each other: {errors!r}"
    assert ClaimSource.objects.filter(claim=claim).count() == 2
    assert set(Source.objects.filter(pk__in=[first.pk, second.pk]).values_list("last_outcome", flat=True)) == {
        LinkOutcome.OK
    }
