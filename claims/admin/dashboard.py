"""What needs the editors' attention, for the admin index: a fixed number of queries, whatever the data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from claims.linkcheck.outcomes import LinkHealth
from claims.matching.services import unreviewed_suggestions
from claims.models import Claim, ClaimSource, InternalNote, Rating, Source, Verdict
from claims.services.verdicts import reviews_waiting_for

BROKEN_LINK_HEALTH = (LinkHealth.FAILING, LinkHealth.DEAD)
LIST_LENGTH = 8
CHART_BAR_HEIGHT = 22
CHART_LABEL_WIDTH = 130
CHART_BAR_MAX_WIDTH = 220


@dataclass(frozen=True)
class ChartBar:
    label: str
    colour: str
    count: int
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + CHART_BAR_HEIGHT // 2 + 4


def published_citing_broken_links():
    """Published verdicts whose claim cites a source whose last link checks failed or that is dead."""
    broken = ClaimSource.objects.filter(claim=OuterRef("claim"), source__link_health__in=BROKEN_LINK_HEALTH)
    return Verdict.objects.published().filter(Exists(broken))


def _verdict_list(queryset):
    return list(queryset.select_related("claim__claimant", "rating", "author")[:LIST_LENGTH])


def verdicts_by_rating_chart() -> dict:
    ratings = Rating.objects.annotate(
        published=Count("verdicts", filter=Q(verdicts__status=Verdict.Status.PUBLISHED))
    ).order_by("order", "pk")
    ratings = list(ratings)
    most = max((r.published for r in ratings), default=0) or 1
    bars = [
        ChartBar(
            label=r.label_in(),
            colour=r.colour,
            count=r.published,
            y=i * (CHART_BAR_HEIGHT + 6),
            width=round(CHART_BAR_MAX_WIDTH * r.published / most),
        )
        for i, r in enumerate(ratings)
    ]
    return {
        "bars": bars,
        "height": len(bars) * (CHART_BAR_HEIGHT + 6),
        "width": CHART_LABEL_WIDTH + CHART_BAR_MAX_WIDTH + 40,
        "label_width": CHART_LABEL_WIDTH,
        "bar_height": CHART_BAR_HEIGHT,
        "total": sum(b.count for b in bars),
    }


def returned_to(user) -> list[InternalNote]:
    """Why verdicts this user wrote were sent back, for drafts still waiting for their editor (newest first)."""
    return list(
        InternalNote.objects.filter(
            kind=InternalNote.Kind.RETURNED,
            claim__verdict__author=user,
            claim__verdict__status=Verdict.Status.DRAFT,
        )
        .select_related("claim", "author")
        .order_by("-created_at", "-pk")[:LIST_LENGTH]
    )


def editors_dashboard(*, user=None) -> dict:
    """The dashboard's lists and counts; `user` adds "waiting for me" and "returned to me"."""
    counts = Verdict.objects.aggregate(
        drafts=Count("pk", filter=Q(status=Verdict.Status.DRAFT)),
        in_review=Count("pk", filter=Q(status=Verdict.Status.IN_REVIEW)),
        published=Count("pk", filter=Q(status=Verdict.Status.PUBLISHED)),
    )
    broken = published_citing_broken_links()
    broken_sources = Source.objects.filter(link_health__in=BROKEN_LINK_HEALTH).order_by("link_health", "title")
    return {
        "counts": {
            **counts,
            "without_verdict": Claim.objects.filter(verdict__isnull=True).count(),
            "published_with_broken_links": broken.count(),
        },
        "in_review": _verdict_list(Verdict.objects.filter(status=Verdict.Status.IN_REVIEW).order_by("-updated_at")),
        "drafts": _verdict_list(Verdict.objects.filter(status=Verdict.Status.DRAFT).order_by("-updated_at")),
        "newest_published": _verdict_list(Verdict.objects.published().order_by("-published_at", "-pk")),
        "broken_links": list(
            broken.select_related("claim", "rating")
            .prefetch_related(Prefetch("claim__sources", queryset=broken_sources, to_attr="broken_sources"))
            .order_by("-published_at")[:LIST_LENGTH]
        ),
        "chart": verdicts_by_rating_chart(),
        "waiting_for_me": reviews_waiting_for(user=user)[:LIST_LENGTH] if user is not None else [],
        "returned_to_me": returned_to(user) if user is not None else [],
        "repeats": unreviewed_suggestions(limit=LIST_LENGTH),
    }
