"""The latest published verdicts as RSS 2.0 (/feeds/latest/) and Atom (/feeds/latest/atom/), and the public
corrections (/corrections/feed/, /corrections/atom/) as a small subclass.

Every ClaimCheck feed subclasses `PlainTextFeed`: its `item_title` and `item_description` return plain text
(what an editor typed, never HTML), and the feed types below write that text so that readers show it literally,
whatever it holds (`<b>`, `<`, `&`), and strip the characters XML 1.0 cannot carry so that an old row can never
take a feed down.
"""

from __future__ import annotations

import html
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from claims.bidi import isolate
from claims.claimreview import absolute_url
from claims.models import Claim, Correction
from claims.rendering import render_markdown
from claims.validators import strip_xml_forbidden

FEED_ITEMS = 30


def _xml_safe(value: object) -> object:
    """Strings (and lists of strings, such as categories) without XML-forbidden characters; the rest unchanged."""
    if isinstance(value, str):
        return strip_xml_forbidden(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


class XmlSafeFeedMixin:
    """Strips XML-forbidden characters from every string of the feed and its items just before writing."""

    feed: dict
    items: list[dict]

    def write(self, outfile, encoding) -> None:
        self.feed = {key: _xml_safe(value) for key, value in self.feed.items()}
        self.items = [{key: _xml_safe(value) for key, value in item.items()} for item in self.items]
        super().write(outfile, encoding)


class PlainTextRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    """RSS 2.0, whose `title` and `description` readers parse as HTML: plain text goes in HTML-escaped, so that
    `<b>` arrives as the characters `<b>` (escaped once more by the XML writer, as any text is). An item's
    `content_html` (already sanitised HTML) goes in `content:encoded`."""

    def write(self, outfile, encoding) -> None:
        for fields in (self.feed, *self.items):
            for key in ("title", "description"):
                if fields.get(key) is not None:
                    fields[key] = html.escape(fields[key], quote=False)
        super().write(outfile, encoding)

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class PlainTextAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    """Atom with `<summary type="text">` (Django writes the description as `type="html"`), and an item's
    `content_html` (already sanitised HTML) as `<content type="html">`."""

    def add_item_elements(self, handler, item) -> None:
        description = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if description is not None:
            handler.addQuickElement("summary", description, {"type": "text"})
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class PlainTextFeed(Feed):
    """The base of every ClaimCheck feed: RSS unless a subclass sets `feed_type = PlainTextAtomFeed`; titles and
    descriptions are plain text (see the feed types above)."""

    feed_type = PlainTextRssFeed

    def item_content_html(self, item) -> str | None:
        """Sanitised HTML for the item's full content (RSS `content:encoded`, Atom `content`), or None."""
        return None

    def item_extra_kwargs(self, item) -> dict:
        return {**super().item_extra_kwargs(item), "content_html": self.item_content_html(item)}


class LatestVerdictsFeed(PlainTextFeed):
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
        return f"{claim.verdict.rating.label_in()}: {isolate(claim.short_text)}"

    def item_description(self, claim: Claim) -> str:
        return f"{isolate(claim.claimant.name)}: “{isolate(claim.text)}” — {isolate(claim.verdict.conclusion)}"

    def item_content_html(self, claim: Claim) -> str | None:
        # The explanation as the verdict page renders it (Markdown, sanitised by nh3).
        return str(render_markdown(claim.verdict.explanation)) if claim.verdict.explanation else None

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
    feed_type = PlainTextAtomFeed
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

    def item_content_html(self, correction: Correction) -> str | None:
        return None  # the note is the whole entry; the verdict's explanation is on its page

    def item_link(self, correction: Correction) -> str:
        return f"{super().item_link(correction.verdict.claim)}#correction-{correction.pk}"

    def item_pubdate(self, correction: Correction) -> datetime:
        return correction.published_at

    def item_updateddate(self, correction: Correction) -> datetime:
        return correction.published_at


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = PlainTextAtomFeed
    subtitle = CorrectionsFeed.description

    def feed_url(self) -> str:
        return absolute_url(reverse("claims:feed-corrections-atom"))
