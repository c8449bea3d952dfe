"""Full-text search over published claims, for the reader's /search/ page and the API's `q` filter.

One function so that both answer the same question the same way. On PostgreSQL it is full-text search
(`websearch_to_tsquery`, ranked with `ts_rank`) over each claim's stored `search_document`: the claim and its
claimant (weight A), the verdict's conclusion (B) and explanation (C), under one GIN index (migration 0006).
Storing the document is what keeps a common word fast: ranking 10,000 matches by parsing their texts at query
time took 6 s at 20,000 claims (docs/benchmarks.md). claims/signals.py refreshes the document whenever a claim,
its verdict or its claimant is saved; after bulk writes that bypass save(), call refresh_search_documents().
On SQLite it is a plain case-insensitive match of every word.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, OuterRef, Q, Subquery

from claims.models import Claim, Claimant, ClaimQuerySet, Verdict

# One configuration for every language: English stemming; other scripts (Persian) pass through it unchanged.
SEARCH_CONFIG = "english"
SEARCH_QUERY_MAX_LENGTH = 200
# A common word matches most of the archive; ranking every match cost 2.7 s at 100,000 claims. Rank only the
# newest SEARCH_CANDIDATES matches (found by walking the newest-published index): readers of a fact-checker
# want recent checks, and a result list past 50 pages is never read. docs/benchmarks.md has the figures.
SEARCH_CANDIDATES = 1000


def _search_document() -> SearchVector:
    """The weighted document of one claim, as an expression evaluated on a Claim row."""
    claimant_name = Subquery(Claimant.objects.filter(pk=OuterRef("claimant_id")).values("name")[:1])
    verdict = Verdict.objects.filter(claim_id=OuterRef("pk"))
    conclusion = Subquery(verdict.values("conclusion")[:1])
    explanation = Subquery(verdict.values("explanation")[:1])
    return (
        SearchVector("text", "summary", claimant_name, weight="A", config=SEARCH_CONFIG)
        + SearchVector(conclusion, weight="B", config=SEARCH_CONFIG)
        + SearchVector(explanation, weight="C", config=SEARCH_CONFIG)
    )


def refresh_search_documents(*, claim_ids: Iterable[int] | None = None, using: str = "default") -> int:
    """Recompute the stored search document of these claims (all claims when None). A no-op off PostgreSQL."""
    if connections[using].vendor != "postgresql":
        return 0
    claims = Claim.objects.using(using)
    if claim_ids is not None:
        claims = claims.filter(pk__in=list(claim_ids))
    return claims.update(search_document=_search_document())


def without_nul(text: str) -> str:
    """PostgreSQL refuses NUL in any string; no stored text holds one, so in a search term it separates words."""
    return text.replace("\x00", " ")


def search_claims(claims: ClaimQuerySet, query: str) -> ClaimQuerySet:
    """Claims of `claims` matching `query` in the claim, its verdict or its claimant; best matches first.

    A blank query filters nothing (callers decide whether to search at all).
    """
    query = without_nul(query).strip()
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
    if not _positive_terms(query):
        return claims.none()  # "-word" alone would match nearly everything
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    candidates = (
        claims.filter(search_document=search_query)
        .order_by("-verdict__published_at", "-pk")
        .values("pk")[:SEARCH_CANDIDATES]
    )
    return (
        claims.filter(pk__in=Subquery(candidates))
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
