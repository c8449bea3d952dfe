"""manage.py import_claimreview FILE-OR-URL [...]: import other fact-checkers' ClaimReviews (see docs/interop.md)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.interop.models import ImportRun
from claims.interop.services import ImportReport, claimreviews_import, claimreviews_import_url


class Command(BaseCommand):
    help = (
        "Import ClaimReview items from files or http(s) URLs: a page's JSON-LD, a DataFeed, JSON Lines, or a Fact "
        "Check Tools claims:search response. Exits 1 when any item was refused (the others are imported)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("locations", nargs="+", metavar="FILE-OR-URL")
        parser.add_argument("--user", help="Username recorded as the importer (provenance).")

    def handle(self, *args, locations: list[str], user: str | None, **options) -> None:
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user named {user!r}.")
        refused = 0
        for location in locations:
            if location.startswith(("http://", "https://")):
                report = claimreviews_import_url(url=location, user=importer)
            else:
                path = Path(location)
                try:
                    content = path.read_bytes()
                except OSError as exc:
                    raise CommandError(f"{location}: {exc.strerror or exc}") from exc
                report = claimreviews_import(
                    content=content, location=str(path), origin=ImportRun.Origin.FILE, user=importer
                )
            self._print(location, report)
            refused += len(report.errors)
        if refused:
            raise CommandError(f"{refused} item(s) refused; the valid items were imported.", returncode=1)

    def _print(self, location: str, report: ImportReport) -> None:
        self.stdout.write(
            f"{location}: {report.created} imported, {report.updated} updated, "
            f"{report.claims_created} new claims (drafts), {len(report.errors)} refused"
        )
        for error in report.errors:
            self.stderr.write(f"  {error.position}: {error.message}")
