"""Refresh every stored search document from folded text (claims.textfold.fold_text), so that existing claims
are found by spelling variants (`كتاب` for `کتاب`, `میگوید` for `می‌گوید`, `1395` for `۱۳۹۵`).

The SQL builds the same document as claims.search.refresh_search_documents(); claims/signals.py keeps it current.
"""

from django.db import migrations

from claims.textfold import FOLD_SQL_TABLE


def _folded(sql: str) -> str:
    return f"lower(translate(normalize(({sql})::text, NFKC), %(source)s, %(target)s))"


# Only our own SQL fragments are interpolated; the fold table travels as parameters.
REFRESH = f"""
UPDATE claims_claim AS c SET search_document =
    setweight(to_tsvector('english'::regconfig, concat_ws(' ', {_folded("c.text")}, {_folded("c.summary")},
        {_folded("SELECT name FROM claims_claimant WHERE id = c.claimant_id")})), 'A')
    || setweight(to_tsvector('english'::regconfig,
        coalesce({_folded("SELECT conclusion FROM claims_verdict WHERE claim_id = c.id")}, '')), 'B')
    || setweight(to_tsvector('english'::regconfig,
        coalesce({_folded("SELECT explanation FROM claims_verdict WHERE claim_id = c.id")}, '')), 'C')
"""  # noqa: S608


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    source, target = FOLD_SQL_TABLE
    schema_editor.execute(REFRESH, {"source": source, "target": target})


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_history_of_claimants_topics_relations_ratings")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
