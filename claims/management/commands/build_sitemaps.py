"""Render the sitemap into the shared cache now, in this process: after a deploy onto an emptied cache, or before
a benchmark, so that no reader's request renders it (claims/sitemaps/prebuilt.py).

    python manage.py build_sitemaps

Prints the stamp built and the pages of each section. Raises CommandError when the cache cannot be reached or
another build is running (the workers' build will do, or try again).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from claims.sitemaps.prebuilt import SitemapBuildBusy, sitemaps_build


class Command(BaseCommand):
    help = "Render the sitemap for the current public data into the shared cache."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            build = sitemaps_build()
        except SitemapBuildBusy:
            raise CommandError("another sitemap build is running; try again when it has finished") from None
        if build is None:
            raise CommandError("the cache cannot be reached: nothing to store the sitemap into")
        pages = ", ".join(f"{section} {count}" for section, count in build["pages"].items())
        self.stdout.write(f"sitemap built for stamp {build['stamp']} in {time.monotonic() - started:.1f} s ({pages})")
