"""`claims:search` as Google's Fact Check Tools API (v1alpha1) answers it, over our published claims.

Field names and types come from the discovery document google-api-python-client ships
(googleapiclient/discovery_cache/documents/factchecktools.v1alpha1.json): request `query`, `languageCode`,
`reviewPublisherSiteFilter`, `maxAgeDays`, `pageSize`, `pageToken`, `offset`; response
`{"claims": [{"text", "claimant", "claimDate", "claimReview": [{"publisher": {"name", "site"}, "url", "title",
"reviewDate", "textualRating", "languageCode"}]}], "nextPageToken"}`; dates are "google-datetime" (RFC 3339, UTC).

Each published claim lists our own review first, then the external fact checks imported for it. Filters apply to
reviews: a claim is returned when at least one of its reviews passes the language and publisher-site filters, and
only the passing reviews are listed. Age (maxAgeDays) is the newer of the claim's date and its reviews' dates,
as Google documents it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.claimreview import absolute_url
from claims.interop.models import ExternalFactCheck
from claims.interop.parse import site_of
from claims.models import Claim, ClaimQuerySet
from claims.search import SEARCH_QUERY_MAX_LENGTH, search_claims, without_nul

DEFAULT_PAGE_SIZE = 10  # Google's documented default
# A larger pageSize is answered with this many claims and a nextPageToken (Google: "up to that many results").
MAX_PAGE_SIZE = 100
MAX_AGE_DAYS_LIMIT = 365 * 200
PAGE_TOKEN_SALT = "claims.interop.factchecktools.page"  # noqa: S105 (a signing namespace, not a secret)


class SearchError(Exception):
    """A request Google would refuse: answered with its JSON error shape."""

    def __init__(self, message: str, *, code: int = 400, status: str = "INVALID_ARGUMENT") -> None:
        super().__init__(message)
        self.code, self.status = code, status

    def as_json(self) -> dict:
        return {"error": {"code": self.code, "message": str(self), "status": self.status}}


@dataclass(frozen=True)
class SearchParams:
    query: str = ""
    language: str = ""  # primary subtag, lower case ("en-US" → "en": Google ignores the region)
    site: str = ""
    max_age_days: int | None = None
    page_size: int = DEFAULT_PAGE_SIZE
    offset: int = 0

    def fingerprint(self) -> str:
        """Ties a page token to the request it continues: Google requires every other field to stay the same."""
        text = "\x1f".join([self.query, self.language, self.site, str(self.max_age_days), str(self.page_size)])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _integer(params: QueryDict, name: str, *, minimum: int, maximum: int) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise SearchError(
            _("Invalid value at '%(name)s' (TYPE_INT32), \"%(value)s\"") % {"name": name, "value": raw[:40]}
        ) from None
    if not minimum <= value <= maximum:
        raise SearchError(
            _("%(name)s must be between %(min)d and %(max)d.") % {"name": name, "min": minimum, "max": maximum}
        )
    return value


def parse_search_params(params: QueryDict) -> SearchParams:
    """Read and check the request parameters. Raises SearchError naming the parameter. `key` is accepted and
    ignored (our data is public); so are Google's system parameters (`alt`, `prettyPrint`, `fields`, ...)."""
    query = without_nul(params.get("query", "")).strip()
    site = (
        site_of(f"https://{params.get('reviewPublisherSiteFilter', '').strip()}/")
        if params.get("reviewPublisherSiteFilter", "").strip()
        else ""
    )
    if not query and not site:
        raise SearchError(_("Either query or reviewPublisherSiteFilter is required."))
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        raise SearchError(_("query is longer than %(limit)d characters.") % {"limit": SEARCH_QUERY_MAX_LENGTH})
    language = params.get("languageCode", "").strip().split("-")[0].lower()
    if language and not (language.isascii() and language.isalpha() and 2 <= len(language) <= 3):
        raise SearchError(_("languageCode must be a BCP-47 code such as “en” or “fa”."))
    page_size = _integer(params, "pageSize", minimum=1, maximum=2**31 - 1) or DEFAULT_PAGE_SIZE
    base = SearchParams(
        query=query,
        language=language,
        site=site,
        max_age_days=_integer(params, "maxAgeDays", minimum=1, maximum=MAX_AGE_DAYS_LIMIT),
        page_size=min(page_size, MAX_PAGE_SIZE),
    )
    token = params.get("pageToken", "").strip()
    if token:
        try:
            data = signing.loads(token, salt=PAGE_TOKEN_SALT)
            offset, fingerprint = int(data["o"]), data["f"]
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise SearchError(_("Invalid pageToken.")) from None
        if fingerprint != base.fingerprint() or offset < 0:
            raise SearchError(_("pageToken belongs to a request with other parameters."))
    else:
        offset = _integer(params, "offset", minimum=0, maximum=2**31 - 1) or 0
    return SearchParams(**{**base.__dict__, "offset": offset})


