"""The verdict workflow: draft → in review → published, corrections, and who may do what.

A rule broken raises django.core.exceptions.ValidationError (bad data) or PermissionDenied (wrong user), and
nothing is written.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.linkcheck.services import sources_record_published_fingerprint
from claims.models import Correction, Verdict

PUBLISH_PERMISSION = "claims.publish_verdict"

User = AbstractBaseUser | AnonymousUser


def user_can_publish(user: User | None) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def _require_publisher(user: User | None) -> None:
    if not user_can_publish(user):
        raise PermissionDenied(_("Only reviewers with the publish permission can publish or unpublish verdicts."))


def _save_with_history(verdict: Verdict, *, user: User | None, reason: str, fields: list[str]) -> None:
    # django-simple-history reads these two attributes when it writes the history row for this save.
    verdict._history_user = user if user and user.is_authenticated else None
    verdict._change_reason = reason
    verdict.save(update_fields=[*fields, "updated_at"])


def verdict_validate_publishable(verdict: Verdict) -> None:
    """The rules a verdict must meet before readers see it (the database's check constraint repeats them)."""
    errors: dict[str, str] = {}
    if verdict.rating_id is None:
        errors["rating"] = _("A published verdict needs a rating.")
    if not verdict.conclusion.strip():
        errors["conclusion"] = _("A published verdict needs a one-line conclusion.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def verdict_submit_for_review(*, verdict: Verdict, user: User | None) -> Verdict:
    """draft → in review. Any editor may do this."""
    verdict = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if verdict.status != Verdict.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be sent to review (this verdict is “%s”).") % verdict.get_status_display()
        )
    verdict.status = Verdict.Status.IN_REVIEW
    _save_with_history(verdict, user=user, reason="Sent to review", fields=["status"])
    return verdict


@transaction.atomic
def verdict_publish(*, verdict: Verdict, user: User | None) -> Verdict:
    """draft or in review → published. Needs claims.publish_verdict; sets published_at the first time only."""
    _require_publisher(user)
    verdict = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if verdict.status == Verdict.Status.PUBLISHED:
        return verdict
    verdict_validate_publishable(verdict)
    verdict.status = Verdict.Status.PUBLISHED
    if verdict.published_at is None:
        verdict.published_at = timezone.now()
    if user is not None and user.is_authenticated:
        verdict.reviewer = user
    _save_with_history(verdict, user=user, reason="Published", fields=["status", "published_at", "reviewer"])
    sources_record_published_fingerprint(claim_id=verdict.claim_id)
    return verdict


@transaction.atomic
def verdict_unpublish(*, verdict: Verdict, user: User | None) -> Verdict:
    """published → draft: the page disappears from every public view. published_at is kept."""
    _require_publisher(user)
    verdict = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if verdict.status != Verdict.Status.PUBLISHED:
        raise ValidationError(_("Only a published verdict can be unpublished."))
    verdict.status = Verdict.Status.DRAFT
    _save_with_history(verdict, user=user, reason="Unpublished", fields=["status"])
    return verdict


@transaction.atomic
def correction_add(*, verdict: Verdict, note: str, user: User | None, published_at=None) -> Correction:
    """Attach a public correction to a published verdict and mark the verdict as modified."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Say what changed and why.")})
    if verdict.status != Verdict.Status.PUBLISHED:
        raise ValidationError(_("Corrections are for published verdicts; edit a draft directly."))
    correction = Correction.objects.create(
        verdict=verdict,
        note=note,
        published_at=published_at or timezone.now(),
        created_by=user if user and user.is_authenticated else None,
    )
    # Touch the verdict so its Last-Modified, ETag and ClaimReview dateModified move with the correction.
    _save_with_history(verdict, user=user, reason="Correction added", fields=[])
    return correction


def verdict_require_editable(*, verdict: Verdict, user: User | None) -> None:
    """A published verdict is what readers see: changing it is publishing, so it needs the publish permission."""
    if verdict.status == Verdict.Status.PUBLISHED:
        _require_publisher(user)
