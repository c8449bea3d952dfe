"""seed_bench fills a benchmark database with an archive in a newsroom's proportions, and only when asked to."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from claims.models import Claim, ClaimSource, Correction, LinkCheck, Source, Verdict

pytestmark = pytest.mark.django_db


def test_it_refuses_to_run_with_debug_off_unless_forced():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_bench", claims=10, no_progress=True)
    assert not Claim.objects.exists()


def test_it_makes_claims_in_a_newsrooms_proportions():
    with override_settings(DEBUG=True):
        call_command("seed_bench", claims=400, no_progress=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    claims = Claim.objects.filter(slug__startswith="bench-")
    assert claims.count() == 400
    assert claims.public().count() == 360  # 90% published
    assert Verdict.objects.filter(status=Verdict.Status.DRAFT).count() == 20
    assert claims.filter(language="fa").count() == 40  # a tenth in Persian
    assert ClaimSource.objects.count() == 1200  # three citations per claim
    assert 900 <= Source.objects.count() <= 1100  # about 2.5 distinct sources per claim
    assert LinkCheck.objects.count() >= Source.objects.count()  # every source checked at least once
    assert 10 <= Correction.objects.count() <= 60  # about 8% of published verdicts
    assert claims.filter(text__contains="government").count() > 200  # the common search word
    if connection.vendor == "postgresql":
        assert not claims.filter(search_document__isnull=True).exists()


def test_it_refuses_a_database_that_was_already_seeded():
    with override_settings(DEBUG=True):
        call_command("seed_bench", claims=5, no_progress=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
        with pytest.raises(CommandError, match="already"):
            call_command("seed_bench", claims=5, no_progress=True)
    assert Claim.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_search_documents_built_beside_the_inserts_cover_every_batch(monkeypatch):
    """Outside a caller's transaction a background thread builds each committed batch's search documents."""
    if connection.vendor != "postgresql":
        pytest.skip("search documents are PostgreSQL's")
    monkeypatch.setattr("claims.management.commands.seed_bench.BATCH", 60)  # several batches, the last one short
    with override_settings(DEBUG=True):
        call_command("seed_bench", claims=250, no_progress=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    claims = Claim.objects.filter(slug__startswith="bench-")
    assert claims.count() == 250
    assert not claims.filter(search_document__isnull=True).exists()
