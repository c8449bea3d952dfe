"""/sitemap.xml: a sitemap index pointing to sections (/sitemap-<section>.xml, ?p=2 onwards past 50,000 URLs) of
published verdicts, the claimants, ratings and topics that have them, the home page and the fixed pages.

The protocol allows at most 50,000 URLs and 50 MB per file: each section is paginated at `SECTION_LIMIT` URLs
(at most ~250 bytes each, so ~12 MB a page), and the index lists every page of every section.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap
from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.functions import Greatest
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from claims.models import Claim, Claimant, Rating, Topic
from claims.templatetags.claims_pages import FOOTER_PAGES
from claims.validators import strip_xml_forbidden

# The sitemaps protocol's limit of URLs per file.
SECTION_LIMIT = 50_000


class SiteUrlSitemap(Sitemap):
    """Locations on SITE_URL (the public origin), not on whatever Host header the request came with."""

    limit = SECTION_LIMIT

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class ClaimSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Claim.objects.public().select_related("verdict").order_by("pk")

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


SITEMAPS = {
    "home": HomeSitemap,
    "claims": ClaimSitemap,
    "claimants": ClaimantSitemap,
    "ratings": RatingSitemap,
    "topics": TopicSitemap,
    "pages": InfoPageSitemap,
}

# A built sitemap is kept until the public set changes (publishing and unpublishing included).
SITEMAP_CACHE_SECONDS = 60 * 60 * 24


def content_stamp() -> str:
    """Changes whenever the public set changes: one aggregate query over public claims only, so a draft's edits
    neither rebuild the sitemap nor tell anyone they happened.

    Publishing touches a verdict (a newer maximum); unpublishing removes a claim (a smaller count); editing a public
    claim, its verdict or its claimant moves a maximum.
    """
    stamps = Claim.objects.public().aggregate(
        count=Count("pk"),
        claim=Max("updated_at"),
        verdict=Max("verdict__updated_at"),
        claimant=Max("claimant__updated_at"),
    )
    count = stamps.pop("count")
    return "-".join([str(count), *(stamp.isoformat() if stamp else "none" for stamp in stamps.values())])


def _cached(request: HttpRequest, build) -> HttpResponse:
    """The response `build(request)` gives, built once per change of content: building the claims section takes
    ~2 s at 20,000 claims (docs/benchmarks.md).

    Keyed on content_stamp() rather than a time-out, so a published claim appears and an unpublished one
    disappears at once; the full path keys the section and its page.
    """
    key = f"sitemap:{content_stamp()}:{request.get_full_path()}"
    response = cache.get(key)
    if response is None:
        response = build(request)
        response.render()
        # Only slugs and dates reach a sitemap, but an XML writer never trusts its input (claims.validators).
        response.content = strip_xml_forbidden(response.content.decode()).encode()
        cache.set(key, response, SITEMAP_CACHE_SECONDS)
    return response


def site_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def build_index(request: HttpRequest) -> TemplateResponse:
    """The sitemap index: one entry per page of each section, on SITE_URL (Django's index view names the request's
    host instead)."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        section_map = sitemap_class()
        location = site_url(reverse("sitemap-section", kwargs={"section": section}))
        lastmod = section_map.get_latest_lastmod()
        for page in range(1, section_map.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(location if page == 1 else f"{location}?p={page}", lastmod))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


def build_section(request: HttpRequest, section: str) -> HttpResponse:
    """One page (`?p=`, from 1) of one section: the one function that builds section content."""
    if section not in SITEMAPS:
        raise Http404("No such sitemap section.")
    return sitemap(request, sitemaps=SITEMAPS, section=section)


def cached_sitemap(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: the sitemap index."""
    return _cached(request, build_index)


def cached_sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """/sitemap-<section>.xml[?p=N]: at most SECTION_LIMIT URLs each."""
    return _cached(request, lambda request: build_section(request, section))
