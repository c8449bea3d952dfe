"""/sitemap.xml: published verdicts, the claimants, ratings and topics that have them, and the fixed pages."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from claims.models import Claim, Claimant, Rating, Topic
from claims.templatetags.claims_pages import FOOTER_PAGES


class SiteUrlSitemap(Sitemap):
    """Locations on SITE_URL (the public origin), not on whatever Host header the request came with."""

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


class HomeSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["claims:home"]

    def location(self, name: str) -> str:
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


def cached_sitemap(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml, built once per change of content: building it takes ~2 s at 20,000 claims (docs/benchmarks.md).

    Keyed on content_stamp() rather than a time-out, so a published claim appears and an unpublished one
    disappears at once.
    """
    key = f"sitemap:{content_stamp()}:{request.get_full_path()}"
    response = cache.get(key)
    if response is None:
        response = sitemap(request, sitemaps=SITEMAPS)
        response.render()
        cache.set(key, response, SITEMAP_CACHE_SECONDS)
    return response
