"""Tips that repeat each other are grouped under the first one, whatever their case, punctuation or letter forms."""

from __future__ import annotations

import pytest

from claims.tips.models import Tip
from claims.tips.services import tip_reject, tip_submit
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_repeated_tip_joins_the_first_ones_group_as_merged():
    first = tip_submit(text="The mayor said the bridge cost 5 million.")
    again = tip_submit(text="  the MAYOR said the bridge cost 5 million!! ")
    other = tip_submit(text="The mayor said the tunnel cost 5 million.")
    assert again.duplicate_of == first and again.status == Tip.Status.MERGED
    assert other.duplicate_of is None and other.status == Tip.Status.NEW
    assert list(first.repeats.all()) == [again]


def test_persian_tips_typed_with_arabic_letters_or_digits_are_the_same_tip():
    first = tip_submit(text="وزیر گفت قیمت بنزین ۵۰ درصد کم شد")
    arabic_typed = tip_submit(text="وزير گفت قيمت بنزين 50 درصد كم شد")
    assert arabic_typed.duplicate_of == first


def test_the_inbox_shows_how_many_times_a_tip_was_repeated(client):
    admin = factories.UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(admin)
    tip_submit(text="The mayor said the bridge cost 5 million.")
    tip_submit(text="The mayor said the bridge cost 5 million")
    tip_submit(text="the mayor said: the bridge cost 5 million")
    body = client.get("/admin/tips/tip/?status__exact=new").content.decode()
    assert '<td class="field-repeat_count">2</td>' in body


def test_a_tip_repeating_a_rejected_one_starts_a_new_group():
    first = tip_submit(text="The mayor said the bridge cost 5 million.")
    tip_reject(tip=first, user=factories.UserFactory())
    again = tip_submit(text="The mayor said the bridge cost 5 million.")
    assert again.duplicate_of is None and again.status == Tip.Status.NEW
