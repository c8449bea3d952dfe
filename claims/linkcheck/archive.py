"""Archived copies of cited pages, through ARCHIVE_BACKEND: "none" or "internet_archive" (Save Page Now 2).

The Internet Archive path: ask the availability API for a recent snapshot first (free, and spares the capture
quota); otherwise POST to Save Page Now 2 with the account's keys and poll the job until it succeeds or fails.
No database access: the task records the result through services.source_record_archive.

The archive endpoints are operator configuration (settings ARCHIVE_IA_*), not user input, so they are called with
a plain client; the cited URL is only sent as data, and the archive fetches it, not us.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from django.conf import settings

from claims.linkcheck.hostslots import pace_turn

# A snapshot younger than this is reused rather than asking for a new capture.
REUSE_SNAPSHOT_WITHIN = timedelta(days=30)
POLL_INTERVAL_SECONDS = 5.0
POLL_TIMEOUT_SECONDS = 120.0
REQUEST_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

# Save Page Now 2 status_ext codes (docs/linkcheck.md lists where they come from). Any code not listed is treated
# as a refusal: it is recorded on the source for an editor to see, and never retried in a loop.
TRANSIENT_ERRORS = frozenset(
    {
        "error:user-session-limit",  # too many captures of ours running at once
        "error:too-many-requests",  # the *target* host throttled the archive
        "error:service-unavailable",
        "error:celery",
        "error:proxy-error",
        "error:protocol-error",
        "error:browsing-timeout",
        "error:capture-location-error",
        "error:gateway-timeout",
        "error:internal-server-error",
        "error:read-timeout",
        "error:soft-time-limit-exceeded",
        "error:cannot-fetch",
        "error:bad-gateway",
        "error:no-browsers-available",
        "error:network-authentication-required",
    }
)
# Daily caps: asking again before tomorrow only burns requests.
DAILY_LIMIT_ERRORS = frozenset({"error:too-many-daily-captures"})
DAILY_LIMIT_PREFIXES = ("error:max-daily-bandwidth",)
TIMESTAMP = re.compile(r"^\d{14}$")


@dataclass(frozen=True)
class Snapshot:
    archive_url: str
    archived_at: datetime
    reused: bool  # an existing snapshot from the availability API, not a new capture


class ArchiveError(Exception):
    """The archive refused for good (blocked site, page not found, bad credentials): do not retry.

    `code` is the archive's status_ext (e.g. "error:blocked-url") or our own name for the refusal.
    """

    def __init__(self, message: str, *, code: str = "error:refused") -> None:
        super().__init__(message)
        self.code = code


class ArchiveUnavailable(Exception):
    """The archive said "not now" (load, a session limit, our capture pace, a malformed answer): retry later.

    `retry_after` is the earliest sensible retry in seconds, when the answer says (None: back off as usual);
    `code` the archive's status_ext or our own name.
    """

    def __init__(self, message: str, *, code: str = "error:unavailable", retry_after: float | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.retry_after = retry_after


class ArchiveDailyLimit(ArchiveUnavailable):
    """A daily cap was reached: `retry_after` runs to the next UTC day."""


def parse_timestamp(value: str) -> datetime:
    return datetime.strptime(value[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def seconds_until_tomorrow(now: datetime | None = None) -> float:
    now = now or datetime.now(tz=UTC)
    tomorrow = (now + timedelta(days=1)).replace(hour=0, minute=5, second=0, microsecond=0)
    return (tomorrow - now).total_seconds()


def _valid_timestamp(value: object) -> str | None:
    if isinstance(value, str) and TIMESTAMP.match(value):
        try:
            parse_timestamp(value)
        except ValueError:
            return None
        return value
    return None


def _is_web_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://")) and " " not in value


class InternetArchive:
    def __init__(
        self,
        *,
        access_key: str,
        secret_key: str,
        save_url: str,
        availability_url: str,
        wayback_url: str,
        poll_interval: float = POLL_INTERVAL_SECONDS,
        poll_timeout: float = POLL_TIMEOUT_SECONDS,
        user_agent: str = "ClaimCheck",
        pace: Callable[[], float] | None = None,
    ) -> None:
        self.save_url = save_url.rstrip("/")
        self.availability_url = availability_url
        self.wayback_url = wayback_url.rstrip("/")
        self.poll_interval = poll_interval
        self.poll_timeout = poll_timeout
        self.credentials = f"LOW {access_key}:{secret_key}"
        # Called before each capture request: 0 to go ahead, else seconds until a turn frees up (see hostlimit).
        self.pace = pace
        self.client = httpx.Client(
            timeout=REQUEST_TIMEOUT, trust_env=False, headers={"User-Agent": user_agent, "Accept": "application/json"}
        )

    @classmethod
    def from_settings(cls, **overrides) -> InternetArchive:
        if not (settings.ARCHIVE_IA_ACCESS_KEY and settings.ARCHIVE_IA_SECRET_KEY):
            raise ArchiveError(
                "ARCHIVE_IA_ACCESS_KEY and ARCHIVE_IA_SECRET_KEY must be set for Save Page Now", code="error:no-keys"
            )
        values = {
            "access_key": settings.ARCHIVE_IA_ACCESS_KEY,
            "secret_key": settings.ARCHIVE_IA_SECRET_KEY,
            "save_url": settings.ARCHIVE_IA_SAVE_URL,
            "availability_url": settings.ARCHIVE_IA_AVAILABILITY_URL,
            "wayback_url": settings.ARCHIVE_IA_WAYBACK_URL,
            "user_agent": settings.LINKCHECK_USER_AGENT,
            "poll_interval": settings.ARCHIVE_IA_POLL_SECONDS,
        }
        return cls(**{**values, **overrides})

    def close(self) -> None:
        self.client.close()

    def snapshot(self, url: str, *, now: datetime | None = None, reuse: bool = True) -> Snapshot:
        now = now or datetime.now(tz=UTC)
        if reuse:
            recent = self.recent_snapshot(url, now=now)
            if recent is not None:
                return recent
        return self.capture(url)

    def recent_snapshot(self, url: str, *, now: datetime) -> Snapshot | None:
        """The availability API's closest snapshot, if it is recent and was a 200. Any answer of another shape
        (missing or wrong-typed fields, an address that is not a snapshot) is no snapshot: we capture instead."""
        try:
            response = self.client.get(self.availability_url, params={"url": url})
        except httpx.HTTPError:
            return None  # the availability API is an optimisation: carry on and capture
        if response.status_code != 200:
            return None
        try:
            body = response.json()
        except ValueError:
            return None
        snapshots = body.get("archived_snapshots") if isinstance(body, dict) else None
        closest = snapshots.get("closest") if isinstance(snapshots, dict) else None
        if not isinstance(closest, dict) or closest.get("available") is not True:
            return None
        timestamp = _valid_timestamp(closest.get("timestamp"))
        if timestamp is None or str(closest.get("status")) != "200":
            return None
        archived_at = parse_timestamp(timestamp)
        if now - archived_at > REUSE_SNAPSHOT_WITHIN:
            return None
        archive_url = closest.get("url")
        if not (_is_web_url(archive_url) and f"/{timestamp}" in archive_url):
            archive_url = f"{self.wayback_url}/{timestamp}/{url}"  # the snapshot's address, built from its parts
        return Snapshot(archive_url=archive_url, archived_at=archived_at, reused=True)

    def capture(self, url: str) -> Snapshot:
        job_id = self._start_capture(url)
        deadline = time.monotonic() + self.poll_timeout
        while True:
            status = self._status(job_id)
            state = status.get("status")
            if state == "success":
                timestamp = _valid_timestamp(status.get("timestamp"))
                if timestamp is None:
                    raise ArchiveUnavailable(
                        f"capture {job_id} reported success without a valid timestamp", code="error:malformed-answer"
                    )
                original = status.get("original_url")
                if not _is_web_url(original):
                    original = url
                return Snapshot(
                    archive_url=f"{self.wayback_url}/{timestamp}/{original}",
                    archived_at=parse_timestamp(timestamp),
                    reused=False,
                )
            if state == "error":
                raise _error_for(status)
            if state != "pending":
                raise ArchiveUnavailable(
                    f"capture {job_id} answered an unknown status {str(state)[:40]!r}", code="error:malformed-answer"
                )
            if time.monotonic() >= deadline:
                raise ArchiveUnavailable(f"capture {job_id} still pending after {self.poll_timeout}s", code="pending")
            time.sleep(self.poll_interval)

    def _start_capture(self, url: str) -> str:
        if self.pace is not None:
            wait = self.pace()
            if wait > 0:
                raise ArchiveUnavailable(
                    f"capture pace reached: next turn in {wait:.0f}s", code="paced", retry_after=wait
                )
        try:
            response = self.client.post(
                self.save_url,
                data={"url": url, "if_not_archived_within": "30d", "skip_first_archive": "1"},
                headers={"Authorization": self.credentials},
            )
        except httpx.HTTPError as exc:
            raise ArchiveUnavailable(f"Save Page Now unreachable: {exc}", code="error:unreachable") from exc
        if response.status_code in (401, 403):
            raise ArchiveError(
                f"Save Page Now refused the credentials ({response.status_code})", code="error:unauthorized"
            )
        if response.status_code == 429 or response.status_code >= 500:
            raise ArchiveUnavailable(
                f"Save Page Now answered {response.status_code}",
                code=f"http:{response.status_code}",
                retry_after=_retry_after(response),
            )
        body = _json(response)
        if body.get("status") == "error":
            raise _error_for(body)
        job_id = body.get("job_id")
        if not isinstance(job_id, str) or not job_id or "/" in job_id:
            raise ArchiveUnavailable(
                f"Save Page Now answered without a job id ({response.status_code})", code="error:malformed-answer"
            )
        return job_id

    def _status(self, job_id: str) -> dict:
        try:
            response = self.client.get(f"{self.save_url}/status/{job_id}", headers={"Authorization": self.credentials})
        except httpx.HTTPError as exc:
            raise ArchiveUnavailable(f"Save Page Now status unreachable: {exc}", code="error:unreachable") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise ArchiveUnavailable(
                f"Save Page Now status answered {response.status_code}",
                code=f"http:{response.status_code}",
                retry_after=_retry_after(response),
            )
        return _json(response)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError as exc:
        raise ArchiveUnavailable(
            f"Save Page Now answered {response.status_code} without JSON", code="error:malformed-answer"
        ) from exc
    if not isinstance(body, dict):
        raise ArchiveUnavailable(
            f"Save Page Now answered {response.status_code} with JSON that is not an object",
            code="error:malformed-answer",
        )
    return body


def _error_for(body: dict) -> Exception:
    code = body.get("status_ext")
    code = code[:100] if isinstance(code, str) and code else "error:unknown"
    detail = body.get("message")
    message = f"{code}: {detail[:300] if isinstance(detail, str) else ''}".strip()
    if code in DAILY_LIMIT_ERRORS or code.startswith(DAILY_LIMIT_PREFIXES):
        return ArchiveDailyLimit(message, code=code, retry_after=seconds_until_tomorrow())
    if code in TRANSIENT_ERRORS:
        return ArchiveUnavailable(message, code=code)
    return ArchiveError(message, code=code)


def snapshot(url: str, *, reuse: bool = True) -> Snapshot | None:
    """An archived copy of `url` through ARCHIVE_BACKEND; None with the "none" backend.

    Captures are paced to ARCHIVE_CAPTURES_PER_MINUTE across all workers. Raises ArchiveError (refused for good,
    `.code`), ArchiveDailyLimit (retry tomorrow) or ArchiveUnavailable (retry later, `.retry_after` seconds if known).
    """
    if settings.ARCHIVE_BACKEND == "none":
        return None
    if settings.ARCHIVE_BACKEND != "internet_archive":
        raise ArchiveError(f"unknown ARCHIVE_BACKEND {settings.ARCHIVE_BACKEND!r}", code="error:no-backend")
    archive = InternetArchive.from_settings(
        pace=lambda: pace_turn("archive-capture", per_minute=settings.ARCHIVE_CAPTURES_PER_MINUTE)
    )
    try:
        return archive.snapshot(url, reuse=reuse)
    finally:
        archive.close()
