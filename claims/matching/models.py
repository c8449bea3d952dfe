"""What the matcher stores: one embedding per claim, and the desk's decisions on candidate pairs.

- `ClaimEmbedding`: the claim's folded text and its sentence embedding (384 float32, little-endian bytes; a
  `bytea` on PostgreSQL, a blob on SQLite), with the hash of the text it was computed from, so re-indexing an
  unchanged claim costs nothing.
- `MatchSuggestion`: "claim possibly repeats candidate". Pending until an editor confirms it (which creates the
  `repeats` ClaimRelation) or rejects it (the pair is then never suggested again, in either direction). A pair
  above the `same` threshold is linked automatically and recorded as `linked`, shown on the claim page with an
  undo; undoing counts as a rejection.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims.models import Claim


class ClaimEmbedding(models.Model):
    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="embedding")
    folded_text = models.TextField(_("folded text"))
    text_hash = models.CharField(_("hash of the embedded text"), max_length=64)
    model_name = models.CharField(_("embedding model"), max_length=100)
    vector = models.BinaryField(_("embedding"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("claim embedding")
        verbose_name_plural = _("claim embeddings")

    def __str__(self) -> str:
        return f"embedding of claim {self.claim_id}"


class MatchSuggestion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Not reviewed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not the same")
        LINKED = "linked", _("Linked automatically")
        UNDONE = "undone", _("Automatic link undone")

    class Tier(models.TextChoices):
        SUGGEST = "suggest", _("suggested")
        SAME = "same", _("same claim")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="match_suggestions")
    candidate = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matched_by")
    score = models.FloatField(_("score"))
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)

    class Meta:
        verbose_name = _("possible repeat")
        verbose_name_plural = _("possible repeats")
        constraints = [
            models.UniqueConstraint(fields=["claim", "candidate"], name="match_suggestion_unique_pair"),
            models.CheckConstraint(condition=~Q(claim=models.F("candidate")), name="match_suggestion_not_self"),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="match_suggestion_status")]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.candidate_id} ({self.status}, {self.score:.2f})"
