"""Check source links now: for a newsroom's first import, and for cron users who run no Celery beat.

    python manage.py check_links --all | --stale | --source ID [ID ...] [--sync [--workers N]]

Without --sync, one check_source task per source is enqueued (the workers check them). With --sync the checks
run in this process, through the same service and the same per-host slots as the workers.
"""

from __future__ import annotations

import queue
import sys
import threading
import uuid
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

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
        self.done += 1
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
            enqueue_source_checks(source_ids, progress=bar.advance)
            self.stdout.write(self.style.SUCCESS(f"Enqueued {len(source_ids)} link checks."))
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
        outcomes: Counter = Counter()
        bar = ProgressBar(self.stdout, len(source_ids), "Checking")
        if workers == 1:
            for source_id in source_ids:
                outcomes[self._check_one(source_id)] += 1
                bar.advance()
            return outcomes
        todo: queue.SimpleQueue[int] = queue.SimpleQueue()
        for source_id in source_ids:
            todo.put(source_id)
        done: queue.SimpleQueue[str] = queue.SimpleQueue()

        def work() -> None:
            # Each thread keeps its database connection for all its checks and closes it once at the end: a new
            # PostgreSQL connection per check cost ~7 ms (docs/benchmarks.md, the link-check sweep).
            try:
                while True:
                    try:
                        source_id = todo.get_nowait()
                    except queue.Empty:
                        return
                    done.put(self._check_one(source_id))
            finally:
                connection.close()

        threads = [threading.Thread(target=work, daemon=True) for _ in range(min(workers, len(source_ids)))]
        for thread in threads:
            thread.start()
        for _ in source_ids:
            outcomes[done.get()] += 1
            bar.advance()
        for thread in threads:
            thread.join()
        return outcomes

    def _check_one(self, source_id: int) -> str:
        try:
            check = services.source_check(source_id=source_id, check_key=uuid.uuid4())
        except services.HostBusy:
            return "skipped (host busy)"
        except Exception as exc:  # one broken source must not stop a first import of thousands
            print(f"source {source_id}: {exc!r}", file=sys.stderr)
            return "error"
        return check.outcome if check is not None else "not recorded"
