"""Archived copies through the Internet Archive's APIs, spoken by a local server with the same request and
response shapes (the real endpoints are configured in settings and never called by tests)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

import pytest
from django.utils import timezone

from claimcheck.celery import app
from claims.linkcheck import archive, services
from claims.linkcheck.fetch import CheckResult
from claims.linkcheck.tasks import request_archive_snapshot
from claims.models import Source
from tests import factories
from tests.linkcheck_sites import allow_local_site, local_site, page, respond

CITED = "https://news.example.org/marathon"


class FakeWayback:
    """Availability API, Save Page Now 2 (POST /save, GET /save/status/<job>) as the Internet Archive answers."""

    def __init__(self, site) -> None:
        self.site = site
        self.closest: dict | None = None
        self.save_answer: tuple[int, dict] | None = None
        self.statuses: list[dict] = []
        self.saved: list[dict] = []
        self.authorizations: list[str | None] = []
        site.routes["/wayback/available"] = self.available
        site.routes["/save"] = self.save
        site.routes["/save/status/spn2-job-1"] = self.status

    def available(self, handler) -> None:
        snapshots = {"closest": self.closest} if self.closest else {}
        respond(handler, 200, json.dumps({"url": CITED, "archived_snapshots": snapshots}).encode(), _json())

    def save(self, handler) -> None:
        self.authorizations.append(handler.headers.get("Authorization"))
        length = int(handler.headers.get("Content-Length") or 0)
        self.saved.append({k: v[0] for k, v in parse_qs(handler.rfile.read(length).decode()).items()})
        if handler.headers.get("Authorization") != "LOW access:secret":
            respond(handler, 401, b'{"message": "You need to be logged in to use Save Page Now."}', _json())
            return
        status, body = self.save_answer or (200, {"url": CITED, "job_id": "spn2-job-1"})
        respond(handler, status, json.dumps(body).encode(), _json())

    def status(self, handler) -> None:
        body = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        respond(handler, 200, json.dumps(body).encode(), _json())


def _json() -> dict[str, str]:
    return {"Content-Type": "application/json"}


@pytest.fixture
def wayback(settings, tmp_path):
    with local_site() as site:
        allow_local_site(settings, site)
        settings.VAR_DIR = tmp_path  # the capture pace's own window (file backend), not the shared one
        settings.CELERY_BROKER_URL = "filesystem://"
        settings.ARCHIVE_CAPTURES_PER_MINUTE = 1000  # the pace has its own test
        settings.ARCHIVE_BACKEND = "internet_archive"
        settings.ARCHIVE_IA_ACCESS_KEY = "access"
        settings.ARCHIVE_IA_SECRET_KEY = "secret"
        settings.ARCHIVE_IA_SAVE_URL = site.url("/save")
        settings.ARCHIVE_IA_AVAILABILITY_URL = site.url("/wayback/available")
        settings.ARCHIVE_IA_POLL_SECONDS = 0.01
        yield FakeWayback(site)


def test_a_recent_snapshot_is_reused_without_a_capture(wayback):
    recent = (datetime.now(tz=UTC) - timedelta(days=2)).strftime("%Y%m%d%H%M%S")
    wayback.closest = {
        "available": True,
        "url": f"http://web.archive.org/web/{recent}/{CITED}",
        "timestamp": recent,
        "status": "200",
    }
    snapshot = archive.snapshot(CITED)
    assert snapshot.reused
    assert snapshot.archive_url == f"http://web.archive.org/web/{recent}/{CITED}"
    assert snapshot.archived_at.strftime("%Y%m%d%H%M%S") == recent
    assert wayback.saved == []


def test_an_old_snapshot_is_not_reused_and_a_capture_is_polled_until_it_succeeds(wayback):
    wayback.closest = {"available": True, "url": "http://x", "timestamp": "20150101000000", "status": "200"}
    wayback.statuses = [
        {"status": "pending", "job_id": "spn2-job-1"},
        {"status": "pending", "job_id": "spn2-job-1"},
        {"status": "success", "job_id": "spn2-job-1", "timestamp": "20261126101500", "original_url": CITED},
    ]
    snapshot = archive.snapshot(CITED)
    assert not snapshot.reused
    assert snapshot.archive_url == f"https://web.archive.org/web/20261126101500/{CITED}"
    assert snapshot.archived_at == datetime(2026, 11, 26, 10, 15, tzinfo=UTC)
    assert wayback.authorizations == ["LOW access:secret"]
    assert wayback.saved[0]["url"] == CITED
    assert len(wayback.site.hits("/save/status/spn2-job-1")) == 3


@pytest.mark.parametrize(
    ("status_ext", "error"),
    [
        ("error:too-many-daily-captures", archive.ArchiveUnavailable),
        ("error:user-session-limit", archive.ArchiveUnavailable),
        ("error:not-found", archive.ArchiveError),
        ("error:blocked-url", archive.ArchiveError),
    ],
)
def test_capture_errors_are_retryable_or_final_by_their_code(wayback, status_ext, error):
    wayback.statuses = [{"status": "error", "status_ext": status_ext, "message": "..."}]
    with pytest.raises(error, match=status_ext):
        archive.snapshot(CITED)


def test_the_archives_rate_limit_answer_is_retryable(wayback):
    wayback.save_answer = (429, {"message": "Too many requests"})
    with pytest.raises(archive.ArchiveUnavailable):
        archive.snapshot(CITED)


def test_a_refused_save_request_is_reported_as_an_error_in_its_body(wayback):
    wayback.save_answer = (200, {"status": "error", "status_ext": "error:too-many-daily-captures", "message": "x"})
    with pytest.raises(archive.ArchiveUnavailable, match="daily"):
        archive.snapshot(CITED)


def test_wrong_credentials_are_final(wayback, settings):
    settings.ARCHIVE_IA_SECRET_KEY = "wrong"
    with pytest.raises(archive.ArchiveError, match="credentials"):
        archive.snapshot(CITED)


def test_the_none_backend_archives_nothing(settings):
    settings.ARCHIVE_BACKEND = "none"
    assert archive.snapshot(CITED) is None


@pytest.mark.django_db
def test_a_published_verdicts_source_first_checked_ok_gets_its_archived_copy(wayback):
    wayback.statuses = [
        {"status": "success", "timestamp": "20261126101500", "original_url": "https://moved.example.org/report"}
    ]
    wayback.site.routes["/report"] = page(200, "<html><body>The report</body></html>")
    source = factories.SourceFactory(url=wayback.site.url("/report"))
    verdict = factories.PublishedVerdictFactory()
    factories.ClaimSourceFactory(claim=verdict.claim, source=source)
    app.conf.task_always_eager = True
    try:
        from claims.linkcheck.tasks import check_source

        assert check_source.apply(args=[source.pk]).get() == "ok"
    finally:
        app.conf.task_always_eager = False
    source.refresh_from_db()
    assert source.archive_url == "https://web.archive.org/web/20261126101500/https://moved.example.org/report"
    assert source.archived_at == datetime(2026, 11, 26, 10, 15, tzinfo=UTC)
    assert wayback.saved[0]["url"] == source.url
    # Already archived: no second request.
    assert services.source_wants_archive(source_id=source.pk) is False


@pytest.mark.django_db
def test_an_unpublished_or_failing_source_is_not_archived(wayback):
    source = factories.SourceFactory()
    result = CheckResult(url=source.url, outcome="ok")
    services.source_record_check(source_id=source.pk, result=result, check_key=uuid.uuid4(), checked_at=timezone.now())
    assert services.source_wants_archive(source_id=source.pk) is False  # no published verdict cites it
    assert request_archive_snapshot.apply(args=[source.pk]).get() is None
    assert Source.objects.get(pk=source.pk).archive_url == ""
    assert wayback.saved == []