def _google_datetime(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time.min, tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _language_matches(code: str, language: str) -> Q:
    return Q(**{f"{code}__iexact": language}) | Q(**{f"{code}__istartswith": f"{language}-"})


def our_site() -> str:
    return site_of(settings.PUBLISHER_URL)


def _site_matches(site: str, wanted: str) -> bool:
    return site == wanted or site.endswith(f".{wanted}")


def search_queryset(params: SearchParams) -> tuple[ClaimQuerySet, Q | None, object]:
    """(matching published claims in answer order, the condition our own review meets, the external reviews shown)."""
    external = ExternalFactCheck.objects.all()
    own_review = Q()
    if params.language:
        external = external.filter(_language_matches("language", params.language))
        own_review &= _language_matches("language", params.language)
    if params.site:
        external = external.filter(Q(publisher_site=params.site) | Q(publisher_site__endswith=f".{params.site}"))
        if not _site_matches(our_site(), params.site):
            own_review &= Q(pk__isnull=True)  # our reviews are not on that site: never
    claims = Claim.objects.public()
    if params.language or params.site:
        claims = claims.filter(own_review | Exists(external.filter(claim=OuterRef("pk"))))
    if params.max_age_days is not None:
        cutoff = timezone.now() - timedelta(days=params.max_age_days)
        claims = claims.filter(
            Q(stated_on__gte=cutoff.date())
            | (own_review & Q(verdict__published_at__gte=cutoff))
            | Exists(external.filter(claim=OuterRef("pk"), reviewed_at__gte=cutoff))
        )
    ordered = search_claims(claims, params.query) if params.query else claims.newest_first()
    return ordered, own_review, external


def claims_search(params: SearchParams) -> dict:
    """The claims:search response for `params`: at most page_size claims, and nextPageToken while more remain."""
    claims, own_review, external = search_queryset(params)
    page = list(
        claims.select_related("claimant", "verdict__rating")
        .prefetch_related(
            Prefetch("external_fact_checks", queryset=external.order_by("reviewed_at", "pk"), to_attr="shown_checks")
        )
        .annotate(own_review_shown=_as_flag(own_review))[params.offset : params.offset + params.page_size + 1]
    )
    more = len(page) > params.page_size
    response: dict = {"claims": [_claim_json(claim) for claim in page[: params.page_size]]}
    if more:
        next_offset = params.offset + params.page_size
        response["nextPageToken"] = signing.dumps({"o": next_offset, "f": params.fingerprint()}, salt=PAGE_TOKEN_SALT)
    return response


def _as_flag(condition: Q):
    from django.db.models import BooleanField, ExpressionWrapper, Value

    if not condition:
        return Value(True)
    return ExpressionWrapper(condition, output_field=BooleanField())


def _claim_json(claim: Claim) -> dict:
    reviews = []
    if claim.own_review_shown:
        verdict = claim.verdict
        reviews.append(
            {
                "publisher": {"name": settings.PUBLISHER_NAME, "site": our_site()},
                "url": absolute_url(claim.get_absolute_url()),
                "title": verdict.conclusion or claim.short_text,
                "reviewDate": _google_datetime(verdict.published_at),
                "textualRating": verdict.rating.label,
                "languageCode": claim.language,
            }
        )
    for check in claim.shown_checks:
        review = {
            "publisher": {"name": check.publisher_name, "site": check.publisher_site},
            "url": check.url,
            "title": check.title,
            "reviewDate": _google_datetime(check.reviewed_at),
            "textualRating": check.textual_rating,
            "languageCode": check.language,
        }
        reviews.append({key: value for key, value in review.items() if value not in (None, "")})
    data = {"text": claim.short_text, "claimant": claim.claimant.name, "claimDate": _google_datetime(claim.stated_on)}
    data = {key: value for key, value in data.items() if value is not None}
    data["claimReview"] = reviews
    return data
