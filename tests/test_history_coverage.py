"""Every editorial model keeps its history: no edit to what readers see is ever lost."""

from __future__ import annotations

import pytest

from claims.models import Rating
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (factories.ClaimantFactory, "role", "Former minister"),
        (factories.TopicFactory, "name", "Elections"),
        (factories.ClaimFactory, "text", "A reworded claim."),
        (factories.SourceFactory, "title", "A retitled source"),
        (factories.ClaimSourceFactory, "excerpt", "A longer quote."),
        (factories.ClaimRelationFactory, "relation", "supports"),
        (factories.VerdictFactory, "conclusion", "A sharper conclusion."),
        (factories.CorrectionFactory, "note", "A clearer note."),
        (lambda: Rating.objects.get(slug="half-true"), "label", "Partly true"),
    ],
)
def test_an_edit_is_kept_in_history_with_the_previous_value(make, field, value):
    row = make()
    before = getattr(row, field)
    setattr(row, field, value)
    row.save()
    versions = list(row.history.order_by("-history_date", "-history_id").values_list(field, flat=True))
    assert versions[0] == value
    if row.history.count() > 1:
        assert versions[1] == before
