"""A backup made as docs/operations.md says (pg_dump -Fc) and restored into an empty database (pg_restore) holds
every claim, verdict, source, correction and history row: each table of the claims app, row for row."""

from __future__ import annotations

import shutil
import subprocess
import uuid

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from claims import services
from claims.models import Claim, Correction, Source, Verdict
from tests import factories

pytestmark = [pytest.mark.services, pytest.mark.slow]


def connection_options(database: str) -> list[str]:
    db = settings.DATABASES["default"]
    return ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres",
            "-d", database]  # fmt: skip


def primary_keys(cursor, model) -> set:
    cursor.execute(f'SELECT "{model._meta.pk.column}" FROM "{model._meta.db_table}"')  # noqa: S608 (model names)
    return {row[0] for row in cursor.fetchall()}


def test_pg_dump_and_pg_restore_keep_every_row_of_every_claims_table(
    transactional_db, worked_example, editor, tmp_path
):
    if connection.vendor != "postgresql" or not shutil.which("pg_dump"):
        pytest.skip("the backup procedure is PostgreSQL's (set DATABASE_URL to a PostgreSQL database)")
    verdict = Verdict.objects.filter(status=Verdict.Status.PUBLISHED).first()
    services.correction_add(verdict=verdict, note="An earlier version misstated a date.", user=editor)
    factories.SourceFactory()
    assert Correction.objects.exists() and Claim.history.exists() and Source.objects.exists()

    dump = tmp_path / "claimcheck.dump"
    name = settings.DATABASES["default"]["NAME"]
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), *connection_options(name)], check=True)
    restored = f"cc_restore_{uuid.uuid4().hex[:10]}"
    subprocess.run(["createdb", *connection_options(restored)[:-2], restored], check=True)
    try:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", *connection_options(restored), str(dump)],
                       check=True)  # fmt: skip
        db = settings.DATABASES["default"]
        other = psycopg2.connect(host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432,
                                 user=db.get("USER") or "postgres", password=db.get("PASSWORD") or None,
                                 dbname=restored)  # fmt: skip
        try:
            checked = []
            with other.cursor() as theirs, connection.cursor() as ours:
                for model in apps.get_app_config("claims").get_models():
                    assert primary_keys(theirs, model) == primary_keys(ours, model), model._meta.db_table
                    checked.append(model._meta.db_table)
        finally:
            other.close()
    finally:
        subprocess.run(["dropdb", *connection_options(restored)[:-2], restored], check=True)
    for table in ("claims_claim", "claims_verdict", "claims_source", "claims_correction", "claims_historicalclaim",
                  "claims_historicalverdict", "claims_historicalcorrection"):  # fmt: skip
        assert table in checked
