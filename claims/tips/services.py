"""The tip line's rules: who may send a tip how often, how repeats are grouped, how a tip becomes a claim, and how
long personal data is kept. The public form, the admin and the beat task call these functions only."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Claimant, ClaimSource, Source
from claims.services.citations import source_for_cited_url
from claims.textfold import fold_key
from claims.tips.models import Tip

RATE_LIMIT_WINDOW_SECONDS = 60 * 60
UNKNOWN_CLAIMANT_SLUG = "unknown-claimant"


class TipRateLimited(Exception):
    """This address has sent settings.TIPS_PER_ADDRESS_PER_HOUR tips in the current hour."""


def tip_fingerprint(text: str) -> str:
    """SHA-256 hex digest (64 characters) of claims.textfold.fold_key(text): equal for texts that differ only in
    case, punctuation, spacing, the zero-width non-joiner, diacritics, Arabic/Persian letter variants or the script
    of their digits — what the reader's search treats as the same text. Never raises on any str. Migration
    tips/0004 recomputed the fingerprints stored before this rule."""
    return hashlib.sha256(fold_key(text).encode()).hexdigest()


def _address_key(address: str) -> str:
    # The address is only ever kept hashed (with the secret key), and only in the cache for one window.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"tips:rate:{digest}"


def tip_rate_check(*, address: str) -> None:
    """Count one tip for `address` in the current window; raise TipRateLimited past the limit.

    A fixed one-hour window in the default cache (set CACHE_URL to Redis so that every web process shares it).
    """
    key = _address_key(address)
    cache.add(key, 0, RATE_LIMIT_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_LIMIT_WINDOW_SECONDS)
        count = 1
    if count > settings.TIPS_PER_ADDRESS_PER_HOUR:
        raise TipRateLimited


@transaction.atomic
def tip_submit(*, text: str, seen_at: str = "", contact_email: str = "", contact_consent: bool = False) -> Tip:
    """Store a reader's tip. A tip repeating an open or merged one (same fingerprint) joins its group as MERGED.

    The contact address is kept only with consent. Returns the stored tip.
    """
    fingerprint = tip_fingerprint(text)
    leader = (
        Tip.objects.select_for_update()
        .filter(fingerprint=fingerprint, duplicate_of=None)
        .exclude(status=Tip.Status.REJECTED)
        .order_by("submitted_at", "pk")
        .first()
    )
    return Tip.objects.create(
        text=text.strip(),
        seen_at=seen_at,
        contact_email=contact_email if contact_consent else "",
        contact_consent=bool(contact_consent and contact_email),
        fingerprint=fingerprint,
        duplicate_of=leader,
        status=Tip.Status.MERGED if leader else Tip.Status.NEW,
    )


@transaction.atomic
def tip_to_claim(*, tip: Tip, user: AbstractBaseUser) -> Claim:
    """Turn `tip` (and its group) into an unpublished claim: its text, and its URL as an appearance source.

    The claimant is a placeholder ("Unknown claimant") for the editor to replace. Returns the claim; a tip already
    turned into one returns that claim.
    """
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    leader = tip.duplicate_of or tip
    if leader.claim_id:
        return leader.claim
    claimant, _ = Claimant.objects.get_or_create(slug=UNKNOWN_CLAIMANT_SLUG, defaults={"name": "Unknown claimant"})
    claim = Claim.objects.create(text=leader.text, claimant=claimant)
    urls = [
        leader.seen_at,
        *Tip.objects.filter(duplicate_of=leader).exclude(seen_at="").values_list("seen_at", flat=True),
    ]
    for position, url in enumerate(dict.fromkeys(url for url in urls if url)):
        try:
            source, _created = source_for_cited_url(url=url, kind=Source.Kind.OTHER)
        except ValidationError:
            continue  # a reader's address Source refuses: the claim is made without it
        ClaimSource.objects.get_or_create(
            claim=claim, source=source, role=ClaimSource.Role.APPEARANCE, defaults={"position": position}
        )
    group = Tip.objects.filter(pk=leader.pk) | Tip.objects.filter(duplicate_of=leader)
    group.update(status=Tip.Status.CLAIMED, claim=claim, handled_by=user)
    return claim


def tip_reject(*, tip: Tip, user: AbstractBaseUser) -> None:
    """Reject `tip` and its group."""
    leader = tip.duplicate_of or tip
    (Tip.objects.filter(pk=leader.pk) | Tip.objects.filter(duplicate_of=leader)).update(
        status=Tip.Status.REJECTED, handled_by=user
    )


def tips_purge_expired(*, now: datetime | None = None, retention_days: int | None = None) -> tuple[int, int]:
    """Past the retention period: delete tips that did not become claims; erase the contact address of those that
    did (the claim keeps its text and appearance source). Returns (deleted, erased)."""
    now = now or timezone.now()
    days = settings.TIPS_RETENTION_DAYS if retention_days is None else retention_days
    expired = Tip.objects.filter(submitted_at__lt=now - timedelta(days=days))
    erased = (
        expired.filter(status=Tip.Status.CLAIMED)
        .exclude(contact_email="")
        .update(contact_email="", contact_consent=False)
    )
    deleted, _ = expired.exclude(status=Tip.Status.CLAIMED).delete()
    return deleted, erased
