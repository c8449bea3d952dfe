"""/sitemap.xml (the index) and /sitemap-<section>.xml[?p=N] (at most SECTION_LIMIT URLs each), served from the
prebuilt copies of claims/sitemaps/prebuilt.py.

A request costs no database query once a build exists; a stale or missing copy enqueues a build
(claims/sitemaps/tasks.py).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from claims.sitemaps import prebuilt
from claims.sitemaps.sections import SITEMAPS, part_headers
from claims.sitemaps.tasks import schedule_sitemap_build


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: one entry per page of each section, on SITE_URL."""
    return _serve(prebuilt.INDEX, 1)


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """/sitemap-<section>.xml?p=N: page N (from 1; 1 without ?p=) of a section; 404 for an unknown section, a
    page that is not a positive whole number, or one past the last."""
    if section not in SITEMAPS:
        raise Http404("No such sitemap section.")
    try:
        page = int(request.GET.get("p", "1"))
    except ValueError:
        raise Http404("No such sitemap page.") from None
    if page < 1:
        raise Http404("No such sitemap page.")
    return _serve(section, page)


def _serve(section: str, page: int) -> HttpResponse:
    served = prebuilt.sitemap_part(section, page)
    if served.stale or served.built_inline:
        schedule_sitemap_build()
    if served.part is None:
        raise Http404("No such sitemap page.")
    return HttpResponse(served.part["content"], content_type="application/xml", headers=part_headers(served.part))
