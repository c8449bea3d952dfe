"""Reader pages: presentation only. Every row shown to the public comes from Claim.objects.public().

Each page issues a fixed number of queries whatever the number of claims, sources or corrections
(tests/test_pages_queries.py). The verdict page answers conditional GETs from a one-row query before rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.core.paginator import Page, Paginator
from django.db.models import Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from claims.claimreview import absolute_url, build_claim_review, claim_review_json_ld
from claims.models import Claim, Claimant, ClaimQuerySet, ClaimRelation, ClaimSource, Rating, RelatedClaim
from claims.rendering import render_markdown
from claims.search import SEARCH_QUERY_MAX_LENGTH, search_claims

CLAIMS_PER_PAGE = 20
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
    """What a list of verdicts shows: claim, claimant and rating in one query."""
    return claims.select_related("claimant", "verdict__rating")


def public_cache_headers(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE_SECONDS)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def paginate(request: HttpRequest, claims: ClaimQuerySet) -> Page:
    # get_page turns a missing, malformed or too-large ?page= into a valid page rather than an error.
    return Paginator(claims, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))


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


def home(request: HttpRequest) -> HttpResponse:
    page = paginate(request, reader_listing(Claim.objects.public().newest_first()))
    response = render(request, "claims/home.html", listing_context(request, page))
    return public_cache_headers(response)


def _public_page_stamp(request: HttpRequest, slug: str) -> datetime | None:
    """When the public verdict page last changed: one aggregate query, remembered for the request.

    The verdict's updated_at moves with edits and corrections (services.correction_add touches it); the other
    stamps cover what else the page shows: the claim, the claimant, its sources (link checks write
    last_checked_at and archived_at) and the verdicts of related claims (publishing or unpublishing one). A related
    verdict counts once it has ever been published (unpublishing keeps published_at), never while a draft.
    """
    if not hasattr(request, "_claim_page_stamp"):
        stamps = (
            Claim.objects.public()
            .filter(slug=slug)
            .aggregate(
                verdict=Max("verdict__updated_at"),
                claim=Max("updated_at"),
                claimant=Max("claimant__updated_at"),
                source=Max("claim_sources__source__updated_at"),
                source_checked=Max("claim_sources__source__last_checked_at"),
                source_archived=Max("claim_sources__source__archived_at"),
                # Only related claims readers have seen: a never-published draft's edits must not move the page.
                related_to=Max(
                    "relations_from__to_claim__verdict__updated_at",
                    filter=Q(relations_from__to_claim__verdict__published_at__isnull=False),
                ),
                related_from=Max(
                    "relations_to__from_claim__verdict__updated_at",
                    filter=Q(relations_to__from_claim__verdict__published_at__isnull=False),
                ),
            )
        )
        if stamps["verdict"] is None:
            request._claim_page_stamp = None  # not public: no validators, the view answers 404 or a preview
        else:
            request._claim_page_stamp = max(stamp for stamp in stamps.values() if stamp is not None)
    return request._claim_page_stamp


def _claim_etag(request: HttpRequest, slug: str) -> str | None:
    stamp = _public_page_stamp(request, slug)
    if stamp is None:
        return None
    # The interface language changes the page, so it is part of the validator.
    return f"{slug}-{stamp.timestamp():.6f}-{translation.get_language()}"


def _claim_last_modified(request: HttpRequest, slug: str) -> datetime | None:
    return _public_page_stamp(request, slug)


@condition(etag_func=_claim_etag, last_modified_func=_claim_last_modified)
def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claim = Claim.objects.public().for_display().with_public_relations().filter(slug=slug).first()
    is_preview = False
    if claim is None:
        # Unpublished: the same URL shows newsroom staff a preview; everyone else gets a plain 404.
        if not can_preview_unpublished(request.user):
            raise Http404("No published verdict here.")
        claim = get_object_or_404(Claim.objects.for_display().with_public_relations(), slug=slug)
        is_preview = True

    verdict = getattr(claim, "verdict", None)
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
        "corrections": list(verdict.corrections.all()) if verdict else [],
        "claim_review_ld": claim_review_ld,
        "canonical_url": absolute_url(claim.get_absolute_url()),
    }
    response = render(request, "claims/claim_detail.html", context)
    if is_preview:
        # A preview must never sit in a shared cache or a browser's history cache.
        patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response
    return public_cache_headers(response)


def claimant_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claimant = get_object_or_404(Claimant.objects.public(), slug=slug)
    claims = reader_listing(Claim.objects.public().filter(claimant=claimant).newest_first())
    page = paginate(request, claims)
    response = render(request, "claims/claimant_detail.html", listing_context(request, page, claimant=claimant))
    return public_cache_headers(response)


def rating_detail(request: HttpRequest, slug: str) -> HttpResponse:
    rating = get_object_or_404(Rating, slug=slug)
    claims = reader_listing(Claim.objects.public().filter(verdict__rating=rating).newest_first())
    page = paginate(request, claims)
    response = render(request, "claims/rating_detail.html", listing_context(request, page, rating=rating))
    return public_cache_headers(response)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context: dict = {"query": query, "page": None, "error": ""}
    status = 200
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        context["error"] = _("Your search is too long: use at most %(limit)d characters.") % {
            "limit": SEARCH_QUERY_MAX_LENGTH
        }
        status = 400
    elif query:
        context["page"] = paginate(request, reader_listing(search_claims(Claim.objects.public(), query)))
    response = render(request, "claims/search.html", context, status=status)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


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
