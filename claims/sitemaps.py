"""/sitemap.xml: published verdicts, the claimants and ratings that have them, and the home page."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from claims.models import Claim, Claimant, Rating


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
        return Rating.objects.filter(Exists(Claim.objects.public().filter(verdict__rating=OuterRef("pk"))))


class HomeSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["claims:home"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"home": HomeSitemap, "claims": ClaimSitemap, "claimants": ClaimantSitemap, "ratings": RatingSitemap}
