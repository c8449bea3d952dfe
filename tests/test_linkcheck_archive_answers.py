"""Every Save Page Now and availability answer is validated: refusals fail loudly on the source with their code,
"not now" is retried, a daily cap waits for tomorrow, and no answer crashes a task or stores a non-snapshot URL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claimcheck.celery import app
from claims.linkcheck import archive, services
from claims.linkcheck.outcomes import ArchiveState, LinkOutcome
from claims.linkcheck.tasks import request_archive_snapshot
from claims.models import Source
from tests import factories
from tests.test_linkcheck_archive import CITED, wayback  # noqa: F401 (the fake archive, as a fixture)

pytestmark = pytest.mark.django_db

SUCCESS = {"status": "success", "job_id": "spn2-job-1", "timestamp": "20261126101500", "original_url": CITED}


@pytest.fixture
def eager():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def archivable_source() -> Source:
    """A published verdict's source whose last check was OK, with no archived copy yet."""
    source = factories.SourceFactory(url=CITED)
    verdict = factories.PublishedVerdictFactory()
    factories.ClaimSourceFactory(claim=verdict.claim, source=source)
    Source.objects.filter(pk=source.pk).update(last_outcome=LinkOutcome.OK)
    return source


@pytest.mark.parametrize(
    "status",
    [
        {"status": "success", "job_id": "spn2-job-1"},  # no timestamp
        {"status": "success", "timestamp": 20261126101500},  # a number, not a string
        {"status": "success", "timestamp": "yesterday"},
        {"status": "success", "timestamp": "20261399999999"},  # fourteen digits that are no date
        {"status": "finished"},  # a status we do not know
        {"status": None},
    ],
)
def test_a_malformed_status_answer_is_retried_and_recorded_never_a_crash(wayback, eager, status):  # noqa: F811
    wayback.statuses = [status]
    source = archivable_source()
    assert request_archive_snapshot.apply(args=[source.pk]).get() is None  # retried, then given up quietly
    source.refresh_from_db()
    assert source.archive_url == ""
    assert source.archive_state == ArchiveState.RETRY_LATER
    assert source.archive_error.startswith("error:malformed-answer")
    assert len(wayback.saved) == 6  # the first attempt and five retries


@pytest.mark.parametrize(
    "answer",
    [
        (200, {"url": CITED}),  # no job id
        (200, {"job_id": 7}),  # a job id of the wrong type
        (200, {"job_id": "../../etc"}),  # a job id that would leave the status path
        (200, ["not", "an", "object"]),
    ],
)
def test_a_malformed_save_answer_is_unavailable_not_a_crash(wayback, answer):  # noqa: F811
    wayback.save_answer = answer
    with pytest.raises(archive.ArchiveUnavailable) as raised:
        archive.snapshot(CITED)
    assert raised.value.code == "error:malformed-answer"


@pytest.mark.parametrize(
    "status_ext", ["error:blocked-url", "error:not-found", "error:no-access", "error:invalid-url-syntax", "error:new"]
)
def test_a_permanent_refusal_is_recorded_on_the_source_as_archive_refused_with_its_code(
    wayback,  # noqa: F811
    eager,
    status_ext,
):
    wayback.statuses = [{"status": "error", "status_ext": status_ext, "message": "Sorry."}]
    source = archivable_source()
    assert request_archive_snapshot.apply(args=[source.pk]).get() is None
    source.refresh_from_db()
    assert source.archive_state == ArchiveState.REFUSED
    assert source.archive_error.startswith(status_ext)
    assert source.get_archive_state_display() == "Archive refused"
    assert len(wayback.saved) == 1  # no retry
    assert services.source_wants_archive(source_id=source.pk) is False  # and the next check does not ask again


