"""The reader's search page beyond the query itself: filters, highlighted matches and "did you mean".

claims.search.search_claims answers the query (shared with the API); this module narrows its answer with the
reader's filters and decorates one page of results. Filters are a Django form over the URL's parameters, so a
filtered search is a plain link that can be shared, and a bad value gets the form's message and a 400.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connections
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, Claimant, ClaimQuerySet, Rating, Topic, bcp47_validator
from claims.search import SEARCH_CONFIG, without_nul

# Private-use characters mark matches in ts_headline's output: the text is escaped first, then they become <mark>,
# so nothing an author typed into a claim can turn into markup.
_START, _STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{_START}([^{_START}{_STOP}]*){_STOP}")
SUGGESTION_MIN_SIMILARITY = 0.3
_WORD = re.compile(r"\w{3,}")


class SearchFilterForm(forms.Form):
    """Filters of /search/: each optional, all combined with the query (AND). Values are slugs or ISO dates."""

    rating = forms.SlugField(label=_("Rating"), required=False, max_length=60)
    claimant = forms.SlugField(label=_("Claimant"), required=False, max_length=100)
    topic = forms.SlugField(label=_("Topic"), required=False, max_length=100)
    language = forms.CharField(label=_("Language"), required=False, max_length=35, validators=[bcp47_validator])
    published_from = forms.DateField(label=_("Published from"), required=False, input_formats=["%Y-%m-%d"])
    published_to = forms.DateField(label=_("Published until"), required=False, input_formats=["%Y-%m-%d"])

    FILTER_NAMES = ("rating", "claimant", "topic", "language", "published_from", "published_to")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("published_from", "published_to"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"})

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."), code="date_range")
        # Checked against what readers may see, so that the message never tells a draft's topic or claimant
        # ("no such topic") apart from a word nobody used.
        for name, public_set in (
            ("rating", Rating.objects.all()),
            ("claimant", Claimant.objects.public()),
            ("topic", Topic.objects.public()),
        ):
            slug = data.get(name)
            if slug and not public_set.filter(slug=slug).exists():
                self.add_error(name, _("There is no such %(kind)s.") % {"kind": public_set.model._meta.verbose_name})
        return data

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.FILTER_NAMES)

    def apply(self, claims: ClaimQuerySet) -> ClaimQuerySet:
        """`claims` narrowed by the valid filters; call after is_valid()."""
        data = self.cleaned_data
        if data.get("rating"):
            claims = claims.filter(verdict__rating__slug=data["rating"])
        if data.get("claimant"):
            claims = claims.filter(claimant__slug=data["claimant"])
        if data.get("topic"):
            # A subquery rather than a join: a claim in two topics must not be listed twice.
            in_topic = Claim.topics.through.objects.filter(topic__slug=data["topic"]).values("claim")
            claims = claims.filter(pk__in=in_topic)
        if data.get("language"):
            claims = claims.filter(language__iexact=data["language"])
        if data.get("published_from"):
            claims = claims.filter(verdict__published_at__date__gte=data["published_from"])
        if data.get("published_to"):
            claims = claims.filter(verdict__published_at__date__lte=data["published_to"])
        return claims


def with_headline(claims: ClaimQuerySet, query: str) -> ClaimQuerySet:
    """Adds `headline_raw` on PostgreSQL: ts_headline of the claim's text with the matches between markers.

    Only the rows of the page being shown are fetched, so PostgreSQL computes it for those rows only.
    """
    query = without_nul(query).strip()
    if not query or connections[claims.db].vendor != "postgresql":
        return claims
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return claims.annotate(
        headline_raw=SearchHeadline(
            "text",
            search_query,
            config=SEARCH_CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=45,
            min_words=20,
        )
    )


def highlighted(text: str, *, query: str, headline_raw: str | None = None) -> SafeString:
    """The claim's text as safe HTML with the query's words in <mark>.

    From ts_headline's output where there is one (PostgreSQL: stemmed matches, "runs" marks "running"); otherwise
    a plain case-insensitive match of each word of the query (SQLite).
    """
    if headline_raw is not None:
        html = _MARKED.sub(r"<mark>\1</mark>", escape(headline_raw))
        return mark_safe(html.replace(_START, "").replace(_STOP, ""))  # noqa: S308 (escaped above)
    words = sorted({word for word in re.findall(r"\w+", without_nul(query)) if len(word) > 1}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece escaped above)


def suggest_spelling(query: str, *, claims: ClaimQuerySet) -> str | None:
    """A nearby spelling of `query` built from words of public claims, or None when every word is known.

    PostgreSQL: each unknown word is replaced by the most similar word (pg_trgm `similarity`) of the public
    claims' texts and claimants' names (ts_stat over a 'simple' document, so the words stay unstemmed).
    SQLite: difflib over the same words read in Python. Only run when a search found nothing.
    """
    words = _WORD.findall(without_nul(query).lower())
    if not words:
        return None
    if connections[claims.db].vendor == "postgresql":
        replacements = _postgres_suggestions(words, claims=claims)
    else:
        vocabulary = _vocabulary(claims.values_list("text", "claimant__name"))
        replacements = {
            word: match[0]
            for word in words
            if word not in vocabulary and (match := difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75))
        }
    if not replacements:
        return None
    return " ".join(replacements.get(word, word) for word in words)


def _vocabulary(rows: Iterable[tuple[str, str]]) -> set[str]:
    return {word for row in rows for value in row for word in _WORD.findall((value or "").lower())}


def _postgres_suggestions(words: list[str], *, claims: ClaimQuerySet) -> dict[str, str]:
    """Per query word absent from the public claims' words, the most similar of them (pg_trgm), in one statement.

    The words come from a 'simple' (unstemmed) tsvector of each public claim's text and claimant's name; the set of
    public claims is `claims` itself, rendered as a subquery, so the public rule stays in Claim.objects.public().
    """
    ids_sql, ids_params = claims.values("pk").query.sql_with_params()
    with connections[claims.db].cursor() as cursor:
        cursor.execute(
            f"""
            WITH vocabulary AS (
                SELECT DISTINCT w AS word
                FROM claims_claim c
                JOIN claims_claimant cl ON cl.id = c.claimant_id,
                LATERAL unnest(tsvector_to_array(to_tsvector('simple', c.text || ' ' || cl.name))) AS w
                WHERE c.id IN ({ids_sql}) AND length(w) >= 3
            )
            SELECT q.word, (
                SELECT v.word FROM vocabulary v
                WHERE similarity(v.word, q.word) >= %s
                ORDER BY similarity(v.word, q.word) DESC, v.word LIMIT 1
            )
            FROM unnest(%s::text[]) AS q(word)
            WHERE NOT EXISTS (SELECT 1 FROM vocabulary v WHERE v.word = q.word)
            """,  # noqa: S608 (ids_sql is Django's own compiled SQL; values are parameters)
            [*ids_params, SUGGESTION_MIN_SIMILARITY, words],
        )
        return {word: suggestion for word, suggestion in cursor.fetchall() if suggestion}
