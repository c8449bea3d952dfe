"""The stored side of search folds in SQL (claims.search.Folded); it must give what fold_text gives in Python,
character for character, on both engines, or a variant would find a claim on one engine and not the other."""

from __future__ import annotations

import pytest
from django.db.models import Value

from claims.models import Claim
from claims.search import Folded
from claims.textfold import fold_text
from tests import factories

pytestmark = pytest.mark.django_db

SAMPLES = [
    "كتاب يى ة ۀ أإآٱ ؤ ئ",
    "می\u200cگوید\u200d ـــ",
    "۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩ 0123456789",
    "مُحَمَّدٌ قُرْآن",
    "ﻛﺘﺎﺏ ﻻ",  # presentation forms, folded by NFKC
    "The Council's PRESS release (City), 22:53",
    "\u2068Isolated\u2069 \u202bembedded\u202c",
    "".join(chr(code) for code in range(0x0600, 0x0700)),
]


@pytest.mark.parametrize("text", SAMPLES)
def test_sql_folding_matches_python_folding(text):
    factories.ClaimFactory()
    folded_in_sql = Claim.objects.annotate(folded=Folded(Value(text))).values_list("folded", flat=True)[0]
    assert folded_in_sql == fold_text(text)


def test_null_stays_null():
    factories.ClaimFactory(summary="")
    assert Claim.objects.annotate(folded=Folded(Value(None))).values_list("folded", flat=True)[0] is None
