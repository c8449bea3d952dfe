"""Reader pages: presentation only. Every row shown to the public comes from Claim.objects.public().

Each page issues a fixed number of queries whatever the number of claims, sources or corrections
(tests/test_pages_queries.py). The verdict page answers conditional GETs from a one-row query before rendering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, IntegerField, Max, OuterRef, QuerySet, Subquery, Value
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from claims.charts import last_twelve_months, rating_chart
from claims.claimreview import absolute_url, build_claim_review, claim_review_json_ld
from claims.interop.models import ExternalFactCheck
from claims.models import (
    Claim,
    Claimant,
    ClaimQuerySet,
    ClaimRelation,
    ClaimSource,
    Correction,
    InfoPage,
    Rating,
    RelatedClaim,
    Topic,
    Verdict,
)
from claims.pagecache import (
    StampedCountPaginator,
    cached_public_page,
    remembered_under_stamp,
)
from claims.rendering import render_markdown
from claims.search import SEARCH_CANDIDATES, SEARCH_QUERY_MAX_LENGTH, search_claims
from claims.search_pages import SearchFilterForm, highlighted, suggest_spelling, with_headline
from claims.services.bylines import verdict_byline
from claims.sharecards import share_card_path, share_card_png

CLAIMS_PER_PAGE = 20
TOPICS_PER_PAGE = 100
# What an empty search shows instead: the newest checks.
NEWEST_ON_EMPTY_SEARCH = 5
HIGHLIGHT_FALLBACK_CHARACTERS = 240
# Shared caches may keep a public page briefly; the language can come from the cookie as well as the header.
PUBLIC_MAX_AGE_SECONDS = 300

# Section order on the verdict page: where it was said, then the evidence for, against, and around it.
SOURCE_ROLE_ORDER = [
    ClaimSource.Role.APPEARANCE,
    ClaimSource.Role.SUPPORTS,
    ClaimSource.Role.REFUTES,
    ClaimSource.Role.CONTEXT,
]


@dataclass(frozen=True)
class LabelledRelatedClaim:
    label: str
    claim: Claim


@dataclass(frozen=True)
class SourceGroup:
    role: str
    label: str
    citations: list[ClaimSource]


def reader_listing(claims: ClaimQuerySet) -> ClaimQuerySet:
    """What a list of verdicts shows: claim, claimant, rating and the "corrected" mark in one query."""
    return claims.select_related("claimant", "verdict__rating").with_correction_mark()


def public_cache_headers(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE_SECONDS)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


class KeysFirstPaginator(StampedCountPaginator):
    """Pages of a list found in two steps of one statement: a page's keys by an OFFSET over `keys` (an ordered
    queryset of one column, the listed rows' primary keys), then `rows(keys_of_the_page)`: the rows themselves,
    with their joins and annotations, in the list's order. The count is `keys.count()`, kept under the stamp.

    Django's paginator puts OFFSET on the whole query, so a deep page builds every row before it and throws it away:
    `/?page=2250` at 100,000 claims cost a parallel hash join and a sort of every public claim (640 ms,
    docs/benchmarks.md). With keys from VerdictQuerySet.newest_claim_ids() the OFFSET is an index-only walk of
    verdict_published_newest. Page numbers, and so the reader's `?page=N` links, are Django's own.
    """

    def __init__(self, keys, per_page: int, *, rows: Callable[[QuerySet], QuerySet], count_key: str) -> None:
        super().__init__(keys, per_page, count_key=count_key)
        self.rows = rows

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows(self.object_list[bottom:top]), number, self)


def _count_key(request: HttpRequest) -> str:
    """The list's name for its cached count: path and query string without the page number."""
    params = request.GET.copy()
    params.pop("page", None)
    return f"{request.path}?{params.urlencode()}"[:1000]


def paginate(request: HttpRequest, claims: ClaimQuerySet, *, per_page: int = CLAIMS_PER_PAGE) -> Page:
    """One page of `claims`; the list's length is counted once per public stamp, not on every request."""
    paginator = StampedCountPaginator(claims, per_page, count_key=_count_key(request))
    # get_page turns a missing, malformed or too-large ?page= into a valid page rather than an error.
    return paginator.get_page(request.GET.get("page"))


def paginate_newest(request: HttpRequest, **verdict_filters) -> Page:
    """One page of public claims newest published first, as list cards show them: the home, claimant, rating and
    topic pages. `verdict_filters` narrow the list with lookups on Verdict (`rating=…`, `claim__claimant=…`,
    `claim__topics=…`); none lists every public claim.

    The page's claim ids come from the published verdicts alone (KeysFirstPaginator); its rows are then read from
    Claim.objects.public(), so a row is shown only if it is public by the claims' own rule as well.
    """
    keys = Verdict.objects.published().filter(**verdict_filters).newest_claim_ids()

    def rows(page_keys: QuerySet) -> ClaimQuerySet:
        return reader_listing(Claim.objects.public().filter(pk__in=page_keys).newest_first())

    paginator = KeysFirstPaginator(keys, CLAIMS_PER_PAGE, rows=rows, count_key=_count_key(request))
    return paginator.get_page(request.GET.get("page"))


