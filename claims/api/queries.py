"""The querysets the API reads from, all built on the foundation's public querysets."""

from __future__ import annotations

from django.db.models import F
from django.db.models.functions import Greatest

from claims.models import Claim, ClaimQuerySet


def public_claims() -> ClaimQuerySet:
    """Published claims with everything ClaimSerializer shows, in a fixed number of queries per page.

    `published` and `updated` are what clients order and filter by; `updated` moves when the claim or its
    verdict changes (a correction touches the verdict). Related claims are limited to public ones
    (with_public_relations).
    """
    public = Claim.objects.public()
    return (
        public.for_display()
        .annotate(published=F("verdict__published_at"), updated=Greatest("updated_at", "verdict__updated_at"))
        .with_public_relations()
    )
