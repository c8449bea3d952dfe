"""The latest published verdicts as RSS 2.0 (/feeds/latest/) and Atom (/feeds/latest/atom/), and the public
corrections (/corrections/feed/, /corrections/atom/) as a small subclass that inherits the feed's text handling."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from claims.claimreview import absolute_url
from claims.models import Claim, Correction
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
        return f"{translated_label(claim.verdict.rating.label)}: {claim.short_text}"

    def item_description(self, claim: Claim) -> str:
        return f"{claim.claimant.name}: “{claim.text}” — {claim.verdict.conclusion}"

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


class CorrectionsFeed(LatestVerdictsFeed):
    """Every public correction, newest first: an entry per correction, linking to the corrected verdict."""

    title = _("Corrections")
    description = _("Changes to published fact checks, newest first.")

    def link(self) -> str:
        return absolute_url(reverse("claims:corrections"))

    def feed_url(self) -> str:
        return absolute_url(reverse("claims:feed-corrections"))

    def items(self) -> list[Correction]:
        public = Correction.objects.public().select_related("verdict__claim__claimant", "verdict__rating")
        return list(public[:FEED_ITEMS])

    def item_title(self, correction: Correction) -> str:
        return super().item_title(correction.verdict.claim)

    def item_description(self, correction: Correction) -> str:
        return correction.note

    def item_link(self, correction: Correction) -> str:
        return f"{super().item_link(correction.verdict.claim)}#correction-{correction.pk}"

    def item_pubdate(self, correction: Correction) -> datetime:
        return correction.published_at

    def item_updateddate(self, correction: Correction) -> datetime:
        return correction.published_at


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = Atom1Feed
    subtitle = CorrectionsFeed.description

    def feed_url(self) -> str:
        return absolute_url(reverse("claims:feed-corrections-atom"))
