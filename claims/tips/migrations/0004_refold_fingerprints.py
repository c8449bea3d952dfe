"""Recompute every stored `Tip.fingerprint` under the shared folding (claims.textfold.fold_key), and group the
open tips that now turn out to repeat each other.

Before, this app folded tips with its own table: the zero-width non-joiner became a space, punctuation was
deleted and only Arabic kaf, yeh, teh marbuta and the digits were folded. Now the fingerprint is the SHA-256 of
the search folding plus spacing and punctuation, so every stored fingerprint changes.

`fingerprint` has no unique constraint, so nothing can collide in the database; but two groups of tips (a leader,
`duplicate_of` empty, and its repeats) may now share a fingerprint. Where they do, the migration does what
`claims.tips.services.tip_submit` would have done had the rule been in place: the oldest group that is not
rejected leads, and a later group still untriaged (its leader "new") joins it — its leader and its repeats point
to the oldest leader, its leader becomes "merged". A later group an editor already handled (turned into a claim)
is left as it is and reported; rejected groups are never touched. Each change is printed on the console.

Reverse: a noop (the old fingerprints cannot be recomputed from here, and the groups merged are not split).
`refold` takes the RunPython (apps, schema_editor) pair; it raises nothing of its own. Tips are read BATCH_SIZE
at a time, (id, text, fingerprint) only, and only changed fingerprints are written.
"""

from django.db import migrations
from django.db.models import Count

from claims.tips.services import tip_fingerprint

BATCH_SIZE = 2000


def _refold_fingerprints(Tip) -> int:
    """Write the new fingerprints; returns how many changed."""
    changed, pending = 0, []
    rows = Tip.objects.order_by("pk").values_list("pk", "text", "fingerprint").iterator(chunk_size=BATCH_SIZE)
    for pk, text, old in rows:
        new = tip_fingerprint(text)
        if new != old:
            pending.append(Tip(pk=pk, fingerprint=new))
        if len(pending) == BATCH_SIZE:
            Tip.objects.bulk_update(pending, ["fingerprint"])
            changed, pending = changed + len(pending), []
    Tip.objects.bulk_update(pending, ["fingerprint"])
    return changed + len(pending)


def _merge_groups(Tip) -> int:
    """Join later untriaged groups to the oldest group of their fingerprint; returns how many groups joined."""
    leaders = Tip.objects.filter(duplicate_of=None).exclude(status="rejected")
    shared = list(
        leaders.order_by()
        .values("fingerprint")
        .annotate(groups=Count("pk"))
        .filter(groups__gt=1)
        .values_list("fingerprint")
    )
    joined = 0
    for start in range(0, len(shared), BATCH_SIZE):
        fingerprints = [fingerprint for (fingerprint,) in shared[start : start + BATCH_SIZE]]
        first_of = {}
        for tip in leaders.filter(fingerprint__in=fingerprints).order_by("submitted_at", "pk"):
            first = first_of.setdefault(tip.fingerprint, tip)
            if first is tip:
                continue
            if tip.status != "new":
                print(f"\n  tip #{tip.pk} ({tip.status}) now repeats tip #{first.pk}: left as it is")
                continue
            Tip.objects.filter(duplicate_of=tip).update(duplicate_of=first)
            Tip.objects.filter(pk=tip.pk).update(duplicate_of=first, status="merged")
            joined += 1
            print(f"\n  tip #{tip.pk} and its repeats joined the group of tip #{first.pk} (the same text, refolded)")
    return joined


def refold(apps, schema_editor):
    Tip = apps.get_model("tips", "Tip")
    changed = _refold_fingerprints(Tip)
    joined = _merge_groups(Tip)
    print(f"\n  tip fingerprints: {changed} recomputed, {joined} groups joined an earlier one")


class Migration(migrations.Migration):
    dependencies = [("tips", "0003_inbox_permissions")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
