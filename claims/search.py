"""Full-text search over published claims, for the reader's /search/ page and the API's `q` filter.

One function so that both answer the same question the same way. On PostgreSQL it is full-text search
(`websearch_to_tsquery`, ranked with `ts_rank`), each searched table matched through its own GIN expression
index (migration 0004_pages_search_index builds them from the expressions below, so the planner can use them).
On SQLite it is a plain case-insensitive match of every word.
"""

from __future__ import annotations

import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Q

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
    """Claims of `claims` matching `query` in the claim, its verdict or its claimant; best matches first.

    A blank query filters nothing (callers decide whether to search at all).
    """
    query = query.strip()
    if not query:
        return claims
    if connections[claims.db].vendor == "postgresql":
        return _postgres_search(claims, query)
    return _plain_search(claims, query)


def _positive_terms(query: str) -> list[str]:
    """The words of a web-search query that a match must contain at least one of (not `-excluded`, not `or`)."""
    words = query.replace('"', " ").split()
    return [word for word in words if not word.startswith("-") and word.lower() != "or"]


def _postgres_search(claims: ClaimQuerySet, query: str) -> ClaimQuerySet:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    terms = _positive_terms(query)
    if not terms:
        return claims.none()
    # Narrow down through the three GIN indexes (any word in any table: a superset of the answer), then match
    # the whole query against the claim's full document, so that words may come from different tables.
    any_term = reduce(operator.or_, (SearchQuery(term, search_type="plain", config=SEARCH_CONFIG) for term in terms))
    matching_claims = Claim.objects.annotate(vector=claim_search_vector()).filter(vector=any_term)
    matching_verdicts = Verdict.objects.annotate(vector=verdict_search_vector()).filter(vector=any_term)
    matching_claimants = Claimant.objects.annotate(vector=claimant_search_vector()).filter(vector=any_term)
    document = (
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
        .annotate(search_document=document)
        .filter(search_document=search_query)
        .annotate(search_rank=SearchRank(F("search_document"), search_query))
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
