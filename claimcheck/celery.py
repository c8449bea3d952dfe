"""The Celery app. Broker and result backend come from Django settings (CELERY_* names).

The reliability settings below matter because a lost or doubled link check is a wrong signal to editors.
Every task in claims/linkcheck/tasks.py is idempotent, which is what makes late acknowledgement safe.
"""

from __future__ import annotations

import logging
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimcheck.settings")

logger = logging.getLogger(__name__)

app = Celery("claimcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")

# Redis redelivers a task whose worker died unacknowledged after this many seconds (see below).
BROKER_VISIBILITY_TIMEOUT = 2 * 60 * 60

# Hard limit for one task; the soft limit fires first so the task can record a timeout.
TASK_TIME_LIMIT = 300
TASK_SOFT_TIME_LIMIT = 240

app.conf.update(
    # Acknowledge after the task ran, so a worker that dies mid-check gets its task redelivered.
    task_acks_late=True,
    # Without this, a task whose worker process was killed (SIGKILL, OOM) is acknowledged and lost.
    task_reject_on_worker_lost=True,
    # With late acks, reserve only the task being run: others stay on the broker for other workers.
    worker_prefetch_multiplier=1,
    # Soft limit below hard limit, both well below the broker's visibility timeout (below).
    task_time_limit=TASK_TIME_LIMIT,
    task_soft_time_limit=TASK_SOFT_TIME_LIMIT,
    # JSON only: tasks take ids, never pickled objects.
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # Results are for tests and the admin's progress; keep them a day, not forever.
    result_expires=60 * 60 * 24,
    task_track_started=True,
    broker_connection_retry_on_startup=True,
    # Seconds to wait for the broker when sending: a web request that enqueues must not hang on a dead broker.
    broker_connection_timeout=float(os.environ.get("CELERY_BROKER_CONNECT_TIMEOUT", 1.0)),
    timezone="UTC",
    beat_scheduler="django_celery_beat.schedulers:DatabaseScheduler",
    # Archive requests have a queue of their own so its rate limit never slows link checks.
    task_routes={"claims.tasks.request_archive_snapshot": {"queue": "archive"}},
)

# Redis redelivers an unacknowledged task after visibility_timeout: it must exceed the hard time limit and
# the longest countdown/retry delay (retry_backoff_max in claims/linkcheck/tasks.py is 1 hour), or tasks loop.
if app.conf.broker_url and app.conf.broker_url.startswith(("redis://", "rediss://")):
    # kombu's own Redis transport, but one redis.Redis per pool for its one-off commands (claimcheck/broker.py).
    app.conf.broker_transport = "claimcheck.broker:RedisTransport"
    app.conf.broker_transport_options = {
        **(app.conf.broker_transport_options or {}),
        # The environment may shorten it only so the redelivery test sees a killed worker's task come back in
        # seconds (tests/test_linkcheck_worker.py); production keeps two hours.
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", BROKER_VISIBILITY_TIMEOUT)),
        # The Redis client's own connect timeout (the request path's wait for a broker that does not answer).
        "socket_connect_timeout": float(os.environ.get("CELERY_BROKER_CONNECT_TIMEOUT", 1.0)),
        # Sending: one quick retry, not kombu's default back-off (2 s and more) while a web request waits. Callers
        # that may wait retry by themselves (publish retry policy, task autoretry, the sweep).
        "max_retries": 1,
        "interval_start": 0.2,
        "interval_step": 0.2,
    }
    if os.environ.get("CELERY_UNACKED_RESTORE_INTERVAL"):
        # How often a worker looks for unacknowledged tasks past the visibility timeout (kombu: every ~100 s).
        app.conf.broker_transport_options.update(
            unacked_restore_interval=int(os.environ["CELERY_UNACKED_RESTORE_INTERVAL"]), unacked_restore_throttle=1
        )


@signals.task_prerun.connect
@signals.task_postrun.connect
def close_old_database_connections(sender=None, **kwargs) -> None:
    """Around every task, close this thread's database connections that are broken or older than CONN_MAX_AGE.

    What Django does around every web request (django.db.close_old_connections), for workers: Celery's own fixup
    would otherwise close every connection around every task (see CELERY_DB_REUSE_MAX in settings). Eager tasks
    (tests, CELERY_TASK_ALWAYS_EAGER) run inside the caller's transaction and are left alone, as the fixup does.
    """
    if sender is not None and getattr(sender.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


def send_once(task, args: tuple = (), *, failure: str, **options) -> bool:
    """Send `task` once, for callers that must neither fail nor hang on a broker that is down (an editor's save, a
    reader's request): no publish retries, and no stored result (the Redis result backend's reconnect loop held a
    request ~20 s), under the short broker connect timeout above. Returns whether it was sent; a failure is logged
    as a warning reading `failure`, and whoever catches up later (the link sweep, the periodic sitemap build)
    does the work. `options` go to apply_async (a countdown).
    """
    try:
        task.apply_async(args, retry=False, ignore_result=True, **options)
    except Exception:  # the broker's errors differ by transport (kombu, redis, OSError): none may reach the caller
        logger.warning(failure, exc_info=True)
        return False
    return True


# kombu's filesystem transport (the embedded default) needs its folders to exist before the first message.
for folder_option in ("data_folder_in", "data_folder_out", "processed_folder"):
    folder = (app.conf.broker_transport_options or {}).get(folder_option)
    if folder:
        os.makedirs(folder, exist_ok=True)
if app.conf.result_backend and app.conf.result_backend.startswith("file://"):
    os.makedirs(app.conf.result_backend.removeprefix("file://"), exist_ok=True)

app.autodiscover_tasks()
# The link checker's tasks live in claims/linkcheck/tasks.py (their names stay "claims.tasks.*": queued messages
# and the beat schedule in the database refer to them).
app.autodiscover_tasks(["claims.linkcheck"])
# The sitemap build (claims/sitemaps/tasks.py): rendered ahead of readers' requests into the shared cache.
app.autodiscover_tasks(["claims.sitemaps"])
# Filling a new source's title, publisher and date from its page (claims/source_tasks.py).
app.autodiscover_tasks(["claims"], related_name="source_tasks")


@app.task(name="claimcheck.ping")
def ping(value: str = "pong") -> str:
    """A no-op task: the health check of the broker and worker, and the smoke test's proof of a round trip."""
    return value
