"""Helpers for tests/test_integration_*.py: what readers, API clients and editors each see of one claim."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from claims.models import Claim, Claimant, Source, Verdict

JSON_LD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def claim_review_on_page(html: str) -> dict:
    (block,) = JSON_LD_BLOCK.findall(html)
    return json.loads(block)


def public_listings(claim_words: str) -> dict[str, str]:
    """The public URLs that list verdicts, by name; `claim_words` is what the search is asked for."""
    return {
        "home": "/",
        "search": f"/search/?q={claim_words}",
        "rss": "/feeds/latest/",
        "atom": "/feeds/latest/atom/",
        "sitemap": "/sitemap-claims.xml",
        "api list": "/api/v1/claims/?page_size=100",
        "api search": f"/api/v1/claims/?q={claim_words}",
        "api export": "/api/v1/claims/export.jsonl",
    }


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def public_bodies(claim_words: str) -> dict[str, str]:
    """What an anonymous reader gets from every listing, each asserted to answer 200."""
    reader = Client()
    bodies = {}
    for name, url in public_listings(claim_words).items():
        response = reader.get(url)
        assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"
        bodies[name] = body_of(response)
    return bodies


def backdate_claim(claim: Claim, *, days: int = 1) -> None:
    """Move every stamp of a published claim's page back: it was published and last changed `days` ago."""
    then = timezone.now() - timedelta(days=days)
    Claim.objects.filter(pk=claim.pk).update(updated_at=then)
    Claimant.objects.filter(pk=claim.claimant_id).update(updated_at=then)
    Verdict.objects.filter(claim=claim).update(updated_at=then, published_at=then)
    Source.objects.filter(citations__claim=claim).update(updated_at=then)