def listing_context(request: HttpRequest, page: Page, **extra) -> dict:
    """Context of a paginated list page; its canonical URL keeps only the page number."""
    canonical_url = absolute_url(request.path)
    if page.number > 1:
        canonical_url += f"?page={page.number}"
    return {"page": page, "canonical_url": canonical_url, **extra}


def can_preview_unpublished(user: User | AnonymousUser) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm("claims.view_claim"))


def related_claim_label(related: RelatedClaim) -> str:
    """ "Contradicts" from this claim's side, "Contradicted by" from the other's."""
    labels = {
        (ClaimRelation.Relation.CONTRADICTS, True): _("Contradicts"),
        (ClaimRelation.Relation.SUPPORTS, True): _("Supports"),
        (ClaimRelation.Relation.REPEATS, True): _("Repeats"),
        (ClaimRelation.Relation.CONTRADICTS, False): _("Contradicted by"),
        (ClaimRelation.Relation.SUPPORTS, False): _("Supported by"),
        (ClaimRelation.Relation.REPEATS, False): _("Repeated by"),
    }
    return labels[(related.relation, related.outgoing)]


def sources_by_role(claim: Claim) -> list[SourceGroup]:
    """The prefetched citations of for_display(), grouped by role in reading order."""
    citations = list(claim.claim_sources.all())
    groups = []
    for role in SOURCE_ROLE_ORDER:
        in_role = [citation for citation in citations if citation.role == role]
        if in_role:
            groups.append(SourceGroup(role.value, role.label, in_role))
    return groups


@cached_public_page
def home(request: HttpRequest) -> HttpResponse:
    page = paginate_newest(request)
    start = (timezone.now() - timedelta(days=365)).date()
    chart = rating_chart(claims=last_twelve_months(), list_url=f"{reverse('claims:search')}?published_from={start}")
    response = render(request, "claims/home.html", listing_context(request, page, chart=chart))
    return public_cache_headers(response)


# A verdict page's validator is remembered under the public stamp: any edit, publication or correction forgets it
# at once. Link checks move a source's last_checked_at without a bump (only a change of health bumps), so the
# "checked on" dates a page shows may lag by this long.
PAGE_STAMP_SECONDS = 60


def _public_page_stamp(request: HttpRequest, slug: str) -> datetime | None:
    """When the public verdict page's own rows last changed (its Last-Modified), or None when it is not public;
    remembered for the request and under the public stamp (PAGE_STAMP_SECONDS), so it costs a cache read.

    The page's ETag is not built from this: ConditionalGetMiddleware hashes the page itself, served from the page
    cache under the public stamp. So everything the page shows moves its ETag, including rows with no timestamp of
    their own (the rating's label and translations, topic names, the byline's newsroom profile), and nothing it
    does not show does (an edit of a related draft, which replaces the public stamp, re-renders the same bytes).
    Last-Modified misses those timestamp-less rows: a client that sends If-Modified-Since alone keeps a stale copy
    of them; browsers send the ETag too, which takes precedence.
    """
    if not hasattr(request, "_claim_page_stamp"):
        request._claim_page_stamp = remembered_under_stamp(
            f"verdict-page-stamp:{slug}", lambda: _compute_public_page_stamp(slug), seconds=PAGE_STAMP_SECONDS
        )
    return request._claim_page_stamp


def _compute_public_page_stamp(slug: str) -> datetime | None:
    """When the public verdict page last changed: one aggregate query.

    The verdict's updated_at moves with edits and corrections (services.correction_add touches it); the other
    stamps cover what else the page shows: the claim, the claimant, its sources (link checks write
    last_checked_at and archived_at) and the verdicts of related claims (publishing or unpublishing one). A related
    verdict counts once it has ever been published (unpublishing keeps published_at), never while a draft.
    """

    # One row with a scalar subquery per part: the same answer as one eleven-way join, without the 30 ms
    # PostgreSQL spent planning that join (docs/benchmarks.md).
    def latest(queryset, field: str) -> Subquery:
        return Subquery(queryset.order_by().values(latest=Max(field)).values("latest")[:1])

    citations = ClaimSource.objects.filter(claim=OuterRef("pk")).values("claim")
    external_checks = ExternalFactCheck.objects.filter(claim=OuterRef("pk")).values("claim")
    # Only related claims readers have seen: a never-published draft's edits must not move the page.
    related_to = ClaimRelation.objects.filter(
        from_claim=OuterRef("pk"), to_claim__verdict__published_at__isnull=False
    ).values("from_claim")
    related_from = ClaimRelation.objects.filter(
        to_claim=OuterRef("pk"), from_claim__verdict__published_at__isnull=False
    ).values("to_claim")
    stamps = (
        Claim.objects.public()
        .filter(slug=slug)
        .values(
            stamp_verdict=F("verdict__updated_at"),
            stamp_claim=F("updated_at"),
            stamp_claimant=F("claimant__updated_at"),
            stamp_source=latest(citations, "source__updated_at"),
            stamp_source_checked=latest(citations, "source__last_checked_at"),
            stamp_source_archived=latest(citations, "source__archived_at"),
            # Other newsrooms' reviews, shown as "Also checked by" (claims.interop): a re-import moves the page.
            stamp_external_checks=latest(external_checks, "updated_at"),
            stamp_related_to=latest(related_to, "to_claim__verdict__updated_at"),
            stamp_related_from=latest(related_from, "from_claim__verdict__updated_at"),
        )
        .first()
    )
    if stamps is None:
        return None  # not public: no validators, the view answers 404 or a preview
    return max(stamp for stamp in stamps.values() if stamp is not None)


