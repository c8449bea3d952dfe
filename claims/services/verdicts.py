"""The editorial workflow, in one place: the verdict's states, who may move it, and what a published page may lose.

Everything that moves a verdict or edits what readers see calls this module: the admin's forms, inlines, actions
and history revert, the API's views and serializers, and management commands. None keeps a copy of a rule.

- `TRANSITIONS` is the one table of moves (draft → in review → published, back to draft, returned to the editor)
  and the permission each needs. `verdict_take_step()` is the one function that performs them. A new state or a
  new move is a new row here, and the admin's choices and the API's status field follow.
- While a verdict is published, `published_edit_check()` decides whether an edit changes what readers see
  (`CLAIM_FIELDS_READERS_SEE`, `VERDICT_FIELDS_READERS_SEE`): such an edit needs the publish permission and a
  correction note, and `published_edit_record()` saves the public Correction in the same transaction.
  Citations of a published claim follow `citation_edit_check()` / `citation_edit_record()`.

A broken rule raises django.core.exceptions.ValidationError (bad data: a 400 or a form error) or PermissionDenied
(wrong user: a 403), and nothing is written. `user=None` means the system (a command or a task): it holds no
permission, so a system write can never publish or change a published page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.linkcheck.services import sources_record_published_fingerprint
from claims.models import Claim, Correction, InternalNote, Rating, ReviewRequest, Verdict

PUBLISH_PERMISSION = "claims.publish_verdict"
EDIT_PERMISSION = "claims.change_verdict"

# Fields whose change under a published verdict changes what readers were told: publish permission + correction.
CLAIM_FIELDS_READERS_SEE = ("text", "summary", "claimant")
VERDICT_FIELDS_READERS_SEE = ("rating", "conclusion", "explanation")

User = AbstractBaseUser | AnonymousUser
T = TypeVar("T")

Status = Verdict.Status
# Where every verdict starts, whoever creates it and however.
INITIAL_STATUS = Status.DRAFT


@dataclass(frozen=True)
class Transition:
    """One move of the workflow: from any of `sources` to `target`, by a user holding `permission`."""

    step: str
    sources: frozenset[str]
    target: str
    permission: str
    label: Promise
    history_reason: str  # stored in the history row as written (not translated)
    needs_reason: bool = False
    checks_publishable: bool = False


class Step:
    SUBMIT = "submit"
    RETURN = "return"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"


# The one transition table. Order is the order the admin offers the steps in.
TRANSITIONS: dict[str, Transition] = {
    t.step: t
    for t in [
        Transition(
            Step.SUBMIT,
            frozenset({Status.DRAFT}),
            Status.IN_REVIEW,
            EDIT_PERMISSION,
            gettext_lazy("Send to review"),
            "Sent to review",
            checks_publishable=True,
        ),
        Transition(
            Step.PUBLISH,
            frozenset({Status.DRAFT, Status.IN_REVIEW}),
            Status.PUBLISHED,
            PUBLISH_PERMISSION,
            gettext_lazy("Publish"),
            "Published",
            checks_publishable=True,
        ),
        Transition(
            Step.RETURN,
            frozenset({Status.IN_REVIEW}),
            Status.DRAFT,
            PUBLISH_PERMISSION,
            gettext_lazy("Return to editor"),
            "Returned to editor",
            needs_reason=True,
        ),
        Transition(
            Step.UNPUBLISH,
            frozenset({Status.PUBLISHED}),
            Status.DRAFT,
            PUBLISH_PERMISSION,
            gettext_lazy("Unpublish"),
            "Unpublished",
        ),
    ]
}


def _acting(user: User | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


def user_has(user: User | None, permission: str) -> bool:
    return bool(user is not None and user.is_active and user.has_perm(permission))


def user_can_publish(user: User | None) -> bool:
    return user_has(user, PUBLISH_PERMISSION)


def _require_publisher(user: User | None, message: str | None = None) -> None:
    if not user_can_publish(user):
        raise PermissionDenied(
            message or _("Only reviewers with the publish permission can publish or unpublish verdicts.")
        )


def steps_available(*, status: str, user: User | None) -> list[Transition]:
    """The moves `user` may take from `status`, in the table's order (the admin's workflow choices)."""
    return [t for t in TRANSITIONS.values() if status in t.sources and user_has(user, t.permission)]


def step_to(*, current: str, target: str) -> Transition:
    """The move from `current` to `target` (the API's `status` field). ValidationError({"status"}) if none."""
    for transition in TRANSITIONS.values():
        if current in transition.sources and transition.target == target and not transition.needs_reason:
            return transition
    raise ValidationError(
        {"status": _("A verdict cannot go from %(current)s to %(target)s.") % {"current": current, "target": target}}
    )


def _save_with_history(verdict: Verdict, *, user: User | None, reason: str, fields: list[str]) -> None:
    # django-simple-history reads these two attributes when it writes the history row for this save.
    verdict._history_user = _acting(user)
    verdict._change_reason = reason
    verdict.save(update_fields=[*fields, "updated_at"])


def verdict_validate_publishable(verdict: Verdict) -> None:
    """The rules a verdict must meet before readers see it (the database's check constraint repeats them).

    Raises ValidationError({"rating": …, "conclusion": …}) naming every missing field.
    """
    errors: dict[str, str] = {}
    if verdict.rating_id is None:
        errors["rating"] = _("A published verdict needs a rating.")
    if not verdict.conclusion.strip():
        errors["conclusion"] = _("A published verdict needs a one-line conclusion.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def verdict_take_step(
    *, verdict: Verdict, step: str, user: User | None, reason: str = "", reviewer: User | None = None
) -> Verdict:
    """Perform one move of `TRANSITIONS` on `verdict` (locked for the move) and return the verdict as saved.

    `reason` is required for a step with `needs_reason` (return to editor) and kept as an internal note;
    `reviewer` (submit only) asks one reviewer, who then sees the verdict as "waiting for me".
    Raises PermissionDenied (user lacks the step's permission) or ValidationError (wrong state, missing reason,
    or, for submit and publish, a missing rating or conclusion).
    """
    transition = TRANSITIONS.get(step)
    if transition is None:
        raise ValidationError(_("Unknown workflow step “%s”.") % step)
    if not user_has(user, transition.permission):
        if transition.permission == PUBLISH_PERMISSION:
            _require_publisher(user)
        raise PermissionDenied(_("You may not change verdicts."))
    verdict = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if verdict.status == transition.target and step == Step.PUBLISH:
        return verdict  # publishing twice is harmless
    if verdict.status not in transition.sources:
        raise ValidationError(
            _("“%(step)s” is not possible for a verdict that is “%(status)s”.")
            % {"step": transition.label, "status": verdict.get_status_display()}
        )
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise ValidationError({"reason": _("Say why: the editor reads this reason.")})
    if reviewer is not None and not user_can_publish(reviewer):
        raise ValidationError({"reviewer": _("This person cannot publish: ask a reviewer.")})
    if transition.checks_publishable:
        verdict_validate_publishable(verdict)

    fields = ["status"]
    verdict.status = transition.target
    if transition.target == Status.PUBLISHED:
        if verdict.published_at is None:
            verdict.published_at = timezone.now()
        if _acting(user) is not None:
            verdict.reviewer = user
        fields += ["published_at", "reviewer"]
    _save_with_history(verdict, user=user, reason=transition.history_reason, fields=fields)

    now = timezone.now()
    if transition.target == Status.IN_REVIEW:
        ReviewRequest.objects.create(verdict=verdict, requested_by=_acting(user), reviewer=reviewer)
    else:
        verdict.review_requests.filter(closed_at__isnull=True).update(closed_at=now)
    if transition.needs_reason:
        InternalNote.objects.create(
            claim_id=verdict.claim_id, kind=InternalNote.Kind.RETURNED, body=reason, author=_acting(user)
        )
    if transition.target == Status.PUBLISHED:
        sources_record_published_fingerprint(claim_id=verdict.claim_id)
    return verdict


def verdict_submit_for_review(*, verdict: Verdict, user: User | None, reviewer: User | None = None) -> Verdict:
    """draft → in review, optionally asking one reviewer. Checks what publishing checks (rating, conclusion)."""
    return verdict_take_step(verdict=verdict, step=Step.SUBMIT, user=user, reviewer=reviewer)


def verdict_publish(*, verdict: Verdict, user: User | None) -> Verdict:
    """draft or in review → published. Needs claims.publish_verdict; sets published_at the first time only."""
    return verdict_take_step(verdict=verdict, step=Step.PUBLISH, user=user)


def verdict_return_to_editor(*, verdict: Verdict, user: User | None, reason: str) -> Verdict:
    """in review → draft, with the reason kept as an internal note on the claim. Needs claims.publish_verdict."""
    return verdict_take_step(verdict=verdict, step=Step.RETURN, user=user, reason=reason)


def verdict_unpublish(*, verdict: Verdict, user: User | None) -> Verdict:
    """published → draft: the page disappears from every public view. published_at is kept."""
    return verdict_take_step(verdict=verdict, step=Step.UNPUBLISH, user=user)


@transaction.atomic
def correction_add(
    *, verdict: Verdict, note: str, user: User | None, published_at=None, previous_rating: Rating | None = None
) -> Correction:
    """Attach a public correction to a published verdict and mark the verdict as modified.

    `previous_rating` (when the correction re-rated the verdict) lets readers see "Rating changed from X to Y".
    Raises ValidationError({"note"}) for a blank note, ValidationError for a verdict that is not published.
    """
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Say what changed and why.")})
    if verdict.status != Status.PUBLISHED:
        raise ValidationError(_("Corrections are for published verdicts; edit a draft directly."))
    correction = Correction.objects.create(
        verdict=verdict,
        note=note,
        published_at=published_at or timezone.now(),
        created_by=_acting(user),
        previous_rating=previous_rating if previous_rating != verdict.rating else None,
    )
    # Touch the verdict so its Last-Modified, ETag, ClaimReview dateModified and Atom <updated> move.
    _save_with_history(verdict, user=user, reason="Correction added", fields=[])
    return correction


# --- Edits under a published verdict ----------------------------------------------------------------------------


def published_verdict_of(*, claim_id: int | None) -> Verdict | None:
    """The claim's verdict if readers can see it, else None."""
    if claim_id is None:
        return None
    return Verdict.objects.filter(claim_id=claim_id, status=Status.PUBLISHED).first()


def fields_readers_see(instance: Claim | Verdict) -> tuple[str, ...]:
    return CLAIM_FIELDS_READERS_SEE if isinstance(instance, Claim) else VERDICT_FIELDS_READERS_SEE


def published_edit_check(
    *, verdict: Verdict | None, changed_fields: Iterable[str], user: User | None, correction_note: str = ""
) -> bool:
    """Whether an edit of a claim or verdict changes what readers see, and whether `user` may make it.

    `verdict` is the claim's verdict as stored (None: no verdict); `changed_fields` the names of the claim's or
    verdict's fields that the edit changes. Returns True when a Correction must be recorded with the edit
    (call `published_edit_record` in the same transaction), False when the edit is free.
    Raises PermissionDenied (no publish permission) or ValidationError({"correction_note"}) (note missing).
    """
    if verdict is None or verdict.status != Status.PUBLISHED:
        return False
    readers_see = set(CLAIM_FIELDS_READERS_SEE) | set(VERDICT_FIELDS_READERS_SEE)
    changed = [name for name in changed_fields if name in readers_see]
    if not changed:
        return False
    _require_publisher(
        user,
        _("This verdict is published: only a reviewer can change what readers see (%s).") % ", ".join(changed),
    )
    if not (correction_note or "").strip():
        raise ValidationError(
            {"correction_note": _("This verdict is published: say what changed and why. Readers see this note.")}
        )
    return True


def published_edit_record(
    *, verdict: Verdict, correction_note: str, user: User | None, previous_rating: Rating | None = None
) -> Correction:
    """The public Correction of an edit `published_edit_check` accepted (call it in the edit's transaction, after
    the save). `previous_rating`: the rating before the edit, when the edit may have changed it."""
    verdict.refresh_from_db()
    return correction_add(verdict=verdict, note=correction_note, user=user, previous_rating=previous_rating)


@transaction.atomic
def published_edit_apply(
    *,
    verdict: Verdict | None,
    changed_fields: Iterable[str],
    user: User | None,
    correction_note: str = "",
    save: Callable[[], T],
) -> T:
    """Check, save (by calling `save()`), and record the correction: all of it or none of it. Returns save()'s value.

    Raises what `published_edit_check` raises, before anything is saved.
    """
    needs_correction = published_edit_check(
        verdict=verdict, changed_fields=changed_fields, user=user, correction_note=correction_note
    )
    previous_rating = verdict.rating if verdict is not None else None
    result = save()
    if needs_correction and verdict is not None:
        published_edit_record(
            verdict=verdict, correction_note=correction_note, user=user, previous_rating=previous_rating
        )
    return result


def citation_edit_check(*, claim_id: int | None, user: User | None) -> Verdict | None:
    """Adding, removing or re-roling a citation of a published claim needs the publish permission.

    Returns the published verdict (pass it to `citation_edit_record` after the save), or None when the claim is
    not public. Raises PermissionDenied.
    """
    verdict = published_verdict_of(claim_id=claim_id)
    if verdict is not None:
        _require_publisher(user, _("This claim is published: only a reviewer can change its cited sources."))
    return verdict


def citation_edit_record(*, verdict: Verdict | None, user: User | None) -> None:
    """Record a citation change on the published verdict's history and move the page's dateModified."""
    if verdict is not None:
        _save_with_history(verdict, user=user, reason="Cited sources changed", fields=[])


def verdict_require_editable(*, verdict: Verdict, user: User | None) -> None:
    """Any change to a published verdict (content or status) needs the publish permission."""
    if verdict.status == Status.PUBLISHED:
        _require_publisher(user)


# --- Internal notes and the reviewers' queue --------------------------------------------------------------------


def internal_note_add(*, claim: Claim, body: str, user: User | None) -> InternalNote:
    """A note for the desk only. Anyone who may edit claims may leave one. Raises ValidationError / PermissionDenied."""
    if not user_has(user, "claims.change_claim"):
        raise PermissionDenied(_("Only the desk can leave internal notes."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the note.")})
    note = InternalNote(claim=claim, body=body, author=_acting(user))
    note.full_clean()
    note.save()
    return note


def reviews_waiting_for(*, user: User) -> list[ReviewRequest]:
    """Open review requests addressed to `user`, oldest first (the dashboard's "waiting for me")."""
    return list(
        ReviewRequest.objects.filter(reviewer=user, closed_at__isnull=True, verdict__status=Status.IN_REVIEW)
        .select_related("verdict__claim", "requested_by")
        .order_by("created_at", "pk")
    )
