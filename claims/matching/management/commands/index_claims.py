"""Build or refresh what the matcher needs for every claim: idempotent, resumable, with a progress bar."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from claims.matching import services


class Command(BaseCommand):
    help = "Embed every claim whose text changed since it was last indexed (all of them the first time)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=32, help="Texts embedded together (default 32).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (logs, cron).")

    def handle(self, *args, batch_size: int, no_progress: bool, **options) -> None:
        started = time.perf_counter()
        if no_progress:
            written = services.index_all_claims(batch_size=batch_size)
        else:
            with Progress(
                TextColumn("[bold]Indexing claims"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()
            ) as progress:
                task = progress.add_task("index", total=None)

                def advance(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                written = services.index_all_claims(batch_size=batch_size, progress=advance)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Indexed {written} claims in {elapsed:.1f} s; the others were already up to date.")
