"""GIN indexes for the reader pages' full-text search, on PostgreSQL only (SQLite searches without them).

The expressions must stay identical to those claims/search.py queries with, or PostgreSQL cannot use the
indexes (tests/test_pages_search.py checks the plan). No model state changes: the indexes are not in
Meta.indexes because SQLite cannot build them.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = [
    ("Claim", "claim_search_gin", ("text", "summary")),
    ("Verdict", "verdict_search_gin", ("conclusion", "explanation")),
    ("Claimant", "claimant_search_gin", ("name",)),
]


def _indexes(apps):
    for model_name, index_name, fields in INDEXES:
        index = GinIndex(SearchVector(*fields, config="english"), name=index_name)
        yield apps.get_model("claims", model_name), index


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_editor_and_reviewer_groups")]
    operations = [migrations.RunPython(create_indexes, drop_indexes)]
