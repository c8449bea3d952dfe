"""`manage.py index_claims` embeds every claim once, and again only those whose text changed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from claims.matching.models import ClaimEmbedding
from tests import factories
from tests.matching_support import fresh_stored_corpus  # noqa: F401

pytestmark = pytest.mark.django_db


def test_index_claims_is_idempotent_and_picks_up_changed_texts():
    claims = [factories.ClaimFactory(text=f"Claim {n}: the river flooded {n} villages last spring.") for n in range(3)]

    first, second, third = io.StringIO(), io.StringIO(), io.StringIO()
    call_command("index_claims", "--no-progress", stdout=first)
    call_command("index_claims", stdout=second)
    claims[0].text = "Claim 0: the river flooded no village at all."
    claims[0].save()
    call_command("index_claims", "--no-progress", stdout=third)

    assert "Indexed 3 claims" in first.getvalue()
    assert "Indexed 0 claims" in second.getvalue()
    assert "Indexed 1 claims" in third.getvalue()
    assert ClaimEmbedding.objects.count() == 3
    assert "no village" in ClaimEmbedding.objects.get(claim=claims[0]).folded_text