def _claim_last_modified(request: HttpRequest, slug: str) -> datetime | None:
    return _public_page_stamp(request, slug)


@condition(last_modified_func=_claim_last_modified)
@cached_public_page
def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claim = (
        Claim.objects.public()
        .for_display()
        .with_public_relations()
        .select_related("verdict__author__newsroom_profile", "verdict__reviewer__newsroom_profile")
        .filter(slug=slug)
        .first()
    )
    is_preview = False
    if claim is None:
        # Unpublished: the same URL shows newsroom staff a preview; everyone else gets a plain 404.
        if not can_preview_unpublished(request.user):
            raise Http404("No published verdict here.")
        claim = get_object_or_404(Claim.objects.for_display().with_public_relations(), slug=slug)
        is_preview = True

    verdict = getattr(claim, "verdict", None)
    corrections = list(verdict.corrections.all()) if verdict else []
    claim_review_ld = None
    if not is_preview:
        review = build_claim_review(claim, scale_bounds=Rating.objects.scale_bounds())
        claim_review_ld = claim_review_json_ld(review)
    context = {
        "claim": claim,
        "verdict": verdict,
        "is_preview": is_preview,
        "explanation_html": render_markdown(verdict.explanation) if verdict else "",
        "source_groups": sources_by_role(claim),
        "related": [
            LabelledRelatedClaim(related_claim_label(related), related.claim)
            for related in claim.public_related_claims()
        ],
        "corrections": corrections,
        "latest_correction": corrections[-1] if corrections else None,
        "claim_review_ld": claim_review_ld,
        "canonical_url": absolute_url(claim.get_absolute_url()),
        "byline": verdict_byline(verdict=verdict) if verdict else None,
        "share_card_url": None if is_preview else absolute_url(share_card_path(claim)),
    }
    response = render(request, "claims/claim_detail.html", context)
    if is_preview:
        # A preview must never sit in a shared cache or a browser's history cache.
        patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response
    return public_cache_headers(response)


@cached_public_page
def claimant_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claimant = get_object_or_404(Claimant.objects.public(), slug=slug)
    page = paginate_newest(request, claim__claimant=claimant)
    chart = rating_chart(
        claims=Claim.objects.filter(claimant=claimant), list_url=f"{reverse('claims:search')}?claimant={claimant.slug}"
    )
    context = listing_context(request, page, claimant=claimant, chart=chart)
    response = render(request, "claims/claimant_detail.html", context)
    return public_cache_headers(response)


@cached_public_page
def rating_detail(request: HttpRequest, slug: str) -> HttpResponse:
    rating = get_object_or_404(Rating, slug=slug)
    page = paginate_newest(request, rating=rating)
    response = render(request, "claims/rating_detail.html", listing_context(request, page, rating=rating))
    return public_cache_headers(response)


def share_card(request: HttpRequest, slug: str) -> HttpResponse:
    """/claims/<slug>/card.png: the share card of a published verdict; 404 for anything unpublished, staff too."""
    claim = Claim.objects.public().select_related("claimant", "verdict__rating").filter(slug=slug).first()
    if claim is None:
        raise Http404("No published verdict here.")
    png, digest = share_card_png(claim=claim)
    response = HttpResponse(png, content_type="image/png")
    response.headers["ETag"] = f'"{digest}"'
    return public_cache_headers(response)


