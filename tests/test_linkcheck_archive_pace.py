"""Captures are paced to the archive's per-minute limit across all workers (Redis, or a file under flock)."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from claims.linkcheck import archive
from claims.linkcheck.hostslots import pace_turn
from tests.services import require_redis
from tests.test_linkcheck_archive import CITED, wayback  # noqa: F401 (the fake archive, as a fixture)

SUCCESS = {"status": "success", "job_id": "spn2-job-1", "timestamp": "20261126101500", "original_url": CITED}


@pytest.fixture(params=["file", "redis"])
def shared_pace(request, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.CELERY_BROKER_URL = "filesystem://" if request.param == "file" else require_redis()
    return f"test-pace-{uuid.uuid4().hex}"  # a key of this test's own


def test_at_most_n_turns_a_minute_are_given_out_among_many_workers_at_once(shared_pace):
    with ThreadPoolExecutor(max_workers=8) as pool:
        waits = list(pool.map(lambda _: pace_turn(shared_pace, per_minute=5), range(20)))
    assert sorted(waits)[:5] == [0.0] * 5
    assert all(0 < wait <= 60 for wait in sorted(waits)[5:])


def test_a_turn_frees_up_a_minute_after_it_was_taken(shared_pace):
    start = time.time()
    assert pace_turn(shared_pace, per_minute=2, now=start) == 0.0
    assert pace_turn(shared_pace, per_minute=2, now=start + 10) == 0.0
    assert pace_turn(shared_pace, per_minute=2, now=start + 20) == pytest.approx(40, abs=0.01)
    assert pace_turn(shared_pace, per_minute=2, now=start + 61) == 0.0


def test_a_capture_past_the_pace_is_not_sent_and_says_when_to_retry(wayback, settings, tmp_path):  # noqa: F811
    settings.ARCHIVE_CAPTURES_PER_MINUTE = 2
    wayback.statuses = [SUCCESS]
    archive.snapshot(CITED)
    archive.snapshot(CITED)
    with pytest.raises(archive.ArchiveUnavailable) as raised:
        archive.snapshot(CITED)
    assert raised.value.code == "paced"
    assert 0 < raised.value.retry_after <= 60
    assert len(wayback.saved) == 2
