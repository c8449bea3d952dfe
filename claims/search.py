"""Full-text search over published claims, for the reader's /search/ page and the API's `q` filter.

One function so that both answer the same question the same way. (The reader-pages work adds PostgreSQL
full-text search with a GIN index; this plain fallback is what SQLite uses.)
"""

from __future__ import annotations

from django.db.models import Q

from claims.models import ClaimQuerySet


def search_claims(claims: ClaimQuerySet, query: str) -> ClaimQuerySet:
    """Claims of `claims` matching every word of `query` in the claim, its verdict or its claimant."""
    words = query.split()
    for word in words:
        claims = claims.filter(
            Q(text__icontains=word)
            | Q(summary__icontains=word)
            | Q(claimant__name__icontains=word)
            | Q(verdict__conclusion__icontains=word)
            | Q(verdict__explanation__icontains=word)
        )
    return claims
