"""The one builder of schema.org ClaimReview objects, for the verdict page's JSON-LD and the API.

Follows Google's fact-check markup guidance and Full Fact's notes (see shared REFERENCE.md): the rating's text
is `alternateName`; numeric properties are left out (never null) for a rating outside the scale.
"""

from __future__ import annotations

import datetime as dt
import json
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim, ClaimSource

# A verdict saved this long after its first publication was modified after readers saw it.
MODIFIED_AFTER_PUBLISHING = timedelta(minutes=1)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _claimant_schema(claim: Claim) -> dict:
    claimant = claim.claimant
    schema_type = "Person" if claimant.kind == claimant.Kind.PERSON else "Organization"
    data: dict = {"@type": schema_type, "name": claimant.name}
    if claimant.role:
        data["jobTitle" if schema_type == "Person" else "description"] = claimant.role
    if claimant.url:
        data["sameAs"] = claimant.url
    return data


def _appearances(claim: Claim) -> list[dict]:
    """Where the claim appeared, oldest first (uses the prefetched claim_sources of for_display())."""
    cited = [cs for cs in claim.claim_sources.all() if cs.role == ClaimSource.Role.APPEARANCE]
    cited.sort(key=lambda cs: (cs.source.published_on is None, cs.source.published_on, cs.position, cs.pk))
    appearances = []
    for cs in cited:
        work: dict = {"@type": "CreativeWork", "name": cs.source.title}
        if cs.source.url:
            work["url"] = cs.source.url
        if cs.source.publisher:
            work["publisher"] = {"@type": "Organization", "name": cs.source.publisher}
        if cs.source.published_on:
            work["datePublished"] = cs.source.published_on.isoformat()
        appearances.append(work)
    return appearances


def local_iso_datetime(value: dt.datetime) -> str:
    """ISO 8601 date-time with the offset of TIME_ZONE (`2026-12-01T02:23:00.123456+03:30`), exactly as the
    page's `datetime` attributes and `article:published_time` give it (`|date:"c"`), so that JSON-LD, Open Graph
    and the page agree on the day."""
    return timezone.localtime(value).isoformat()


def build_claim_review(claim: Claim, *, scale_bounds: tuple[int | None, int | None]) -> dict:
    """ClaimReview for a claim with a published verdict, loaded with Claim.objects.for_display().

    `scale_bounds` is Rating.objects.scale_bounds(), passed in so that a list of reviews costs one query for it.
    """
    verdict = claim.verdict
    rating = verdict.rating
    page_url = absolute_url(claim.get_absolute_url())

    # In the review's language (the claim's), whatever the reader's interface language.
    label = rating.label_in(claim.language)
    review_rating: dict = {"@type": "Rating", "alternateName": label, "name": label}
    worst, best = scale_bounds
    if rating.value is not None and worst is not None and best is not None:
        review_rating.update(ratingValue=rating.value, bestRating=best, worstRating=worst)

    item_reviewed: dict = {"@type": "Claim", "author": _claimant_schema(claim)}
    if claim.stated_on:
        item_reviewed["datePublished"] = claim.stated_on.isoformat()
    appearances = _appearances(claim)
    if appearances:
        item_reviewed["firstAppearance"] = appearances[0]
        item_reviewed["appearance"] = appearances

    review: dict = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": f"{page_url}#claimreview",
        "url": page_url,
        "claimReviewed": claim.short_text,
        "datePublished": local_iso_datetime(verdict.published_at),
        "author": {"@type": "Organization", "name": settings.PUBLISHER_NAME, "url": settings.PUBLISHER_URL},
        "reviewRating": review_rating,
        "itemReviewed": item_reviewed,
        "inLanguage": claim.language,
    }
    if verdict.conclusion:
        review["headline"] = verdict.conclusion
    corrections = list(verdict.corrections.all())
    # Corrections and citation changes touch the verdict (claims.services.verdicts); the publish itself does too,
    # within the same moment, which is not a modification.
    if corrections or verdict.updated_at - verdict.published_at > MODIFIED_AFTER_PUBLISHING:
        review["dateModified"] = local_iso_datetime(verdict.updated_at)
    return review


def claim_review_json_ld(review: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> block; `<`, `>` and `&` escaped so no text can end it."""
    text = json.dumps(review, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 (every character that could close the script element is escaped)
