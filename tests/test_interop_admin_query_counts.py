"""The ClaimReview exchange changelists (external fact checks, imports, rating mappings) issue a constant number of
queries: 5 rows and 200 rows cost the same."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.interop.models import ExternalFactCheck, ImportRun, RatingMapping
from tests.factories import ClaimFactory, UserFactory, rating

pytestmark = pytest.mark.django_db


def make_checks(n: int) -> None:
    start = ExternalFactCheck.objects.count()
    run = ImportRun.objects.create(origin="file", location="bench.jsonl")
    ExternalFactCheck.objects.bulk_create(
        ExternalFactCheck(
            claim=ClaimFactory(), url=f"https://partner.example.org/{start + i}", title=f"Check {i}", import_run=run
        )
        for i in range(n)
    )


def make_runs(n: int) -> None:
    user = UserFactory(username="importer")
    ImportRun.objects.bulk_create(
        ImportRun(origin="url", location=f"https://partner.example.org/feed-{i}", imported_by=user, errors=[{}] * i)
        for i in range(n)
    )


def make_mappings(n: int) -> None:
    start = RatingMapping.objects.count()
    for i in range(n):
        RatingMapping.objects.create(label=f"Partner label {start + i}", rating=rating("false"))


CHANGELISTS: list[tuple[type, str, Callable[[int], None]]] = [
    (ExternalFactCheck, "/admin/interop/externalfactcheck/", make_checks),
    (ImportRun, "/admin/interop/importrun/", make_runs),
    (RatingMapping, "/admin/interop/ratingmapping/", make_mappings),
]


@pytest.mark.parametrize(("model", "url", "make_rows"), CHANGELISTS, ids=[c[0].__name__ for c in CHANGELISTS])
def test_the_changelist_issues_a_constant_number_of_queries(
    model, url, make_rows, admin_client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(admin.site._registry[model], "list_per_page", 250)
    make_rows(5)
    with CaptureQueriesContext(connection) as at_five:
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 5

    make_rows(200 - response.context["cl"].result_count)
    with django_assert_max_num_queries(len(at_five)):
        response = admin_client.get(url)
    assert response.context["cl"].result_count >= 200
