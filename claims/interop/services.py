"""Importing other newsrooms' ClaimReviews: the one path for the command and the admin upload page.

Each review is written in its own transaction: a bad item is reported with its position and the others still land.
A review is identified by its URL (normalised): importing it again updates the external fact check, never adds a
second one. A claim we did not have arrives with a *draft* verdict whose rating is the mapped one, or none when the
textual rating is not in the mapping table (an unmapped label never invents a local verdict). Claims we already
have keep their verdict untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from claims.interop.fetch import FetchRefused, fetch_for_import
from claims.interop.models import ExternalFactCheck, ImportRun, RatingMapping
from claims.interop.parse import ItemError, ReviewIn, UnreadableInput, read_reviews
from claims.linkcheck.urls import normalize_url
from claims.models import Claim, Claimant, ClaimSource, Source, Verdict, bcp47_validator

User = AbstractBaseUser | AnonymousUser

UNKNOWN_CLAIMANT = "Unknown claimant"  # data, not interface text: the row editors rename once they know
UNDETERMINED_LANGUAGE = "und"  # BCP-47 for "undetermined": the review did not say


@dataclass
class ImportReport:
    """What one import did. `errors` name each refused item's position; `claims_created` counts new local claims."""

    run: ImportRun
    format: str = ""
    created: int = 0  # external fact checks new to us
    updated: int = 0  # external fact checks imported before (same URL), now updated
    claims_created: int = 0
    errors: list[ItemError] = field(default_factory=list)


def _acting_user(user: User | None):
    return user if user is not None and user.is_authenticated else None


def _claimant_for(review: ReviewIn) -> Claimant:
    name = review.claimant_name or UNKNOWN_CLAIMANT
    claimant = Claimant.objects.filter(name__iexact=name).order_by("pk").first()
    if claimant is None:
        kind = Claimant.Kind.ORGANIZATION if review.claimant_is_organization else Claimant.Kind.PERSON
        claimant = Claimant.objects.create(name=name, kind=kind)
    return claimant


def _language(value: str) -> str:
    try:
        bcp47_validator(value)
    except ValidationError:
        return UNDETERMINED_LANGUAGE
    return value


def _source_title(url: str) -> str:
    """A readable title for an appearance the feed names only by URL: its host and path."""
    parts = urlsplit(url)
    return f"{parts.hostname or ''}{parts.path if parts.path != '/' else ''}"[:300] or url[:300]


def _add_appearances(claim: Claim, review: ReviewIn) -> None:
    cited = set(claim.claim_sources.filter(role=ClaimSource.Role.APPEARANCE).values_list("source__url", flat=True))
    position = len(cited)
    for appearance in review.appearances:
        try:
            url = normalize_url(appearance.url)
        except ValueError:
            continue  # an unreadable appearance URL is not a reason to refuse the review
        if url in cited:
            continue
        source = Source.objects.with_same_url(url).first()
        if source is None:
            source = Source.objects.create(
                url=url,
                title=appearance.title[:300] or _source_title(url),
                publisher=appearance.publisher[:200],
                published_on=appearance.published_on,
            )
        ClaimSource.objects.create(claim=claim, source=source, role=ClaimSource.Role.APPEARANCE, position=position)
        cited.add(url)
        position += 1


def _new_claim(review: ReviewIn, user: User | None) -> Claim:
    claim = Claim(
        text=review.claim_text,
        claimant=_claimant_for(review),
        stated_on=review.claim_date,
        language=_language(review.language) if review.language else UNDETERMINED_LANGUAGE,
    )
    claim._history_user = _acting_user(user)
    claim._change_reason = "Imported from ClaimReview"
    claim.save()
    # Draft, always: an imported review is a lead for our desk, never our published verdict.
    verdict = Verdict(
        claim=claim, status=Verdict.Status.DRAFT, rating=RatingMapping.objects.rating_for(review.textual_rating)
    )
    verdict._history_user = _acting_user(user)
    verdict._change_reason = "Imported from ClaimReview"
    verdict.save()
    return claim


def _import_one(review: ReviewIn, run: ImportRun, user: User | None) -> tuple[bool, bool]:
    """Write one review. Returns (fact check created, claim created)."""
    url = normalize_url(review.url)
    existing = ExternalFactCheck.objects.select_for_update().filter(url=url).select_related("claim").first()
    claim_created = False
    if existing is not None:
        claim = existing.claim
    else:
        # Several reviews of one claim (one per publisher) share the local claim: same words, same claimant.
        claim = (
            Claim.objects.filter(
                text=review.claim_text, claimant__name__iexact=review.claimant_name or UNKNOWN_CLAIMANT
            )
            .order_by("pk")
            .first()
        )
        if claim is None:
            claim = _new_claim(review, user)
            claim_created = True
    values = {
        "claim": claim,
        "title": review.title,
        "publisher_name": review.publisher_name,
        "publisher_site": review.publisher_site,
        "textual_rating": review.textual_rating,
        "rating_value": review.rating_value,
        "best_rating": review.best_rating,
        "worst_rating": review.worst_rating,
        "language": review.language,
        "reviewed_at": review.reviewed_at,
        "import_run": run,
    }
    _check, created = ExternalFactCheck.objects.update_or_create(url=url, defaults=values)
    _add_appearances(claim, review)
    return created, claim_created


def claimreviews_import(*, content: bytes | str, location: str, origin: str, user: User | None) -> ImportReport:
    """Import every ClaimReview in `content` (an HTML page, a DataFeed, JSON Lines or a claims:search response).

    `location` is the file name or URL it was read from and `origin` an ImportRun.Origin value; both, the user and
    the time are kept as the import's provenance. Never raises for bad input: an unreadable input is one error
    at position "input"; each refused item is an error at its position. Database errors on one item are reported
    for that item and leave the others alone.
    """
    run = ImportRun.objects.create(origin=origin, location=location[:2000], imported_by=_acting_user(user))
    report = ImportReport(run=run)
    try:
        read = read_reviews(content)
    except UnreadableInput as exc:
        report.errors.append(ItemError("input", str(exc)))
    else:
        report.format = read.format
        report.errors.extend(read.errors)
        for review in read.reviews:
            try:
                with transaction.atomic():
                    created, claim_created = _import_one(review, run, user)
            except ValueError as exc:  # normalize_url's refusal of the review URL
                report.errors.append(ItemError(review.position, str(exc)))
                continue
            except (ValidationError, DatabaseError) as exc:
                report.errors.append(ItemError(review.position, str(exc)))
                continue
            report.created += created
            report.updated += not created
            report.claims_created += claim_created
    run.created_count, run.updated_count = report.created, report.updated
    run.errors = [error.as_dict() for error in report.errors]
    run.save(update_fields=["created_count", "updated_count", "errors"])
    return report


def claimreviews_import_url(*, url: str, user: User | None) -> ImportReport:
    """Fetch `url` through the SSRF guard (claims.interop.fetch) and import what it holds.

    A refused or failed fetch is recorded as an import with one error at position "input"; nothing else is written.
    """
    try:
        fetched = fetch_for_import(url)
    except FetchRefused as exc:
        run = ImportRun.objects.create(
            origin=ImportRun.Origin.URL,
            location=url[:2000],
            imported_by=_acting_user(user),
            errors=[ItemError("input", str(exc)).as_dict()],
        )
        return ImportReport(run=run, errors=[ItemError("input", str(exc))])
    return claimreviews_import(content=fetched.content, location=url, origin=ImportRun.Origin.URL, user=user)
