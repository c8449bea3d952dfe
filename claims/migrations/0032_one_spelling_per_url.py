"""Every stored source URL in its one spelling (claims/urlnorm.py); sources that turn out to be one are merged.

The oldest source of a group keeps its row; the others' citations and link checks move to it (a citation the
claim already has in the same role is dropped), their notes are appended to its notes, an archived copy it
lacks is taken over, and each merge is reported on the console. URLs the normaliser cannot read are reported and
left as they are.
"""

from collections import defaultdict

from django.db import migrations

from claims.linkcheck.urls import normalize_url


def one_spelling_per_url(apps, schema_editor):
    Source = apps.get_model("claims", "Source")
    ClaimSource = apps.get_model("claims", "ClaimSource")
    LinkCheck = apps.get_model("claims", "LinkCheck")
    groups = defaultdict(list)
    for pk, url in Source.objects.exclude(url="").order_by("pk").values_list("pk", "url"):
        try:
            groups[normalize_url(url)].append(pk)
        except ValueError:
            print(f"\n  source #{pk}: URL {url!r} left as it is (not a URL the normaliser reads)")
    for spelling, (keeper_pk, *duplicate_pks) in groups.items():
        keeper = Source.objects.get(pk=keeper_pk)
        for duplicate in Source.objects.filter(pk__in=duplicate_pks).order_by("pk"):
            for citation in ClaimSource.objects.filter(source=duplicate):
                if ClaimSource.objects.filter(claim_id=citation.claim_id, source=keeper, role=citation.role).exists():
                    citation.delete()
                else:
                    ClaimSource.objects.filter(pk=citation.pk).update(source=keeper)
            LinkCheck.objects.filter(source=duplicate).update(source=keeper)
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
            duplicate.delete()
        keeper.url = spelling
        Source.objects.filter(pk=keeper.pk).update(
            url=keeper.url, notes=keeper.notes, archive_url=keeper.archive_url, archived_at=keeper.archived_at
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0031_source_archive_state"),
    ]

    operations = [
        migrations.RunPython(one_spelling_per_url, migrations.RunPython.noop),
    ]
