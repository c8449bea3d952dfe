"""The project's Celery app, with fault hooks for tests/test_worker_faults_*.py (`celery -A tests.worker_fault_app`).

Production code has no hook: these signal handlers run only in workers a fault test starts, and only as the
environment asks:

- FAULT_PID_DIR: each task writes its pool process's PID to <dir>/<task id>.pid when it starts, so a test can kill
  the process running one chosen task (the out-of-memory killer's view of a pool child).
- FAULT_KILL_AFTER_RECORD_DIR: after check_source has recorded its check and returned, and before the worker
  acknowledges the message, SIGKILL, once per task id (a marker file): to the pool process alone, or to the whole
  worker (its process group) when FAULT_KILL_WHOLE_WORKER=1.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from celery.signals import task_postrun, task_prerun

from claimcheck.celery import app

__all__ = ["app"]


@task_prerun.connect
def _write_pid(task_id=None, **kwargs) -> None:
    folder = os.environ.get("FAULT_PID_DIR")
    if folder:
        Path(folder, f"{task_id}.pid").write_text(str(os.getpid()))


@task_postrun.connect
def _die_before_the_ack(sender=None, task_id=None, retval=None, **kwargs) -> None:
    folder = os.environ.get("FAULT_KILL_AFTER_RECORD_DIR")
    if not folder or sender is None or sender.name != "claims.tasks.check_source" or retval is None:
        return
    marker = Path(folder, f"{task_id}.killed")
    if marker.exists():
        return
    marker.write_text(str(os.getpid()))
    # The check is in the database; the message is not acknowledged yet.
    if os.environ.get("FAULT_KILL_WHOLE_WORKER") == "1":
        os.killpg(os.getpgid(0), signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)
