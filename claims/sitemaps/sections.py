"""What the sitemap lists, and rendering it: an index pointing to sections (/sitemap-<section>.xml, ?p=2 onwards
past SECTION_LIMIT URLs) of published verdicts, the claimants, ratings and topics that have them, the home page and the
fixed pages.

The protocol allows at most 50,000 URLs and 50 MB per file, and 50,000 files per index: each section is
paginated at `SECTION_LIMIT` URLs (2,000: at most ~250 bytes each, so ~0.5 MB a page), and the index lists every
page of every section.

Rendering needs no request: locations are on SITE_URL, whatever Host header a request came with, so the Celery
task (claims/sitemaps/tasks.py) renders exactly what a request would.
"""

from __future__ import annotations

from datetime import datetime
from hashlib import md5
from typing import TypedDict
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.paginator import Paginator
from django.db.models import Max
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import http_date, quote_etag

from claims.models import Claim, Claimant, Rating, Topic
from claims.templatetags.claims_pages import FOOTER_PAGES
from claims.validators import strip_xml_forbidden

# URLs per sitemap file: a 25th of the protocol's 50,000. Each request for a page copies the whole file out of the
# cache and sends it: at 90,000 claims a page of 50,000 URLs (7.3 MB) served 44 requests a second, one of 5,000
# 460 and one of 2,000 690, about the floor's rate (docs/benchmarks.md). 50,000 pages in an index hold 100 million.
SECTION_LIMIT = 2_000


class SitemapPart(TypedDict):
    """One rendered file: the index or one page of one section. Plain types only, so that a cached copy never
    depends on a class path (the cache pickles it).

    `content`: UTF-8 XML; `last_modified`: seconds since the epoch of the newest `lastmod` in it, or None when
    its items have none (then no Last-Modified header is sent); `etag`: the quoted MD5 of `content`, as Django's
    ConditionalGetMiddleware would compute it on every request (15 ms for a 7 MB page), computed once here.
    """

    content: bytes
    last_modified: float | None
    etag: str


def _part(content: bytes, last_modified: float | None) -> SitemapPart:
    return SitemapPart(
        content=content, last_modified=last_modified, etag=quote_etag(md5(content, usedforsecurity=False).hexdigest())
    )


class SiteUrlSitemap(Sitemap):
    """Locations on SITE_URL (the public origin), not on whatever Host header the request came with."""

    limit = SECTION_LIMIT

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    @cached_property
    def paginator(self) -> Paginator:
        # Django's is a property: a new Paginator, so a new COUNT(*), for every page rendered.
        return Paginator(self._items(), self.limit)


class ClaimSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        # Only what a <url> entry shows: 50,000 claims with their texts and search documents would cost the worker
        # hundreds of MB.
        return (
            Claim.objects.public()
            .select_related("verdict")
            .only("slug", "updated_at", "verdict__updated_at")
            .order_by("pk")
        )

    def lastmod(self, claim: Claim) -> datetime:
        return max(claim.updated_at, claim.verdict.updated_at)

    def get_latest_lastmod(self) -> datetime | None:
        # One aggregate: Django's default computes lastmod() for every public claim.
        latest = Claim.objects.public().aggregate(latest=Greatest(Max("updated_at"), Max("verdict__updated_at")))
        return latest["latest"]


class ClaimantSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Claimant.objects.public().order_by("pk")


class RatingSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.3

    def items(self):
        return Rating.objects.public()


class HomeSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["claims:home"]

    def location(self, name: str) -> str:
        return reverse(name)


class TopicSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return Topic.objects.public().order_by("pk")


class InfoPageSitemap(SiteUrlSitemap):
    """The rating scale and the newsroom's own pages (methodology, corrections policy, about)."""

    changefreq = "monthly"
    priority = 0.3

    def items(self) -> list[str]:
        return ["claims:rating-index", "claims:topic-index", *(f"info:{slug}" for slug, _label in FOOTER_PAGES)]

    def location(self, name: str) -> str:
        if name.startswith("info:"):
            return reverse("claims:info-page", kwargs={"slug": name.removeprefix("info:")})
        return reverse(name)


SITEMAPS: dict[str, type[SiteUrlSitemap]] = {
    "home": HomeSitemap,
    "claims": ClaimSitemap,
    "claimants": ClaimantSitemap,
    "ratings": RatingSitemap,
    "topics": TopicSitemap,
    "pages": InfoPageSitemap,
}


def site_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _xml(template: str, context: dict) -> bytes:
    # Only slugs and dates reach a sitemap, but an XML writer never trusts its input (claims.validators).
    return strip_xml_forbidden(render_to_string(template, context)).encode()


def render_section(sitemap: SiteUrlSitemap, page: int) -> SitemapPart:
    """Page `page` (from 1) of one section, as Django's sitemap view renders it.

    Raises django.core.paginator.EmptyPage past the last page (page 1 of an empty section is an empty urlset).
    Queries: the section's COUNT(*) once per `sitemap` instance, then one for the page.
    """
    sitemap.__dict__.pop("latest_lastmod", None)  # set by get_urls() for this page only
    urls = sitemap.get_urls(page=page)
    latest = getattr(sitemap, "latest_lastmod", None)
    return _part(_xml("sitemap.xml", {"urlset": urls}), latest.timestamp() if latest else None)


def render_index(section_maps: dict[str, SiteUrlSitemap]) -> SitemapPart:
    """The sitemap index: one entry per page of each section of `section_maps` (name → instance), on SITE_URL
    (Django's index view names the request's host instead). Reuses each instance's counted paginator."""
    entries = []
    for section, section_map in section_maps.items():
        location = site_url(reverse("sitemap-section", kwargs={"section": section}))
        lastmod = section_map.get_latest_lastmod()
        for page in range(1, section_map.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(location if page == 1 else f"{location}?p={page}", lastmod))
    return _part(_xml("sitemap_index.xml", {"sitemaps": entries}), None)


def part_headers(part: SitemapPart) -> dict[str, str]:
    """The validators to send with this part: Last-Modified as Django's sitemap view sends it (none without
    lastmod), and its ETag (absent from copies built before parts carried one: the middleware then hashes)."""
    headers = {"Last-Modified": http_date(part["last_modified"])} if part["last_modified"] is not None else {}
    if part.get("etag"):
        headers["ETag"] = part["etag"]
    return headers
