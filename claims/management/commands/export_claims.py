"""Write every published claim as JSON Lines to a file (or standard output), as the API's export does."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand

from claims.api.export import export_lines


class Command(BaseCommand):
    help = "Write every published claim, one JSON object per line (the /api/v1/claims/export.jsonl format)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", type=Path, help="File to write; standard output if left out.")

    def handle(self, *args, output: Path | None = None, **options) -> None:
        count = 0
        with output.open("w", encoding="utf-8") if output else nullcontext(self.stdout) as stream:
            for line in export_lines():
                stream.write(line)
                count += 1
        self.stderr.write(f"Wrote {count} published claims to {output or 'standard output'}.")
