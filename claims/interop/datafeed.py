"""Every published ClaimReview as one schema.org DataFeed, in the shape of the Data Commons fact-check feed.

Each item is the ClaimReview of claims.claimreview.build_claim_review (the verdict page's own JSON-LD), plus
`sdLicense` and `sdPublisher`. Streamed: rows are read EXPORT_CHUNK_SIZE at a time, so memory does not grow with
the number of claims.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, Q

from claims.api.export import EXPORT_CHUNK_SIZE
from claims.claimreview import absolute_url, build_claim_review
from claims.models import Claim, ClaimQuerySet, Rating


def feed_claims(*, modified_since: datetime | None = None) -> ClaimQuerySet:
    """Published claims, oldest id first; with `modified_since`, only those whose claim or verdict changed since."""
    claims = Claim.objects.public()
    if modified_since is not None:
        claims = claims.filter(Q(verdict__updated_at__gte=modified_since) | Q(updated_at__gte=modified_since))
    return claims


def feed_stamp(*, modified_since: datetime | None = None) -> tuple[int, datetime | None]:
    """(number of items, newest change among them): one aggregate query, for ETag and Last-Modified."""
    stamps = feed_claims(modified_since=modified_since).aggregate(
        count=Count("pk"),
        verdict=Max("verdict__updated_at"),
        claim=Max("updated_at"),
        claimant=Max("claimant__updated_at"),
        source=Max("claim_sources__source__updated_at"),
    )
    moments = [stamps[key] for key in ("verdict", "claim", "claimant", "source") if stamps[key] is not None]
    return stamps["count"], max(moments) if moments else None


def structured_data_publisher() -> dict:
    return {"@type": "Organization", "name": settings.PUBLISHER_NAME, "url": settings.PUBLISHER_URL}


def feed_item(claim: Claim, *, scale_bounds: tuple[int | None, int | None]) -> dict:
    """One DataFeedItem: dateCreated is the first publication, dateModified the latest change of claim or verdict."""
    review = build_claim_review(claim, scale_bounds=scale_bounds)
    review.pop("@context", None)  # the feed carries the context once
    review["sdLicense"] = settings.CLAIMREVIEW_FEED_LICENSE
    review["sdPublisher"] = structured_data_publisher()
    modified = max(claim.verdict.updated_at, claim.updated_at)
    return {
        "@type": "DataFeedItem",
        "dateCreated": claim.verdict.published_at.isoformat(),
        "dateModified": modified.isoformat(),
        "item": [review],
    }


def feed_chunks(*, modified_since: datetime | None = None) -> Iterator[str]:
    """The DataFeed as JSON text, in pieces: the header, one DataFeedItem at a time, the closing brackets."""
    header = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.PUBLISHER_NAME} ClaimReview feed",
        "url": absolute_url("/feeds/claimreview.json"),
        "sdLicense": settings.CLAIMREVIEW_FEED_LICENSE,
        "sdPublisher": structured_data_publisher(),
    }
    yield json.dumps(header, ensure_ascii=False)[:-1] + ', "dataFeedElement": ['
    scale_bounds = Rating.objects.scale_bounds()
    claims = feed_claims(modified_since=modified_since).for_display().order_by("pk")
    for position, claim in enumerate(claims.iterator(chunk_size=EXPORT_CHUNK_SIZE)):
        item = json.dumps(feed_item(claim, scale_bounds=scale_bounds), ensure_ascii=False)
        yield f",\n{item}" if position else f"\n{item}"
        if (position + 1) % EXPORT_CHUNK_SIZE == 0:
            gc.collect()  # loaded rows refer to each other (claim <-> verdict): see claims/api/export.py
    yield "\n]}\n"
