"""The latest published verdicts as RSS 2.0 (/feeds/latest/) and Atom (/feeds/latest/atom/)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from claims.bidi import isolate
from claims.claimreview import absolute_url
from claims.models import Claim
from claims.templatetags.claims_pages import translated_label

FEED_ITEMS = 30


class LatestVerdictsFeed(Feed):
    title = _("Latest fact checks")
    description = _("The newest published verdicts.")

    def link(self) -> str:
        return absolute_url(reverse("claims:home"))

    def feed_url(self) -> str:
        return absolute_url(reverse("claims:feed-latest"))

    def items(self) -> list[Claim]:
        claims = Claim.objects.public().select_related("claimant", "verdict__rating").newest_first()
        return list(claims[:FEED_ITEMS])

    def item_title(self, claim: Claim) -> str:
        # In the interface language, as the verdict page's badge shows it.
        # User text isolated: a right-to-left override in a claim must not reverse the rest of the title.
        return f"{translated_label(claim.verdict.rating.label)}: {isolate(claim.short_text)}"

    def item_description(self, claim: Claim) -> str:
        return f"{isolate(claim.claimant.name)}: “{isolate(claim.text)}” — {isolate(claim.verdict.conclusion)}"

    def item_link(self, claim: Claim) -> str:
        # Absolute on SITE_URL, like the canonical link and the ClaimReview url.
        return absolute_url(claim.get_absolute_url())

    def item_guid(self, claim: Claim) -> str:
        return self.item_link(claim)

    def item_author_name(self, claim: Claim) -> str:
        return settings.PUBLISHER_NAME

    def item_pubdate(self, claim: Claim) -> datetime:
        return claim.verdict.published_at

    def item_updateddate(self, claim: Claim) -> datetime:
        return claim.verdict.updated_at


class LatestVerdictsAtomFeed(LatestVerdictsFeed):
    feed_type = Atom1Feed
    subtitle = LatestVerdictsFeed.description

    def feed_url(self) -> str:
        return absolute_url(reverse("claims:feed-latest-atom"))
