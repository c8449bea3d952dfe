"""GET /api/v1/claims/export.jsonl: every published claim, one JSON object per line, in constant memory."""

from __future__ import annotations

import io
import json
import tracemalloc

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from claims.api.export import EXPORT_CHUNK_SIZE
from claims.models import Claim, ClaimSource, Source, Verdict
from tests import factories
from tests.api_support import DRAFT_MARKER, fresh_throttle_counters  # noqa: F401

pytestmark = pytest.mark.django_db

EXPORT_URL = "/api/v1/claims/export.jsonl"


def test_the_export_holds_every_published_claim_as_its_api_representation(worked_example):
    client = APIClient()
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/jsonl")
    lines = b"".join(response.streaming_content).decode().splitlines()
    exported = [json.loads(line) for line in lines]
    assert [c["id"] for c in exported] == sorted(Claim.objects.public().values_list("pk", flat=True))
    for claim in exported:
        assert claim == client.get(f"/api/v1/claims/{claim['id']}/").json()
    assert DRAFT_MARKER not in "\n".join(lines)


def test_the_export_command_writes_the_same_lines(worked_example, tmp_path):
    target = tmp_path / "claims.jsonl"
    call_command("export_claims", "--output", str(target), stderr=io.StringIO())
    served = b"".join(APIClient().get(EXPORT_URL).streaming_content).decode()
    assert target.read_text(encoding="utf-8") == served
    assert len(served.splitlines()) == Claim.objects.public().count()


def add_published_claims(count: int) -> None:
    """Many published claims, each citing two sources, written in bulk so that the test stays quick."""
    claimant = factories.ClaimantFactory()
    start = Claim.objects.count()
    claims = Claim.objects.bulk_create(
        Claim(text=f"Exported claim {start + n} " + "words " * 40, slug=f"exported-{start + n}", claimant=claimant)
        for n in range(count)
    )
    now = timezone.now()
    rating = factories.rating("false")
    Verdict.objects.bulk_create(
        Verdict(
            claim=claim,
            rating=rating,
            conclusion="Wrong.",
            explanation="Long reasons. " * 30,
            status=Verdict.Status.PUBLISHED,
            published_at=now,
        )
        for claim in claims
    )
    sources = Source.objects.bulk_create(
        Source(url=f"https://news.example.org/export-{start + n}", title=f"Report {start + n}") for n in range(count)
    )
    ClaimSource.objects.bulk_create(
        ClaimSource(claim=claim, source=source, role=role)
        for claim, source in zip(claims, sources, strict=True)
        for role in ("supports", "context")
    )


def export_peak_memory() -> tuple[int, int]:
    """(lines read, peak bytes allocated while streaming the export), reading it line by line as a client would."""
    client = APIClient()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = client.get(EXPORT_URL)
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return lines, peak


def test_the_exports_memory_does_not_grow_with_the_number_of_claims():
    # Two chunks at least in both runs: Django holds one chunk while it loads the next.
    add_published_claims(EXPORT_CHUNK_SIZE * 2)
    small_lines, small_peak = export_peak_memory()
    add_published_claims(EXPORT_CHUNK_SIZE * 6)
    large_lines, large_peak = export_peak_memory()

    assert (small_lines, large_lines) == (EXPORT_CHUNK_SIZE * 2, EXPORT_CHUNK_SIZE * 8)
    # Four times the claims: memory that grew with them would be about four times larger.
    assert large_peak < small_peak * 1.3, (small_peak, large_peak)
