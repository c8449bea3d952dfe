"""Full-text search over published claims, for the reader's /search/ page and the API's `q` filter.

One function so that both answer the same question the same way. On PostgreSQL it is full-text search
(`websearch_to_tsquery`, ranked with `ts_rank`), each searched table matched through its own GIN expression
index (migration 0004_pages_search_index builds them from the expressions below, so the planner can use them).
On SQLite it is a plain case-insensitive match of every word.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Q

from claims.models import Claim, Claimant, ClaimQuerySet, Verdict

# One configuration for every language: English stemming; other scripts (Persian) pass through it unchanged.
SEARCH_CONFIG = "english"
SEARCH_QUERY_MAX_LENGTH = 200


def claim_search_vector() -> SearchVector:
    return SearchVector("text", "summary", config=SEARCH_CONFIG)


def verdict_search_vector() -> SearchVector:
    return SearchVector("conclusion", "explanation", config=SEARCH_CONFIG)


def claimant_search_vector() -> SearchVector:
    return SearchVector("name", config=SEARCH_CONFIG)


def search_claims(claims: ClaimQuerySet, query: str) -> ClaimQuerySet:
    """Claims of `claims` matching `query` in the claim, its verdict or its claimant; best matches first."""
    query = query.strip()
    if not query:
        return claims.none()
    if connections[claims.db].vendor == "postgresql":
        return _postgres_search(claims, query)
    return _plain_search(claims, query)


def _postgres_search(claims: ClaimQuerySet, query: str) -> ClaimQuerySet:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    # One indexed match per table: a vector spanning joins could not use any index.
    matching_claims = Claim.objects.annotate(vector=claim_search_vector()).filter(vector=search_query)
    matching_verdicts = Verdict.objects.annotate(vector=verdict_search_vector()).filter(vector=search_query)
    matching_claimants = Claimant.objects.annotate(vector=claimant_search_vector()).filter(vector=search_query)
    weighted = (
        SearchVector("text", "summary", "claimant__name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("verdict__conclusion", weight="B", config=SEARCH_CONFIG)
        + SearchVector("verdict__explanation", weight="C", config=SEARCH_CONFIG)
    )
    return (
        claims.filter(
            Q(pk__in=matching_claims.values("pk"))
            | Q(pk__in=matching_verdicts.values("claim_id"))
            | Q(claimant__in=matching_claimants.values("pk"))
        )
        .annotate(search_rank=SearchRank(weighted, search_query))
        .order_by("-search_rank", "-verdict__published_at", "-pk")
    )


def _plain_search(claims: ClaimQuerySet, query: str) -> ClaimQuerySet:
    for word in query.split():
        claims = claims.filter(
            Q(text__icontains=word)
            | Q(summary__icontains=word)
            | Q(claimant__name__icontains=word)
            | Q(verdict__conclusion__icontains=word)
            | Q(verdict__explanation__icontains=word)
        )
    return claims.order_by("-verdict__published_at", "-pk")