@cached_public_page
def search(request: HttpRequest) -> HttpResponse:
    """/search/?q=…&rating=…&claimant=…&topic=…&language=…&published_from=…&published_to=…

    The query and the filters combine; either alone is a search. A bad filter value answers 400 with the form's
    message and no results.
    """
    query = request.GET.get("q", "").strip()
    form = SearchFilterForm(request.GET)
    context: dict = {
        "query": query,
        "form": form,
        "page": None,
        "error": "",
        "suggestion": None,
        "newest": None,
        "search_candidates": SEARCH_CANDIDATES,
    }
    status = 200
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        context["error"] = _("Your search is too long: use at most %(limit)d characters.") % {
            "limit": SEARCH_QUERY_MAX_LENGTH
        }
        status = 400
    elif not form.is_valid():
        context["error"] = _("Some filters could not be used: correct them and search again.")
        status = 400
    elif query or form.active:
        # Filters alone list the newest first; a query ranks by relevance (claims.search).
        found = search_claims(Claim.objects.public(), query) if query else Claim.objects.public().newest_first()
        claims = form.apply(found)
        page = paginate(request, reader_listing(with_headline(claims, query)))
        page.object_list = list(page.object_list)
        for claim in page.object_list:
            text = claim.text
            if len(text) > HIGHLIGHT_FALLBACK_CHARACTERS:
                text = text[: HIGHLIGHT_FALLBACK_CHARACTERS - 1] + "…"
            claim.highlighted_text = highlighted(text, query=query, headline_raw=getattr(claim, "headline_raw", None))
        context["page"] = page
        context["searched"] = True
        if page.paginator.count == 0:
            if query:
                context["suggestion"] = suggest_spelling(query, claims=Claim.objects.public())
            context["newest"] = list(reader_listing(Claim.objects.public().newest_first())[:NEWEST_ON_EMPTY_SEARCH])
    context["filter_choices"] = search_filter_choices()
    response = render(request, "claims/search.html", context, status=status)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def search_filter_choices() -> dict:
    """Options of the filter menus: public ratings (in scale order) and public topics, in one query."""
    ratings = Rating.objects.public().annotate(
        kind=Value("rating", output_field=CharField()), sort=F("order"), display=F("label")
    )
    topics = Topic.objects.public().annotate(
        kind=Value("topic", output_field=CharField()), sort=Value(0, output_field=IntegerField()), display=F("name")
    )
    columns = ("kind", "sort", "slug", "display")
    rows = (
        ratings.order_by()
        .values_list(*columns)
        .union(topics.order_by().values_list(*columns), all=True)
        .order_by("kind", "sort", "display")
    )
    choices: dict = {"ratings": [], "topics": []}
    for kind, _sort, slug, display in rows:
        choices[f"{kind}s"].append((slug, display))
    return choices


@cached_public_page
def ratings_index(request: HttpRequest) -> HttpResponse:
    """/ratings/: the whole scale, each rating with its description, colour and count of published checks."""
    ratings = Rating.objects.with_public_claim_count()
    context = {"ratings": ratings, "canonical_url": absolute_url(request.path)}
    return public_cache_headers(render(request, "claims/ratings.html", context))


@cached_public_page
def topic_index(request: HttpRequest) -> HttpResponse:
    """/topics/: public topics only, with their count of published checks."""
    topics = Topic.objects.public().with_public_claim_count().order_by("name", "pk")
    page = Paginator(topics, TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    return public_cache_headers(render(request, "claims/topics.html", listing_context(request, page)))


@cached_public_page
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.public(), slug=slug)
    page = paginate_newest(request, claim__topics=topic)
    response = render(request, "claims/topic_detail.html", listing_context(request, page, topic=topic))
    return public_cache_headers(response)


@cached_public_page
def info_page(request: HttpRequest, slug: str) -> HttpResponse:
    """/pages/<slug>/: methodology, corrections policy, about and funding: the newsroom's own Markdown."""
    page = get_object_or_404(InfoPage, slug=slug)
    context = {"info_page": page, "body_html": render_markdown(page.body), "canonical_url": absolute_url(request.path)}
    return public_cache_headers(render(request, "claims/info_page.html", context))


CORRECTIONS_PER_PAGE = 30


@cached_public_page
def corrections(request: HttpRequest) -> HttpResponse:
    """Every public correction, newest first: what we changed on published verdicts, and when."""
    listing = Correction.objects.public().select_related("verdict__claim", "verdict__rating", "previous_rating")
    page = Paginator(listing, CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "canonical_url": absolute_url(request.path)}
    return public_cache_headers(render(request, "claims/corrections.html", context))


def rating_styles(request: HttpRequest) -> HttpResponse:
    """/ratings.css: each rating's badge colour as a class (`.rating-<pk>`), so no page needs a style attribute.

    The Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) refuses inline styles; colours are editors'
    data, validated as #rrggbb (Rating.colour), so they can be written into a stylesheet as they are.
    """
    rules = [
        f".rating-{pk}{{background-color:{colour}}}"
        for pk, colour in Rating.objects.order_by("pk").values_list("pk", "colour")
    ]
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE_SECONDS)
    return response
