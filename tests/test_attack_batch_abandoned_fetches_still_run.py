"""Fetches a batch gave up on (its soft time limit) must not run after the batch recorded them.

When check_sources hits its soft time limit, sources_check records every unfinished fetch as a timeout and the
task ends, but the fetches themselves are left in the worker's fetch pool: one still waiting for its host's slot
goes on waiting (up to LINKCHECK_HOST_WAIT_SECONDS), takes the slot and requests the page, for a check that is
already recorded and whose answer is thrown away. It spends a politeness slot of the host (the slot other
workers' real checks wait for) and sends the site a request nobody reads. Real worker (prefork, so the soft limit
applies), real Redis slots, a local site; the host's only slot is held by the test until the batch has given up.
"""

from __future__ import annotations

import time

import pytest

from claims.linkcheck.hostslots import RedisHostSlots
from claims.linkcheck.models import LinkCheck
from claims.linkcheck.outcomes import LinkOutcome
from claims.models import Source
from tests.linkcheck_sites import local_site, page
from tests.services import require_redis
from tests.test_linkcheck_worker import forget_leases_on_localhost, worker_env

pytestmark = [pytest.mark.services, pytest.mark.slow]


def test_a_batch_that_ran_out_of_time_sends_no_request_afterwards(transactional_db, celery_worker_factory, request):
    forget_leases_on_localhost()
    request.addfinalizer(forget_leases_on_localhost)
    slots = RedisHostSlots(require_redis())
    request.addfinalizer(slots.client.close)
    with local_site() as site:
        site.routes.update({f"/report-{n}": page(200, f"<p>report {n}</p>") for n in range(2)})
        sources = Source.objects.bulk_create([Source(url=site.url(f"/report-{n}"), title=str(n)) for n in range(2)])
        worker = celery_worker_factory(
            **{**worker_env(site.port), "LINKCHECK_PER_HOST_CONCURRENCY": "1", "LINKCHECK_HOST_WAIT_SECONDS": "20"}
        )
        held = slots.try_acquire("127.0.0.1", 1)  # another worker's check of this host, running long
        assert held is not None
        limited = worker.client.send_task(
            "claims.tasks.check_sources",
            args=[[source.pk for source in sources]],
            queue=worker.queue,
            soft_time_limit=2,
            time_limit=60,
        )
        with pytest.raises(Exception, match="SoftTimeLimitExceeded"):
            limited.get(timeout=60)
        outcomes = list(LinkCheck.objects.values_list("outcome", flat=True))
        assert outcomes == [LinkOutcome.TIMEOUT] * 2, worker.log()

        slots.release("127.0.0.1", held)  # the other check ends: the host is free again
        time.sleep(3)  # the abandoned fetches poll for the slot every 50 ms
        assert site.requests == [], "pages requested for checks already recorded as timeouts"
