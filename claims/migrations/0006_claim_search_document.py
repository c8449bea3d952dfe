"""A stored, weighted search document per claim, under one GIN index (PostgreSQL; the column stays NULL on SQLite).

Replaces the three expression indexes of 0004, whose documents had to be parsed again for every match at query
time (6 s for a common word at 20,000 claims, docs/benchmarks.md). The backfill below builds the same document as
claims.search.refresh_search_documents(); claims/signals.py keeps it current.
"""

import django.contrib.postgres.search
from django.db import migrations

OLD_EXPRESSION_INDEXES = ("claim_search_gin", "verdict_search_gin", "claimant_search_gin")

BACKFILL = """
UPDATE claims_claim AS c SET search_document =
    setweight(to_tsvector('english'::regconfig, concat_ws(' ', c.text, c.summary,
        (SELECT name FROM claims_claimant WHERE id = c.claimant_id))), 'A')
    || setweight(to_tsvector('english'::regconfig,
        coalesce((SELECT conclusion FROM claims_verdict WHERE claim_id = c.id), '')), 'B')
    || setweight(to_tsvector('english'::regconfig,
        coalesce((SELECT explanation FROM claims_verdict WHERE claim_id = c.id), '')), 'C')
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in OLD_EXPRESSION_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("CREATE INDEX claim_search_document_gin ON claims_claim USING gin (search_document)")
    schema_editor.execute(BACKFILL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS claim_search_document_gin")
    # The expression indexes of 0004 come back by migrating 0004 backwards and forwards again.


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_linkcheck_sweep_schedule")]
    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
