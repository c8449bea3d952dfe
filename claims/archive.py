"""Archived copies of cited pages, through ARCHIVE_BACKEND: "none" or "internet_archive" (Save Page Now 2).

The Internet Archive path: ask the availability API for a recent snapshot first (free, and spares the capture
quota); otherwise POST to Save Page Now 2 with the account's keys and poll the job until it succeeds or fails.
No database access: the task records the result through services.source_record_archive.

The archive endpoints are operator configuration (settings ARCHIVE_IA_*), not user input, so they are called with
a plain client; the cited URL is only sent as data, and the archive fetches it, not us.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from django.conf import settings

# A snapshot younger than this is reused rather than asking for a new capture.
REUSE_SNAPSHOT_WITHIN = timedelta(days=30)
POLL_INTERVAL_SECONDS = 5.0
POLL_TIMEOUT_SECONDS = 120.0
REQUEST_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

# SPN2 status_ext codes that mean "not now" (quota, load, the target being slow): worth retrying later.
TRANSIENT_ERRORS = frozenset(
    {
        "error:too-many-daily-captures",
        "error:user-session-limit",
        "error:too-many-requests",
        "error:service-unavailable",
        "error:celery",
        "error:proxy-error",
        "error:browsing-timeout",
        "error:capture-location-error",
        "error:gateway-timeout",
        "error:internal-server-error",
        "error:read-timeout",
        "error:soft-time-limit-exceeded",
        "error:cannot-fetch",
        "error:bad-gateway",
        "error:network-authentication-required",
    }
)


@dataclass(frozen=True)
class Snapshot:
    archive_url: str
    archived_at: datetime
    reused: bool  # an existing snapshot from the availability API, not a new capture


class ArchiveError(Exception):
    """The archive refused for good (blocked site, page not found, bad credentials): do not retry."""


class ArchiveUnavailable(Exception):
    """The archive said "not now" (rate or daily limit, overload, capture still running): retry later."""


def parse_timestamp(value: str) -> datetime:
    return datetime.strptime(value[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)


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
    ) -> None:
        self.save_url = save_url.rstrip("/")
        self.availability_url = availability_url
        self.wayback_url = wayback_url.rstrip("/")
        self.poll_interval = poll_interval
        self.poll_timeout = poll_timeout
        self.credentials = f"LOW {access_key}:{secret_key}"
        self.client = httpx.Client(
            timeout=REQUEST_TIMEOUT, trust_env=False, headers={"User-Agent": user_agent, "Accept": "application/json"}
        )

    @classmethod
    def from_settings(cls, **overrides) -> InternetArchive:
        if not (settings.ARCHIVE_IA_ACCESS_KEY and settings.ARCHIVE_IA_SECRET_KEY):
            raise ArchiveError("ARCHIVE_IA_ACCESS_KEY and ARCHIVE_IA_SECRET_KEY must be set for Save Page Now")
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

    def snapshot(self, url: str, *, now: datetime | None = None) -> Snapshot:
        now = now or datetime.now(tz=UTC)
        recent = self.recent_snapshot(url, now=now)
        if recent is not None:
            return recent
        return self.capture(url)

    def recent_snapshot(self, url: str, *, now: datetime) -> Snapshot | None:
        """The availability API's closest snapshot, if it is recent and was a 200."""
        try:
            response = self.client.get(self.availability_url, params={"url": url})
        except httpx.HTTPError:
            return None  # the availability API is an optimisation: carry on and capture
        if response.status_code != 200:
            return None
        try:
            closest = (response.json().get("archived_snapshots") or {}).get("closest") or {}
        except ValueError:
            return None
        if not closest.get("available") or str(closest.get("status")) != "200" or not closest.get("timestamp"):
            return None
        archived_at = parse_timestamp(closest["timestamp"])
        if now - archived_at > REUSE_SNAPSHOT_WITHIN:
            return None
        archive_url = closest.get("url") or f"{self.wayback_url}/{closest['timestamp']}/{url}"
        return Snapshot(archive_url=archive_url, archived_at=archived_at, reused=True)

    def capture(self, url: str) -> Snapshot:
        job_id = self._start_capture(url)
        deadline = time.monotonic() + self.poll_timeout
        while True:
            status = self._status(job_id)
            state = status.get("status")
            if state == "success":
                timestamp = status["timestamp"]
                original = status.get("original_url") or url
                return Snapshot(
                    archive_url=f"{self.wayback_url}/{timestamp}/{original}",
                    archived_at=parse_timestamp(timestamp),
                    reused=False,
                )
            if state == "error":
                raise _error_for(status)
            if time.monotonic() >= deadline:
                raise ArchiveUnavailable(f"capture {job_id} still pending after {self.poll_timeout}s")
            time.sleep(self.poll_interval)

    def _start_capture(self, url: str) -> str:
        try:
            response = self.client.post(
                self.save_url,
                data={"url": url, "if_not_archived_within": "30d", "skip_first_archive": "1"},
                headers={"Authorization": self.credentials},
            )
        except httpx.HTTPError as exc:
            raise ArchiveUnavailable(f"Save Page Now unreachable: {exc}") from exc
        if response.status_code in (401, 403):
            raise ArchiveError(f"Save Page Now refused the credentials ({response.status_code})")
        if response.status_code == 429 or response.status_code >= 500:
            raise ArchiveUnavailable(f"Save Page Now answered {response.status_code}")
        body = _json(response)
        if body.get("status") == "error":
            raise _error_for(body)
        if not body.get("job_id"):
            raise ArchiveUnavailable(f"Save Page Now answered without a job id ({response.status_code})")
        return body["job_id"]

    def _status(self, job_id: str) -> dict:
        try:
            response = self.client.get(f"{self.save_url}/status/{job_id}", headers={"Authorization": self.credentials})
        except httpx.HTTPError as exc:
            raise ArchiveUnavailable(f"Save Page Now status unreachable: {exc}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise ArchiveUnavailable(f"Save Page Now status answered {response.status_code}")
        return _json(response)


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError as exc:
        raise ArchiveUnavailable(f"Save Page Now answered {response.status_code} without JSON") from exc
    return body if isinstance(body, dict) else {}


def _error_for(body: dict) -> Exception:
    code = body.get("status_ext") or "error:unknown"
    message = f"{code}: {body.get('message', '')}".strip()
    return ArchiveUnavailable(message) if code in TRANSIENT_ERRORS else ArchiveError(message)


def snapshot(url: str) -> Snapshot | None:
    """An archived copy of `url` through ARCHIVE_BACKEND; None with the "none" backend."""
    if settings.ARCHIVE_BACKEND == "none":
        return None
    if settings.ARCHIVE_BACKEND != "internet_archive":
        raise ArchiveError(f"unknown ARCHIVE_BACKEND {settings.ARCHIVE_BACKEND!r}")
    archive = InternetArchive.from_settings()
    try:
        return archive.snapshot(url)
    finally:
        archive.close()
