"""The querysets the API reads from, all built on the foundation's public querysets."""

from __future__ import annotations

from django.db.models import F, Prefetch
from django.db.models.functions import Greatest

from claims.models import Claim, ClaimQuerySet, ClaimRelation


def public_claims() -> ClaimQuerySet:
    """Published claims with everything ClaimSerializer shows, in a fixed number of queries per page.

    `published` and `updated` are what clients order and filter by; `updated` moves when the claim or its
    verdict changes (a correction touches the verdict). Related claims are limited to public ones.
    """
    public = Claim.objects.public()
    return (
        public.for_display()
        .annotate(published=F("verdict__published_at"), updated=Greatest("updated_at", "verdict__updated_at"))
        .prefetch_related(
            Prefetch(
                "relations_from",
                queryset=ClaimRelation.objects.filter(to_claim__in=Claim.objects.public())
                .select_related("to_claim")
                .order_by("pk"),
                to_attr="public_out",
            ),
            Prefetch(
                "relations_to",
                queryset=ClaimRelation.objects.filter(from_claim__in=Claim.objects.public())
                .select_related("from_claim")
                .order_by("pk"),
                to_attr="public_in",
            ),
        )
    )
