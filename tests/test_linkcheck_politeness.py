"""Per-host politeness: at most LINKCHECK_PER_HOST_CONCURRENCY requests to one host at once, across workers."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from claims.linkcheck import services
from claims.linkcheck.hostslots import FileHostSlots, HostBusy, RedisHostSlots, host_slot, lease_seconds
from claims.linkcheck.models import LinkCheck
from claims.models import Source
from tests.conftest import wait_for
from tests.linkcheck_sites import allow_local_site, local_site, respond
from tests.services import require_redis


@pytest.fixture(params=["redis", "files"])
def slots(request, tmp_path):
    if request.param == "redis":
        slots = RedisHostSlots(require_redis(), prefix=f"test:hostslots:{uuid.uuid4().hex}:")
        yield slots
        slots.client.close()
    else:
        yield FileHostSlots(tmp_path / "hostslots")


def test_a_host_gets_at_most_its_limit_of_slots_and_a_released_slot_is_reusable(slots):
    first = slots.try_acquire("news.example.org", 2)
    second = slots.try_acquire("news.example.org", 2)
    assert first and second
    assert slots.try_acquire("news.example.org", 2) is None
    assert slots.try_acquire("other.example.org", 2) is not None  # hosts do not share slots
    slots.release("news.example.org", first)
    assert slots.try_acquire("news.example.org", 2) is not None


def test_waiting_for_a_busy_host_gives_up_with_host_busy(slots):
    slots.try_acquire("busy.example.org", 1)
    with pytest.raises(HostBusy), host_slot("busy.example.org", limit=1, wait=0.2, slots=slots):
        pass


def test_a_lease_left_by_a_killed_worker_expires(monkeypatch):
    slots = RedisHostSlots(require_redis(), prefix=f"test:hostslots:{uuid.uuid4().hex}:")
    assert slots.try_acquire("news.example.org", 1)  # never released, as by a worker killed with SIGKILL
    assert slots.try_acquire("news.example.org", 1) is None
    real_time = time.time
    monkeypatch.setattr("claims.linkcheck.hostslots.time.time", lambda: real_time() + lease_seconds() + 1)
    assert slots.try_acquire("news.example.org", 1) is not None
    slots.client.close()


def test_a_lock_file_slot_held_by_a_killed_process_is_free_at_once(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; sys.path.insert(0, '.');"
            "from claims.linkcheck.hostslots import FileHostSlots;"
            f"FileHostSlots(Path({str(tmp_path)!r})).try_acquire('news.example.org', 1);"
            "print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "claimcheck.settings", "SECRET_KEY": "x", "PATH": "/usr/bin:/bin"},
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        slots = FileHostSlots(tmp_path)
        assert slots.try_acquire("news.example.org", 1) is None
        holder.kill()
        holder.wait(timeout=10)
        assert slots.try_acquire("news.example.org", 1) is not None
    finally:
        if holder.poll() is None:
            holder.kill()


class ConcurrencyMeter:
    """A route that counts how many requests are in flight at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0

    def __call__(self, handler) -> None:
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        time.sleep(0.1)
        with self.lock:
            self.in_flight -= 1
        respond(handler, 200, f"<html><body>page {handler.path}</body></html>".encode())


def check_in_parallel(sources: list[Source], threads: int) -> None:
    def run(source_id: int) -> None:
        try:
            services.source_check(source_id=source_id, check_key=uuid.uuid4())
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(run, [s.pk for s in sources]))


@pytest.mark.parametrize(("limit", "bounded"), [(2, True), (8, False)])
def test_parallel_checks_of_one_host_never_exceed_the_limit(transactional_db, settings, limit, bounded):
    meter = ConcurrencyMeter()
    with local_site() as site:
        allow_local_site(settings, site)
        settings.LINKCHECK_PER_HOST_CONCURRENCY = limit
        site.default = meter
        sources = Source.objects.bulk_create(
            [Source(url=site.url(f"/story-{n}"), title=f"Story {n}") for n in range(8)]
        )
        check_in_parallel(sources, threads=8)
    assert LinkCheck.objects.count() == 8
    if bounded:
        assert meter.max_in_flight == 2
    else:
        assert meter.max_in_flight > 2  # the control: without the limit the same run overlaps more


def test_host_slots_are_shared_between_processes_through_redis():
    url = require_redis()
    prefix = f"test:hostslots:{uuid.uuid4().hex}:"
    code = (
        "import sys; sys.path.insert(0, '.');"
        "from claims.linkcheck.hostslots import RedisHostSlots;"
        f"s = RedisHostSlots({url!r}, prefix={prefix!r});"
        "print(bool(s.try_acquire('news.example.org', 2)))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "claimcheck.settings", "SECRET_KEY": "x", "PATH": "/usr/bin:/bin"}
    outputs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env) for _ in range(3)]
    assert [o.stdout.strip() for o in outputs] == ["True", "True", "False"], [o.stderr for o in outputs]
    wait_for(lambda: RedisHostSlots(url, prefix=prefix).holders("news.example.org") == 2, timeout=5)


def test_a_released_slot_wakes_a_waiting_check_at_once_not_at_its_next_poll(monkeypatch):
    """With Redis, a release hands the slot to a waiter (BLPOP on the host's wake-ups): a freed slot never stays
    idle until the waiter's next poll. The poll is made 30 s so that only the wake-up can explain a quick start."""
    monkeypatch.setattr("claims.linkcheck.hostslots.POLL_SECONDS", 30.0)
    slots = RedisHostSlots(require_redis(), prefix=f"test:hostslots:{uuid.uuid4().hex}:")
    held = slots.try_acquire("news.example.org", 1)
    started: list[float] = []

    def waiter() -> None:
        with host_slot("news.example.org", limit=1, wait=60, slots=slots):
            started.append(time.monotonic())

    thread = threading.Thread(target=waiter)
    thread.start()
    time.sleep(0.5)  # the waiter is in BLPOP by now
    assert started == []
    released_at = time.monotonic()
    slots.release("news.example.org", held)
    thread.join(timeout=20)
    assert started and started[0] - released_at < 10, "woken by the release, not by the 30 s poll"
    slots.client.close()
