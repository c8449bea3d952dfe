"""Check source links now: for a newsroom's first import, and for cron users who run no Celery beat.

    python manage.py check_links --all | --stale | --source ID [ID ...] [--sync [--workers N]]

Without --sync, check_sources tasks of LINKCHECK_TASK_BATCH sources each are enqueued (the workers check them).
With --sync the same batches are checked in this process, through the same service (sources_check) and the same
per-host slots as the workers, with --workers fetches at a time.
"""

from __future__ import annotations

import queue
import sys
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError, connection

from claims.linkcheck import services
from claims.linkcheck.tasks import enqueue_source_checks
from claims.models import Source


class ProgressBar:
    """A one-line bar on a terminal; a line per tenth of the work in a log file."""

    WIDTH = 30

    def __init__(self, stream, total: int, label: str) -> None:
        self.stream, self.total, self.label, self.done = stream, total, label, 0
        self.interactive = hasattr(stream, "isatty") and stream.isatty()
        self._last_tenth = -1

    def advance(self) -> None:
        self.advance_by(1)

    def advance_by(self, count: int) -> None:
        self.done += count
        filled = self.WIDTH * self.done // max(self.total, 1)
        line = f"{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total}"
        if self.interactive:
            self.stream.write("\r" + line, ending="")
            if self.done == self.total:
                self.stream.write("")
            self.stream.flush()
        else:
            tenth = 10 * self.done // max(self.total, 1)
            if tenth != self._last_tenth:
                self._last_tenth = tenth
                self.stream.write(line)


class Command(BaseCommand):
    help = "Check the links of all, stale or given sources, through the workers or (--sync) right here."

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every source with a URL")
        which.add_argument("--stale", action="store_true", help="sources due for a check (as the sweep picks them)")
        which.add_argument("--source", type=int, nargs="+", metavar="ID", help="these sources")
        parser.add_argument("--sync", action="store_true", help="check in this process instead of enqueueing")
        parser.add_argument(
            "--workers", type=int, default=4, help="parallel checks with --sync (per-host limits still apply)"
        )

    def handle(self, *args, all: bool, stale: bool, source: list[int] | None, sync: bool, workers: int, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        source_ids = self._select(all=all, stale=stale, source_ids=source)
        if not source_ids:
            self.stdout.write("No sources to check.")
            return
        if not sync:
            bar = ProgressBar(self.stdout, len(source_ids), "Enqueueing")
            tasks = enqueue_source_checks(source_ids, progress=bar.advance_by)
            in_tasks = f"{tasks} task" if tasks == 1 else f"{tasks} tasks"
            self.stdout.write(self.style.SUCCESS(f"Enqueued {len(source_ids)} link checks in {in_tasks}."))
            return
        outcomes = self._check_here(source_ids, workers=workers)
        summary = ", ".join(f"{outcome}: {count}" for outcome, count in sorted(outcomes.items()))
        self.stdout.write(self.style.SUCCESS(f"Checked {len(source_ids)} sources ({summary})."))

    def _select(self, *, all: bool, stale: bool, source_ids: list[int] | None) -> list[int]:
        if source_ids:
            found = set(Source.objects.filter(pk__in=source_ids).values_list("pk", flat=True))
            missing = sorted(set(source_ids) - found)
            if missing:
                raise CommandError(f"No source with id {', '.join(map(str, missing))}.")
            return list(dict.fromkeys(source_ids))
        queryset = services.sources_due_for_check() if stale else Source.objects.with_url().order_by("pk")
        return list(queryset.values_list("pk", flat=True))

    def _check_here(self, source_ids: list[int], *, workers: int) -> Counter:
        """Check in batches, as the workers do, with `workers` fetches at a time and enough batches in flight to
        keep them busy while other batches record."""
        outcomes: Counter = Counter()
        bar = ProgressBar(self.stdout, len(source_ids), "Checking")
        size = max(1, min(settings.LINKCHECK_TASK_BATCH, workers))
        ordered = services.sources_interleaved_by_host(source_ids)  # as the workers' batches: many hosts each
        todo: queue.SimpleQueue[list[int]] = queue.SimpleQueue()
        for start in range(0, len(ordered), size):
            todo.put(ordered[start : start + size])
        done: queue.SimpleQueue[list[str]] = queue.SimpleQueue()

        def work() -> None:
            # Each thread keeps its database connection for all its batches and closes it once at the end: a new
            # PostgreSQL connection per batch cost ~7 ms (docs/benchmarks.md, the link-check sweep).
            try:
                while True:
                    try:
                        batch = todo.get_nowait()
                    except queue.Empty:
                        return
                    done.put(self._check_batch(batch, fetchers))
            finally:
                connection.close()

        batches = -(-len(source_ids) // size)
        with ThreadPoolExecutor(workers, thread_name_prefix="check-links-fetch") as fetchers:
            if workers == 1:  # one batch at a time, recorded by this thread (and its transaction, if any)
                while not todo.empty():
                    for outcome in self._check_batch(todo.get(), fetchers):
                        outcomes[outcome] += 1
                        bar.advance()
                return outcomes
            threads = [threading.Thread(target=work, daemon=True) for _ in range(min(batches, 2 * -(-workers // size)))]
            for thread in threads:
                thread.start()
            for _ in range(batches):
                for outcome in done.get():
                    outcomes[outcome] += 1
                    bar.advance()
            for thread in threads:
                thread.join()
        return outcomes

    def _check_batch(self, batch: list[int], fetchers: ThreadPoolExecutor) -> list[str]:
        """One outcome (or what happened instead) per source of the batch."""
        batch_key = uuid.uuid4()
        try:
            try:
                checked = services.sources_check(source_ids=batch, batch_key=batch_key, pool=fetchers)
            except (OperationalError, InterfaceError):
                # The connection this thread keeps was cut (a restart, a failover): once more on a new one. The same
                # key, so what the first try recorded is not checked again.
                connection.close()
                checked = services.sources_check(source_ids=batch, batch_key=batch_key, pool=fetchers)
        except Exception as exc:  # one broken batch must not stop a first import of thousands
            print(f"sources {batch}: {exc!r}", file=sys.stderr)
            return ["error"] * len(batch)
        busy = set(checked.busy)
        return [
            "skipped (host busy)"
            if source_id in busy
            else (check.outcome if (check := checked.checks.get(source_id)) is not None else "not recorded")
            for source_id in batch
        ]
