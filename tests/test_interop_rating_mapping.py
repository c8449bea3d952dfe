"""Textual ratings map onto our scale through the mapping table; an unmapped one never invents a local verdict."""

from __future__ import annotations

import pytest

from claims.interop.models import RatingMapping, rating_label_key
from claims.models import Claim, Verdict
from tests.interop_support import import_sample

pytestmark = pytest.mark.django_db


def test_an_unmapped_rating_leaves_a_draft_with_no_rating():
    import_sample("reviews.jsonl")

    claim = Claim.objects.get(text="The course was 42 km long")  # rated "Satire" by its publisher
    assert claim.verdict.status == Verdict.Status.DRAFT
    assert claim.verdict.rating is None
    assert claim.external_fact_checks.get().textual_rating == "Satire"


def test_mapped_ratings_match_whatever_their_case_punctuation_or_persian_spelling():
    import_sample("reviews.jsonl")

    shouted = Claim.objects.get(text="The organisers sold 5,000 bibs")  # "PANTS ON FIRE!"
    assert (shouted.verdict.status, shouted.verdict.rating.slug) == (Verdict.Status.DRAFT, "false")
    arabic_yeh = Claim.objects.get(text="وزیر گفت ۳۷۰ دونده شرکت کردند")  # "نيمه درست", Arabic yeh, no ZWNJ
    assert arabic_yeh.verdict.rating.slug == "half-true"


def test_an_editor_added_mapping_is_used_by_the_next_import():
    RatingMapping.objects.create(label="satire", language="en", rating=_rating("unproven"))
    import_sample("reviews.jsonl")

    assert Claim.objects.get(text="The course was 42 km long").verdict.rating.slug == "unproven"


def test_the_seeded_table_holds_common_english_and_persian_labels():
    assert RatingMapping.objects.rating_for("Misleading").slug == "mostly-false"
    assert RatingMapping.objects.rating_for("گمراه کننده").slug == "mostly-false"
    assert RatingMapping.objects.rating_for("نادرست").slug == "false"
    assert RatingMapping.objects.rating_for("No such label") is None
    assert RatingMapping.objects.rating_for("") is None
    assert rating_label_key("Pants-on-fire!") == rating_label_key("pants on fire") == "pants on fire"


def test_a_duplicate_label_is_a_form_error_in_the_admin(editor_client):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    admin = UserFactory(username="mapper", is_staff=True)
    admin.user_permissions.add(*Permission.objects.filter(codename__endswith="ratingmapping"))
    editor_client.force_login(admin)
    response = editor_client.post(
        "/admin/interop/ratingmapping/add/",
        {"label": "MISLEADING", "language": "en", "rating": _rating("false").pk},
    )

    assert response.status_code == 200
    assert "already mapped" in response.content.decode()
    assert RatingMapping.objects.rating_for("misleading").slug == "mostly-false"


def _rating(slug: str):
    from tests.factories import rating

    return rating(slug)


def test_a_changed_mapping_is_kept_in_history():
    mapping = RatingMapping.objects.create(label="Distorts the facts", language="en", rating=_rating("mostly-false"))
    mapping.rating = _rating("false")
    mapping.save()

    assert [version.rating.slug for version in mapping.history.order_by("-history_id")][:2] == ["false", "mostly-false"]
