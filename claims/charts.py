"""How claims were rated, as rows for a server-rendered bar chart (claims/_rating_chart.html): a table whose rows
are the rating (a link to its list), an SVG bar and the count, so that screen readers read a plain table and
everyone else sees bars. No JavaScript, no inline styles (the bar's width is an SVG attribute)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from claims.models import Claim, ClaimQuerySet, Rating

BAR_MAX_WIDTH = 100  # the SVG's viewBox width: bars are percentages of the largest count


@dataclass(frozen=True)
class ChartRow:
    rating: Rating
    count: int
    bar_width: int  # 0–BAR_MAX_WIDTH
    url: str


def rating_chart(*, claims: ClaimQuerySet, list_url: str) -> list[ChartRow]:
    """One row per rating of the scale that `claims` (made public) used, in scale order; one query.

    `list_url` is where a row links, with `rating=<slug>` appended: e.g. "/search/?claimant=ali" for one claimant.
    """
    ratings = [rating for rating in Rating.objects.with_public_claim_count(claims=claims) if rating.public_claim_count]
    largest = max((rating.public_claim_count for rating in ratings), default=0)
    separator = "&" if "?" in list_url else "?"
    return [
        ChartRow(
            rating=rating,
            count=rating.public_claim_count,
            bar_width=max(1, round(BAR_MAX_WIDTH * rating.public_claim_count / largest)),
            url=f"{list_url}{separator}rating={rating.slug}",
        )
        for rating in ratings
    ]


def last_twelve_months() -> ClaimQuerySet:
    """Claims whose verdicts were published in the last 365 days (the home page's chart)."""
    return Claim.objects.filter(verdict__published_at__gte=timezone.now() - timedelta(days=365))
