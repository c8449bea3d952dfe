"""`manage.py match_report` on the shipped evaluation set, with the default thresholds: recall@5 ≥ 0.95 within a
language, ≥ 0.85 across English↔Persian, and no hard negative in the `same` tier. Also the newsroom's own pairs."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from claims.matching import services
from tests.matching_support import FUEL_EN, FUEL_FA_TRANSLATION, fresh_stored_corpus, seed_claim  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_shipped_set_meets_the_targets_and_the_newsrooms_pairs_are_reported(editor):
    original = seed_claim(FUEL_EN)
    repeat = seed_claim(FUEL_FA_TRANSLATION, language="fa")
    services.pair_confirm(claim_id=repeat.pk, candidate_id=original.pk, user=editor)
    out = io.StringIO()

    call_command("match_report", "--json", stdout=out)

    report = json.loads(out.getvalue())
    shipped = report["shipped"]
    assert shipped["all"]["positives"] + shipped["all"]["negatives"] >= 150
    for within in ("en→en", "fa→fa"):
        assert shipped[within]["recall@5"] >= 0.95, shipped[within]
    for across in ("en→fa", "fa→en"):
        assert shipped[across]["recall@5"] >= 0.85, shipped[across]
    assert shipped["all"]["negatives"] >= 40
    assert shipped["all"]["negatives_same"] == 0
    assert report["newsroom"]["fa→en"]["positives"] == 1
    assert report["newsroom"]["fa→en"]["recall@5"] == 1.0
