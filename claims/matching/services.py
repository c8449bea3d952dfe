"""The matcher's services: index a claim, record what it possibly repeats, and the desk's decisions on a pair.

Every entry point (the task, the admin panel, the API, the commands) calls these; none writes a suggestion or a
`repeats` relation of its own. Shapes:
- a pair is (claim, candidate): "claim possibly repeats candidate", stored as one MatchSuggestion; the relation
  it leads to is ClaimRelation(from_claim=claim, to_claim=candidate, relation="repeats").
- a pair decided once (confirmed, rejected, linked and undone) is never suggested again, in either direction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.matching import embedder, matcher, scoring
from claims.matching.models import ClaimEmbedding, MatchSuggestion
from claims.models import Claim, ClaimRelation

DECIDED = (
    MatchSuggestion.Status.CONFIRMED,
    MatchSuggestion.Status.REJECTED,
    MatchSuggestion.Status.LINKED,
    MatchSuggestion.Status.UNDONE,
)


class MatchDecisionError(ValueError):
    """A decision that cannot be applied (e.g. the pair is already related in another way). Message is for users."""


def _text_hash(folded: str) -> str:
    return hashlib.sha256(f"{embedder.MODEL_NAME}\n{folded}".encode()).hexdigest()


def claims_needing_index(*, claim_ids: Iterable[int] | None = None) -> list[int]:
    """Ids of claims with no embedding, or one computed from another text or model. One query."""
    claims = Claim.objects.all() if claim_ids is None else Claim.objects.filter(pk__in=list(claim_ids))
    stored = dict(ClaimEmbedding.objects.filter(claim__in=claims).values_list("claim_id", "text_hash"))
    return [
        claim_id
        for claim_id, text in claims.order_by("pk").values_list("pk", "text").iterator(chunk_size=2000)
        if stored.get(claim_id) != _text_hash(scoring.fold_for_matching(text))
    ]


def claims_index(*, claim_ids: list[int], batch_size: int = 32) -> int:
    """Embed and store the given claims' texts, `batch_size` at a time (batches embed ~2× faster than single
    texts). Idempotent: an unchanged text is skipped. Returns how many embeddings were written."""
    written = 0
    for start in range(0, len(claim_ids), batch_size):
        batch = dict(Claim.objects.filter(pk__in=claim_ids[start : start + batch_size]).values_list("pk", "text"))
        folded = {claim_id: scoring.fold_for_matching(text) for claim_id, text in batch.items()}
        stored = dict(ClaimEmbedding.objects.filter(claim__in=batch).values_list("claim_id", "text_hash"))
        todo = [claim_id for claim_id in batch if stored.get(claim_id) != _text_hash(folded[claim_id])]
        vectors = embedder.embed_texts([folded[claim_id] for claim_id in todo])
        for claim_id, vector in zip(todo, vectors, strict=True):
            ClaimEmbedding.objects.update_or_create(
                claim_id=claim_id,
                defaults={
                    "folded_text": folded[claim_id],
                    "text_hash": _text_hash(folded[claim_id]),
                    "model_name": embedder.MODEL_NAME,
                    "vector": embedder.to_bytes(vector),
                },
            )
        written += len(todo)
    return written


def index_all_claims(*, batch_size: int = 32, progress: Callable[[int, int], None] | None = None) -> int:
    """What `manage.py index_claims` runs: every claim that needs it, with `progress(done, total)` per batch."""
    todo = claims_needing_index()
    written = 0
    for start in range(0, len(todo), batch_size):
        written += claims_index(claim_ids=todo[start : start + batch_size], batch_size=batch_size)
        if progress:
            progress(min(start + batch_size, len(todo)), len(todo))
    return written


def _pair_q(claim_id: int, candidate_id: int, prefix: tuple[str, str] = ("claim", "candidate")) -> Q:
    a, b = prefix
    return Q(**{f"{a}_id": claim_id, f"{b}_id": candidate_id}) | Q(**{f"{a}_id": candidate_id, f"{b}_id": claim_id})


def _decided_or_related(claim_id: int) -> set[int]:
    """Claims never to suggest for this one: decided pairs, pairs already related, and pairs pending the other
    way round (one row per pair is enough)."""
    excluded = set()
    for a, b in MatchSuggestion.objects.filter(
        Q(claim_id=claim_id, status__in=DECIDED)
        | Q(candidate_id=claim_id, status__in=[*DECIDED, MatchSuggestion.Status.PENDING])
    ).values_list("claim_id", "candidate_id"):
        excluded.add(b if a == claim_id else a)
    for a, b in ClaimRelation.objects.filter(Q(from_claim_id=claim_id) | Q(to_claim_id=claim_id)).values_list(
        "from_claim_id", "to_claim_id"
    ):
        excluded.add(b if a == claim_id else a)
    return excluded


def claim_refresh_matches(*, claim_id: int) -> list[MatchSuggestion]:
    """Index the claim, then record what it possibly repeats among all claims (drafts too: the desk sees them).

    Pending suggestions are replaced by the new ones; decided pairs are left alone and never suggested again; a pair
    already related by a ClaimRelation is skipped. A `same`-tier match creates the `repeats` relation at once and is
    recorded as `linked` (shown with an undo on the claim page). Returns the pending and linked suggestions made.
    Raises nothing for a deleted claim (returns []).
    """
    if not Claim.objects.filter(pk=claim_id).exists():
        return []
    claims_index(claim_ids=[claim_id])
    embedding = ClaimEmbedding.objects.get(claim_id=claim_id)
    decided = _decided_or_related(claim_id)
    found = matcher.find_matches(text=embedding.claim.text, include_drafts=True, exclude_claim_ids={claim_id, *decided})
    made = []
    with transaction.atomic():
        MatchSuggestion.objects.filter(claim_id=claim_id, status=MatchSuggestion.Status.PENDING).delete()
        for match in found:
            if match.tier == MatchSuggestion.Tier.SAME:
                ClaimRelation.objects.create(
                    from_claim_id=claim_id, to_claim_id=match.claim_id, relation=ClaimRelation.Relation.REPEATS
                )
                status = MatchSuggestion.Status.LINKED
            else:
                status = MatchSuggestion.Status.PENDING
            made.append(
                MatchSuggestion.objects.create(
                    claim_id=claim_id, candidate_id=match.claim_id, score=match.score, tier=match.tier, status=status
                )
            )
    return made


def _locked_pair(*, claim_id: int, candidate_id: int) -> MatchSuggestion:
    if claim_id == candidate_id:
        raise MatchDecisionError(_("A claim cannot repeat itself."))
    suggestion = MatchSuggestion.objects.select_for_update().filter(_pair_q(claim_id, candidate_id)).first()
    if suggestion is None:
        # Decided from a live suggestion (the claim page shows them before the task has run).
        suggestion = MatchSuggestion.objects.create(
            claim_id=claim_id, candidate_id=candidate_id, score=0.0, tier=MatchSuggestion.Tier.SUGGEST
        )
    return suggestion


def pair_confirm(*, claim_id: int, candidate_id: int, user) -> ClaimRelation:
    """ "Same claim": create the one `repeats` relation (claim → candidate) and record the decision.

    Idempotent: confirming twice leaves exactly one relation. Raises MatchDecisionError when the two claims are
    already related in another way (contradicts/supports): the desk changes that relation by hand.
    Raises Claim.DoesNotExist for an unknown id."""
    Claim.objects.get(pk=claim_id), Claim.objects.get(pk=candidate_id)
    with transaction.atomic():
        suggestion = _locked_pair(claim_id=claim_id, candidate_id=candidate_id)
        existing = ClaimRelation.objects.filter(_pair_q(claim_id, candidate_id, ("from_claim", "to_claim"))).first()
        if existing is not None and existing.relation != ClaimRelation.Relation.REPEATS:
            raise MatchDecisionError(
                _("These claims are already related: %(relation)s.") % {"relation": existing.get_relation_display()}
            )
        relation = existing or ClaimRelation.objects.create(
            from_claim_id=suggestion.claim_id,
            to_claim_id=suggestion.candidate_id,
            relation=ClaimRelation.Relation.REPEATS,
        )
        suggestion.status = MatchSuggestion.Status.CONFIRMED
        suggestion.decided_by, suggestion.decided_at = user, timezone.now()
        suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    return relation


def pair_reject(*, claim_id: int, candidate_id: int, user) -> MatchSuggestion:
    """ "Not the same": never suggest this pair again. Undoes a `repeats` relation the matcher (or a confirmation)
    made for the pair; a relation of another kind is left alone. Raises Claim.DoesNotExist for an unknown id."""
    Claim.objects.get(pk=claim_id), Claim.objects.get(pk=candidate_id)
    with transaction.atomic():
        suggestion = _locked_pair(claim_id=claim_id, candidate_id=candidate_id)
        undo = suggestion.status in (MatchSuggestion.Status.LINKED, MatchSuggestion.Status.CONFIRMED)
        if undo:
            for relation in ClaimRelation.objects.filter(
                _pair_q(claim_id, candidate_id, ("from_claim", "to_claim")), relation=ClaimRelation.Relation.REPEATS
            ):
                relation.delete()  # one by one: each deletion is kept in the relation's history
        was_linked = suggestion.status == MatchSuggestion.Status.LINKED
        suggestion.status = MatchSuggestion.Status.UNDONE if was_linked else MatchSuggestion.Status.REJECTED
        suggestion.decided_by, suggestion.decided_at = user, timezone.now()
        suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    return suggestion


def suggestions_for_claim(*, claim_id: int) -> list[MatchSuggestion]:
    """What the claim page shows: pending and automatically linked pairs involving the claim, best first."""
    return list(
        MatchSuggestion.objects.filter(
            Q(claim_id=claim_id) | Q(candidate_id=claim_id),
            status__in=[MatchSuggestion.Status.PENDING, MatchSuggestion.Status.LINKED],
        )
        .select_related(
            "claim__claimant", "claim__verdict__rating", "candidate__claimant", "candidate__verdict__rating"
        )
        .order_by("-score", "pk")
    )


def unreviewed_suggestions(*, limit: int) -> list[MatchSuggestion]:
    """The dashboard's list: pending suggestions and automatic links not yet looked at, newest first."""
    return list(
        MatchSuggestion.objects.filter(status__in=[MatchSuggestion.Status.PENDING, MatchSuggestion.Status.LINKED])
        .select_related("claim", "candidate")
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class RepeatCandidate:
    """One line of the claim page's "Possibly the same claim as…" panel."""

    other: Claim  # with claimant and verdict__rating loaded
    score: float
    tier: str  # "same" or "suggest"
    status: str  # MatchSuggestion.Status value; "pending" for a live (not yet stored) suggestion

    @property
    def linked(self) -> bool:
        return self.status == MatchSuggestion.Status.LINKED


def claim_repeat_candidates(*, claim_id: int) -> list[RepeatCandidate]:
    """The panel's lines: stored pending and automatically linked suggestions; for a claim whose text is not
    indexed yet (just saved; the task has not run), live ones from its current text, so the desk sees them at once.
    Decided pairs and claims already related are never shown. Best first."""
    claim = Claim.objects.get(pk=claim_id)
    if claims_needing_index(claim_ids=[claim_id]):
        excluded = _decided_or_related(claim_id)
        found = matcher.find_matches(text=claim.text, include_drafts=True, exclude_claim_ids={claim_id, *excluded})
        others = Claim.objects.select_related("claimant", "verdict__rating").in_bulk([m.claim_id for m in found])
        return [
            RepeatCandidate(others[m.claim_id], m.score, m.tier, MatchSuggestion.Status.PENDING)
            for m in found
            if m.claim_id in others
        ]
    return [
        RepeatCandidate(s.candidate if s.claim_id == claim_id else s.claim, s.score, s.tier, s.status)
        for s in suggestions_for_claim(claim_id=claim_id)
    ]
