"""Migrations interop/0005 and tips/0004 recompute the keys stored under each app's old Persian folding: old keys
become the shared ones, mappings that now collide are merged or reported, and open tip groups that now repeat
each other are joined."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from claims.interop.models import RatingMapping, rating_label_key
from claims.tips.models import Tip
from claims.tips.services import tip_fingerprint, tip_submit
from tests.factories import rating

pytestmark = pytest.mark.django_db

ZWNJ = "\u200c"


def test_rating_label_keys_stored_under_the_old_folding_are_recomputed_and_collisions_merged(capsys):
    half_true = RatingMapping.objects.get(label=f"نیمه{ZWNJ}درست")  # seeded
    unverified = RatingMapping.objects.get(label="تأییدنشده")  # seeded
    unproven = RatingMapping.objects.get(label=f"اثبات{ZWNJ}نشده")  # seeded
    # As the old folding stored them: ZWNJ as a space, hamza and diacritics kept, Arabic yeh folded.
    RatingMapping.objects.filter(pk=half_true.pk).update(label_key="نیمه درست")
    RatingMapping.objects.filter(pk=unverified.pk).update(label_key="تأییدنشده")
    RatingMapping.objects.filter(pk=unproven.pk).update(label_key="اثبات نشده")
    # Labels the old folding kept apart from those (bulk_create skips save(), which would refold them).
    same_rating, other_rating = RatingMapping.objects.bulk_create(
        [
            RatingMapping(label="تأیيد نشده", label_key="تأیید نشده", language="fa", rating=rating("unproven")),
            RatingMapping(label="اثباتنشده", label_key="اثباتنشده", language="fa", rating=rating("false")),
        ]
    )
    before = RatingMapping.objects.count()

    importlib.import_module("claims.interop.migrations.0005_refold_rating_label_keys").refold(apps, None)

    assert RatingMapping.objects.get(pk=half_true.pk).label_key == "نیمهدرست"
    assert RatingMapping.objects.get(pk=unverified.pk).label_key == "تاییدنشده"
    assert RatingMapping.objects.get(pk=unproven.pk).label_key == "اثباتنشده"
    assert RatingMapping.objects.count() == before - 2
    assert not RatingMapping.objects.filter(pk__in=[same_rating.pk, other_rating.pk]).exists()
    assert all(mapping.label_key == rating_label_key(mapping.label) for mapping in RatingMapping.objects.all())
    assert RatingMapping.objects.rating_for("نيمه درست").slug == "half-true"
    assert RatingMapping.objects.rating_for("اثباتنشده").slug == "unproven"  # the older mapping wins
    printed = capsys.readouterr().out
    assert f"rating mapping #{same_rating.pk} “تأیيد نشده” merged into #{unverified.pk}" in printed
    assert f"WARNING: rating mapping #{other_rating.pk} “اثباتنشده”" in printed
    assert f"matches #{unproven.pk} “اثبات{ZWNJ}نشده”" in printed


def test_a_second_run_changes_nothing():
    migration = importlib.import_module("claims.interop.migrations.0005_refold_rating_label_keys")
    migration.refold(apps, None)
    keys = dict(RatingMapping.objects.values_list("pk", "label_key"))
    migration.refold(apps, None)
    assert dict(RatingMapping.objects.values_list("pk", "label_key")) == keys


def test_tip_fingerprints_are_recomputed_and_open_groups_that_now_repeat_each_other_are_joined(monkeypatch, capsys):
    migration = importlib.import_module("claims.tips.migrations.0004_refold_fingerprints")
    monkeypatch.setattr(migration, "BATCH_SIZE", 2)  # cross batch boundaries with a handful of tips
    first = tip_submit(text=f"وزیر می{ZWNJ}گوید بنزین ۵۰ درصد گران شد")
    later = tip_submit(text="وزير ميگويد بنزين 50 درصد گران شد")
    its_repeat = tip_submit(text="وزير ميگويد بنزين 50 درصد گران شد!")
    claimed = tip_submit(text="وزیر می گوید بنزین ٥٠ درصد گران شد")
    rejected = tip_submit(text="وزیر میگوید بنزین ۵۰ درصد گران شد")
    unrelated = tip_submit(text="The mayor said the bridge cost 5 million.")
    # As the old folding left them: ZWNJ as a space, so the joined and spaced spellings were other tips.
    Tip.objects.filter(pk=first.pk).update(fingerprint="old-zwnj-as-space")
    Tip.objects.filter(pk=later.pk).update(fingerprint="old-joined", duplicate_of=None, status=Tip.Status.NEW)
    Tip.objects.filter(pk=its_repeat.pk).update(fingerprint="old-joined", duplicate_of=later)
    Tip.objects.filter(pk=claimed.pk).update(fingerprint="old-zwnj-as-space-2", duplicate_of=None, status="claimed")
    Tip.objects.filter(pk=rejected.pk).update(fingerprint="old-joined-2", duplicate_of=None, status="rejected")
    Tip.objects.filter(pk=unrelated.pk).update(fingerprint="old-latin")

    migration.refold(apps, None)

    tips = {tip.pk: tip for tip in Tip.objects.all()}
    assert all(tip.fingerprint == tip_fingerprint(tip.text) for tip in tips.values())
    assert len({tips[pk].fingerprint for pk in (first.pk, later.pk, claimed.pk, rejected.pk)}) == 1
    assert (tips[first.pk].duplicate_of_id, tips[first.pk].status) == (None, Tip.Status.NEW)
    assert (tips[later.pk].duplicate_of_id, tips[later.pk].status) == (first.pk, Tip.Status.MERGED)
    assert (tips[its_repeat.pk].duplicate_of_id, tips[its_repeat.pk].status) == (first.pk, Tip.Status.MERGED)
    assert (tips[claimed.pk].duplicate_of_id, tips[claimed.pk].status) == (None, Tip.Status.CLAIMED)
    assert (tips[rejected.pk].duplicate_of_id, tips[rejected.pk].status) == (None, Tip.Status.REJECTED)
    assert tips[unrelated.pk].duplicate_of_id is None
    printed = capsys.readouterr().out
    assert f"tip #{later.pk} and its repeats joined the group of tip #{first.pk}" in printed
    assert f"tip #{claimed.pk} (claimed) now repeats tip #{first.pk}: left as it is" in printed
    assert "tip fingerprints: 6 recomputed, 1 groups joined an earlier one" in printed
    # And the next repeat joins the one group, as tip_submit always did.
    assert tip_submit(text="وزیر میگوید بنزین 50 درصد گران شد").duplicate_of_id == first.pk
