"""The verdict page's "Also checked by" section: other newsrooms' reviews of this claim, imported as ClaimReview."""

from __future__ import annotations

from django import template

from claims.interop.models import ExternalFactCheck
from claims.models import Claim

register = template.Library()


@register.inclusion_tag("interop/_also_checked_by.html")
def also_checked_by(claim: Claim) -> dict:
    """One query. The verdict page reaches here only for a published claim or a staff preview (claims.views)."""
    checks = list(ExternalFactCheck.objects.filter(claim=claim).order_by("-reviewed_at", "pk"))
    return {"checks": checks}
