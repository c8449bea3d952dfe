"""Every stored source URL in its one spelling (claims/linkcheck/urls.py); sources that turn out to be one are merged.

The oldest source of a group keeps its row; the others' citations and link checks move to it (a citation the
claim already has in the same role is dropped), their notes are appended to its notes, an archived copy it
lacks is taken over, and each merge is reported on the console. URLs the normaliser cannot read are reported and
left as they are. Reverse: a noop (the old spellings and the merged rows are not kept).

Batched (issue 11), so that an archive of 250,000 sources migrates in seconds rather than hours:

1. read (id, url) only, BATCH_SIZE rows per round trip (a server-side cursor on PostgreSQL), and keep in memory
   only the rows whose spelling changes — typically a few per cent;
2. a group of sources that are one is a changed row plus any other row whose URL normalises alike. Rows already
   in their one spelling are unique (the `source_url_unique_when_present` constraint), so every group of two or
   more holds a changed row: the rows already holding those spellings are looked up BATCH_SIZE spellings at a
   time, and the full table is never held;
3. groups are merged BATCH_SIZE at a time, with a handful of queries per batch (not per source) — duplicates are
   deleted before their keeper takes the spelling, which they may hold;
4. the remaining changed rows are re-spelt with bulk_update, BATCH_SIZE per statement. Rows that do not change
   are never written, so never locked.

It still runs in the migration's one transaction: all or nothing. `one_spelling_per_url` takes the usual
RunPython (apps, schema_editor) pair and raises nothing of its own; database errors propagate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import migrations
from django.db.models import BigIntegerField, Case, Value, When

from claims.linkcheck.urls import normalize_url

# Rows per read, spellings per look-up, groups per merge round and rows per UPDATE. Tests lower it to cross batch
# boundaries with a handful of rows.
BATCH_SIZE = 2000


@dataclass
class Report:
    """What the migration did, for the summary line: counts only."""

    unreadable: int = 0
    respelt: int = 0
    merged: int = 0  # duplicates deleted
    keepers: int = 0  # groups they were merged into
    dropped_citations: int = 0
    moved_citations: int = 0


def _batches(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _changed_spellings(Source, report: Report) -> dict[int, str]:
    """{source pk: its one spelling} for the rows whose stored URL is not already that spelling, in pk order."""
    changed: dict[int, str] = {}
    rows = Source.objects.exclude(url="").order_by("pk").values_list("pk", "url").iterator(chunk_size=BATCH_SIZE)
    for pk, url in rows:
        try:
            spelling = normalize_url(url)
        except ValueError:
            report.unreadable += 1
            print(f"\n  source #{pk}: URL {url!r} left as it is (not a URL the normaliser reads)")
            continue
        if spelling != url:
            changed[pk] = spelling
    return changed


def _groups(Source, changed: dict[int, str]) -> list[tuple[str, list[int]]]:
    """[(spelling, [keeper pk, duplicate pk, ...])] for every spelling shared by two or more sources, pks ascending.

    Members: the changed rows with that spelling, and the row already stored in it (at most one: the unique
    constraint). A row whose stored URL equals another row's spelling but is itself changed belongs to its own
    spelling's group, as in a full scan.
    """
    members: dict[str, list[int]] = defaultdict(list)
    for pk, spelling in changed.items():
        members[spelling].append(pk)
    for spellings in _batches(list(members), BATCH_SIZE):
        for url, pk in Source.objects.filter(url__in=spellings).values_list("url", "pk"):
            if pk not in changed:
                members[url].append(pk)
    return sorted(
        ((spelling, sorted(pks)) for spelling, pks in members.items() if len(pks) > 1),
        key=lambda group: group[1][0],
    )


def _merge(apps, groups: list[tuple[str, list[int]]], report: Report) -> None:
    """Merge each group into its oldest source, BATCH_SIZE groups at a time (see the module docstring)."""
    Source = apps.get_model("claims", "Source")
    ClaimSource = apps.get_model("claims", "ClaimSource")
    LinkCheck = apps.get_model("claims", "LinkCheck")
    for batch in _batches(groups, BATCH_SIZE):
        keeper_of = {pk: pks[0] for _, pks in batch for pk in pks[1:]}  # duplicate pk -> keeper pk
        sources = Source.objects.in_bulk([pk for _, pks in batch for pk in pks])
        # (claim, role) pairs each keeper cites, grown as citations move to it: a later duplicate's citation of
        # the same claim in the same role is dropped, as the row-by-row migration did.
        cited = defaultdict(set)
        for source_id, claim_id, role in ClaimSource.objects.filter(source_id__in={*keeper_of.values()}).values_list(
            "source_id", "claim_id", "role"
        ):
            cited[source_id].add((claim_id, role))
        dropped, moved = [], []
        citations = ClaimSource.objects.filter(source_id__in=list(keeper_of)).order_by("source_id", "pk")
        for pk, source_id, claim_id, role in citations.values_list("pk", "source_id", "claim_id", "role"):
            keeper_pk = keeper_of[source_id]
            if (claim_id, role) in cited[keeper_pk]:
                dropped.append(pk)
            else:
                cited[keeper_pk].add((claim_id, role))
                moved.append(ClaimSource(pk=pk, source_id=keeper_pk))
        ClaimSource.objects.filter(pk__in=dropped).delete()
        ClaimSource.objects.bulk_update(moved, ["source"], batch_size=BATCH_SIZE)
        LinkCheck.objects.filter(source_id__in=list(keeper_of)).update(
            source_id=Case(
                *(When(source_id=duplicate, then=Value(keeper)) for duplicate, keeper in keeper_of.items()),
                output_field=BigIntegerField(),
            )
        )
        keepers = []
        for spelling, (keeper_pk, *duplicate_pks) in batch:
            keeper = sources[keeper_pk]
            for duplicate in (sources[pk] for pk in duplicate_pks):
                if duplicate.notes:
                    keeper.notes = "\n\n".join(
                        part
                        for part in (
                            keeper.notes,
                            f"Merged from source #{duplicate.pk} “{duplicate.title}”: {duplicate.notes}",
                        )
                        if part
                    )
                if not keeper.archive_url and duplicate.archive_url:
                    keeper.archive_url, keeper.archived_at = duplicate.archive_url, duplicate.archived_at
                print(f"\n  source #{duplicate.pk} ({duplicate.url}) merged into #{keeper.pk} ({spelling})")
            keeper.url = spelling
            keepers.append(keeper)
        # Duplicates go first: one of them may hold the spelling its keeper is about to take.
        Source.objects.filter(pk__in=list(keeper_of)).delete()
        Source.objects.bulk_update(keepers, ["url", "notes", "archive_url", "archived_at"], batch_size=BATCH_SIZE)
        report.merged += len(keeper_of)
        report.keepers += len(batch)
        report.dropped_citations += len(dropped)
        report.moved_citations += len(moved)


def one_spelling_per_url(apps, schema_editor):
    """RunPython forward step: re-spell, merge, print one line per merge and a summary. Returns None."""
    Source = apps.get_model("claims", "Source")
    report = Report()
    changed = _changed_spellings(Source, report)
    groups = _groups(Source, changed)
    _merge(apps, groups, report)
    for _, (keeper_pk, *duplicate_pks) in groups:  # keepers are spelt already; duplicates are gone
        if changed.pop(keeper_pk, None) is not None:
            report.respelt += 1
        for pk in duplicate_pks:
            changed.pop(pk, None)
    for batch in _batches(list(changed.items()), BATCH_SIZE):
        Source.objects.bulk_update([Source(pk=pk, url=spelling) for pk, spelling in batch], ["url"])
        report.respelt += len(batch)
    print(
        f"\n  one spelling per URL: {report.respelt} sources re-spelt; {report.merged} merged into {report.keepers}"
        f" ({report.moved_citations} citations moved, {report.dropped_citations} dropped as repeats);"
        f" {report.unreadable} URLs left as they are"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0031_source_archive_state"),
    ]

    operations = [
        migrations.RunPython(one_spelling_per_url, migrations.RunPython.noop),
    ]
