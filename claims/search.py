"""Full-text search over published claims, for the reader's /search/ page and the API's `q` filter.

One function so that both answer the same question the same way. On PostgreSQL it is full-text search
(`websearch_to_tsquery`, ranked with `ts_rank`) over each claim's stored `search_document`: the claim and its
claimant (weight A), the verdict's conclusion (B) and explanation (C), under one GIN index (migration 0006).
Storing the document is what keeps a common word fast: ranking 10,000 matches by parsing their texts at query
time took 6 s at 20,000 claims (docs/benchmarks.md). claims/signals.py refreshes the document whenever a claim,
its verdict or its claimant is saved; after bulk writes that bypass save(), call refresh_search_documents().
On SQLite it is a plain match of every word.

Both engines compare folded text (claims.textfold.fold_text: Arabic/Persian letter variants, ZWNJ, diacritics,
digits): the query is folded in Python; stored text through `Folded`, the same folding as an SQL expression
(PostgreSQL: NFKC then `translate()` with a table derived from fold_text; SQLite: fold_text itself, registered
as an SQL function). The admin's search boxes use `folded_admin_search` for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Func, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.lookups import Contains
from django.utils.text import smart_split, unescape_string_literal

from claims.models import NEWEST_PUBLISHED_FIRST, Claim, Claimant, ClaimQuerySet, Verdict
from claims.textfold import FOLD_SQL_TABLE, fold_text

SQLITE_FOLD_FUNCTION = "claimcheck_fold"

# One configuration for every language: English stemming; other scripts (Persian) pass through it unchanged.
SEARCH_CONFIG = "english"
SEARCH_QUERY_MAX_LENGTH = 200
# A common word matches most of the archive; ranking every match cost 2.7 s at 100,000 claims. Rank only the
# newest SEARCH_CANDIDATES matches (found by walking the newest-published index): readers of a fact-checker
# want recent checks, and a result list past 50 pages is never read. docs/benchmarks.md has the figures.
SEARCH_CANDIDATES = 1000


class Folded(Func):
    """SQL for `fold_text(expression)`: the stored side of every folded comparison.

    PostgreSQL: `lower(translate(normalize(x, NFKC), from, to))` with claims.textfold.FOLD_SQL_TABLE, which is
    derived from fold_text (tests/test_search_folding_sql_agrees_with_python.py holds them together). SQLite: the
    Python function itself, registered on each connection by claims.apps. NULL stays NULL.
    """

    output_field = TextField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra_context):
        inner_sql, inner_params = compiler.compile(self.source_expressions[0])
        source, target = FOLD_SQL_TABLE
        sql = f"lower(translate(normalize(({inner_sql})::text, NFKC), %s, %s))"
        return sql, (*inner_params, source, target)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FOLD_FUNCTION, **extra_context)


def register_sqlite_fold(sender, connection, **kwargs) -> None:
    """connection_created receiver: make fold_text callable from SQLite's SQL as claimcheck_fold(text)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FOLD_FUNCTION, 1, lambda text: None if text is None else fold_text(text), deterministic=True
        )


def _search_document() -> SearchVector:
    """The weighted document of one claim, from its folded texts, as an expression evaluated on a Claim row."""
    claimant_name = Subquery(Claimant.objects.filter(pk=OuterRef("claimant_id")).values("name")[:1])
    verdict = Verdict.objects.filter(claim_id=OuterRef("pk"))
    conclusion = Subquery(verdict.values("conclusion")[:1])
    explanation = Subquery(verdict.values("explanation")[:1])
    return (
        SearchVector(Folded("text"), Folded("summary"), Folded(claimant_name), weight="A", config=SEARCH_CONFIG)
        + SearchVector(Folded(conclusion), weight="B", config=SEARCH_CONFIG)
        + SearchVector(Folded(explanation), weight="C", config=SEARCH_CONFIG)
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

    Query and stored text are folded alike (fold_text), so `كتاب` finds `کتاب`, `میگوید` finds `می‌گوید` and
    `1395` finds `۱۳۹۵`, and each the other way round. A blank query (or one of invisible characters only)
    filters nothing (callers decide whether to search at all).
    """
    query = fold_text(without_nul(query)).strip()
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
        claims.filter(search_document=search_query).order_by(*NEWEST_PUBLISHED_FIRST).values("pk")[:SEARCH_CANDIDATES]
    )
    return (
        claims.filter(pk__in=Subquery(candidates))
        .annotate(search_rank=SearchRank(F("search_document"), search_query))
        .order_by("-search_rank", *NEWEST_PUBLISHED_FIRST)
    )


def _plain_search(claims: ClaimQuerySet, query: str) -> ClaimQuerySet:
    fields = ("text", "summary", "claimant__name", "verdict__conclusion", "verdict__explanation")
    for word in query.split():
        claims = claims.filter(_any_field_contains(fields, word))
    return claims.order_by(*NEWEST_PUBLISHED_FIRST)


def _any_field_contains(fields: Iterable[str], folded_word: str) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(Contains(Folded(F(field)), folded_word))
    return condition


def folded_admin_search(queryset: QuerySet, *, search_fields: Iterable[str], search_term: str) -> tuple[QuerySet, bool]:
    """The admin's search box, folded: every word of `search_term` (quoted phrases kept whole, as Django's admin
    does) must be contained in one of `search_fields` (ORM paths; Django's `^`/`=`/`@` prefixes are read as plain
    containment). Returns (queryset, may_have_duplicates), the pair ModelAdmin.get_search_results returns.
    """
    fields = [field.lstrip("^=@") for field in search_fields]
    terms = []
    for bit in smart_split(without_nul(search_term)):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        folded = fold_text(bit).strip()
        if folded:
            terms.append(folded)
    if not fields or not terms:
        return queryset, False
    for term in terms:
        queryset = queryset.filter(_any_field_contains(fields, term))
    opts = queryset.model._meta
    return queryset, any(lookup_spawns_duplicates(opts, field) for field in fields)
