"""Recompute every stored `RatingMapping.label_key` under the shared folding (claims.textfold.fold_key).

Before, this app folded labels with its own table: the zero-width non-joiner became a space and only Arabic kaf,
yeh, teh marbuta and tatweel were folded. Now the key is the search folding plus spacing and punctuation, so
stored keys change (`نیمه‌درست`: `نیمه درست` → `نیمهدرست`; `تأیید نشده`: `تأیید نشده` → `تاییدنشده`).

Collisions: `label_key` is unique, and two labels an editor kept apart may now fold alike (`گمراه‌کننده` and
`گمراه کننده`, `تاييد نشده` and `تأییدنشده`). The migration does not crash on them: in each group of mappings
sharing a new key, the oldest (lowest id) is kept and the others are deleted, each reported on the console —
"merged" when it named the same rating, and a warning naming both ratings when it did not (the kept mapping wins;
check it in the admin). Keys are written in two steps (first a placeholder no folded label can produce, then
the key), so that a key moving from one row to another never trips the unique index half-way.

Reverse: a noop (the old keys are not kept; the old function would be needed to recompute them, and the keys are
only ever compared with the current function's). `refold` takes the RunPython (apps, schema_editor) pair; it
raises nothing of its own.
"""

from collections import defaultdict

from django.db import migrations

from claims.interop.models import rating_label_key


def refold(apps, schema_editor):
    RatingMapping = apps.get_model("interop", "RatingMapping")
    Rating = apps.get_model("claims", "Rating")
    ratings = dict(Rating.objects.values_list("pk", "label"))
    groups = defaultdict(list)  # new key -> [(pk, label, old key, rating id)], oldest first
    for pk, label, old_key, rating_id in RatingMapping.objects.order_by("pk").values_list(
        "pk", "label", "label_key", "rating_id"
    ):
        groups[rating_label_key(label)].append((pk, label, old_key, rating_id))
    removed, changed = [], {}
    for key, ((pk, label, old_key, rating_id), *others) in groups.items():
        for other_pk, other_label, _, other_rating_id in others:
            removed.append(other_pk)
            if other_rating_id == rating_id:
                print(f"\n  rating mapping #{other_pk} “{other_label}” merged into #{pk} “{label}” (same rating)")
            else:
                print(
                    f"\n  WARNING: rating mapping #{other_pk} “{other_label}” → {ratings.get(other_rating_id)} removed:"
                    f" its label now matches #{pk} “{label}” → {ratings.get(rating_id)}, which is kept."
                    " Check that mapping in the admin."
                )
        if key != old_key:
            changed[pk] = key
    RatingMapping.objects.filter(pk__in=removed).delete()
    # A colon never survives folding, so no label's key can equal a placeholder.
    RatingMapping.objects.bulk_update(
        [RatingMapping(pk=pk, label_key=f"refold:{pk}") for pk in changed], ["label_key"], batch_size=500
    )
    RatingMapping.objects.bulk_update(
        [RatingMapping(pk=pk, label_key=key) for pk, key in changed.items()], ["label_key"], batch_size=500
    )
    print(f"\n  rating label keys: {len(changed)} recomputed, {len(removed)} mappings merged or removed")


class Migration(migrations.Migration):
    dependencies = [("interop", "0004_rating_mapping_history")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