def test_an_error_inside_an_http_200_save_answer_is_a_refusal_not_a_capture(wayback, eager):  # noqa: F811
    wayback.save_answer = (200, {"status": "error", "status_ext": "error:blocked-url", "message": "Blocked."})
    source = archivable_source()
    assert request_archive_snapshot.apply(args=[source.pk]).get() is None
    source.refresh_from_db()
    assert (source.archive_state, source.archive_url) == (ArchiveState.REFUSED, "")
    assert source.archive_error.startswith("error:blocked-url")


@pytest.mark.parametrize("status_ext", ["error:too-many-daily-captures", "error:max-daily-bandwidth-reached"])
def test_a_daily_cap_waits_until_tomorrow_without_retrying_today(wayback, eager, status_ext):  # noqa: F811
    wayback.statuses = [{"status": "error", "status_ext": status_ext, "message": "Come back tomorrow."}]
    source = archivable_source()
    assert request_archive_snapshot.apply(args=[source.pk]).get() is None
    source.refresh_from_db()
    assert source.archive_state == ArchiveState.RETRY_LATER
    assert source.archive_error.startswith(status_ext)
    assert source.archive_retry_at.date() == (timezone.now() + timedelta(days=1)).date()
    assert len(wayback.saved) == 1
    assert services.source_wants_archive(source_id=source.pk) is False
    tomorrow = source.archive_retry_at + timedelta(minutes=1)
    assert services.source_wants_archive(source_id=source.pk, now=tomorrow) is True


@pytest.mark.parametrize(
    "status_ext", ["error:user-session-limit", "error:gateway-timeout", "error:no-browsers-available"]
)
def test_a_transient_code_is_retried_with_backoff_and_then_succeeds(wayback, eager, status_ext):  # noqa: F811
    wayback.statuses = [{"status": "error", "status_ext": status_ext, "message": "Busy."}]
    source = archivable_source()
    calls = {"n": 0}
    original = wayback.status

    def busy_then_fine(handler):
        calls["n"] += 1
        if calls["n"] > 2:
            wayback.statuses = [SUCCESS]
        original(handler)

    wayback.site.routes["/save/status/spn2-job-1"] = busy_then_fine
    assert (
        request_archive_snapshot.apply(args=[source.pk]).get() == f"https://web.archive.org/web/20261126101500/{CITED}"
    )
    source.refresh_from_db()
    assert source.archive_state == ArchiveState.ARCHIVED
    assert source.archive_error == ""
    assert len(wayback.saved) == 3


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "data:text/html,<b>x</b>", "/relative", 42])
def test_a_snapshot_address_that_is_not_a_web_address_is_never_stored(wayback, bad):  # noqa: F811
    recent = (timezone.now() - timedelta(days=1)).strftime("%Y%m%d%H%M%S")
    wayback.closest = {"available": True, "url": bad, "timestamp": recent, "status": "200"}
    snapshot = archive.snapshot(CITED)
    assert snapshot.archive_url == f"https://web.archive.org/web/{recent}/{CITED}"
    wayback.closest = None
    wayback.statuses = [{**SUCCESS, "original_url": bad}]
    assert archive.snapshot(CITED).archive_url == f"https://web.archive.org/web/20261126101500/{CITED}"


@pytest.mark.parametrize(
    "answer",
    [
        {"archived_snapshots": []},
        {"archived_snapshots": {"closest": "yes"}},
        {"archived_snapshots": {"closest": {"available": "true", "timestamp": "20261126101500", "status": "200"}}},
        {"archived_snapshots": {"closest": {"available": True, "timestamp": None, "status": "200"}}},
        ["a list"],
    ],
)
def test_a_malformed_availability_answer_means_no_snapshot_and_a_capture(wayback, answer):  # noqa: F811
    import json

    from tests.linkcheck_sites import respond

    wayback.site.routes["/wayback/available"] = lambda h: respond(
        h, 200, json.dumps(answer).encode(), {"Content-Type": "application/json"}
    )
    wayback.statuses = [SUCCESS]
    snapshot = archive.snapshot(CITED)
    assert not snapshot.reused
    assert len(wayback.saved) == 1
