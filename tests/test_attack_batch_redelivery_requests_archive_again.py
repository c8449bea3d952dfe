"""A redelivered or retried check_sources batch must not ask the archive again for checks recorded before.

check_source (one source) finds its check recorded on a redelivery (same task id, same check key) and does
nothing more: the archive request went out with the first delivery. check_sources instead gets the earlier checks
back from sources_check (BatchChecks.checks holds "recorded before" and "recorded now" alike) and sends
request_archive_snapshot again for every published source that answered OK and is not archived yet, which is
the case while the first request still waits in the rate-limited archive queue. A batch retried after HostBusy
(autoretry: the same task id) does the same on each of its up to six retries: one capture wanted, up to seven
asked for, against the archive's daily quota. Real worker, real Redis queues: the archive queue (which the test
worker does not consume) is read to count the requests.
"""

from __future__ import annotations

import base64
import json

import pytest
import redis

from claims.linkcheck.models import LinkCheck
from claims.models import Source
from tests import factories
from tests.conftest import wait_for
from tests.linkcheck_sites import local_site, page
from tests.services import require_redis
from tests.test_linkcheck_worker import forget_leases_on_localhost, worker_env

pytestmark = [pytest.mark.services, pytest.mark.slow]


def archive_requests_for(client: redis.Redis, source_id: int) -> int:
    """The request_archive_snapshot messages for the source waiting in the (unconsumed) archive queue."""
    count = 0
    for raw in client.lrange("archive", 0, -1):
        message = json.loads(raw)
        if message.get("headers", {}).get("task") != "claims.tasks.request_archive_snapshot":
            continue
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        count += args[0] == source_id
    return count


@pytest.mark.parametrize("task", ["claims.tasks.check_source", "claims.tasks.check_sources"])
def test_a_redelivered_check_asks_the_archive_once(transactional_db, celery_worker_factory, request, task):
    client = redis.Redis.from_url(require_redis())
    client.delete("archive")  # earlier runs' requests (no worker of the tests consumes that queue)
    request.addfinalizer(client.close)
    request.addfinalizer(lambda: client.delete("archive"))
    forget_leases_on_localhost()
    with local_site() as site:
        site.routes["/report"] = page(200, "<html><body>The report, as published.</body></html>")
        verdict = factories.PublishedVerdictFactory()
        source = Source.objects.create(url=site.url("/report"), title="report")
        factories.ClaimSourceFactory(claim=verdict.claim, source=source)
        before = archive_requests_for(client, source.pk)
        worker = celery_worker_factory(**{**worker_env(site.port), "ARCHIVE_BACKEND": "internet_archive"})
        args = [source.pk] if task.endswith("check_source") else [[source.pk]]

        first = worker.client.send_task(task, args=args, queue=worker.queue)
        first.get(timeout=60)
        wait_for(lambda: archive_requests_for(client, source.pk) > before, timeout=20, message="the archive request")
        # The same message again (a redelivery after a lost ack, or a retry: the task id is kept).
        worker.client.send_task(task, args=args, queue=worker.queue, task_id=first.id)
        done = f"[{first.id}] succeeded"
        wait_for(lambda: worker.log().count(done) == 2, timeout=60, message=f"the redelivery to run\n{worker.log()}")
        # The archive requests are sent before the task succeeds: nothing is still on its way.
        assert LinkCheck.objects.filter(source=source).count() == 1
        assert archive_requests_for(client, source.pk) - before == 1, "one capture wanted, two asked for"
