"""Migration 0032 (one spelling per URL) works in batches: groups and re-spellings that straddle batch boundaries
come out as the row-by-row migration left them, and its queries do not grow with the number of sources."""

from __future__ import annotations

import importlib
import itertools

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.linkcheck.models import LinkCheck
from claims.models import ClaimSource, Source
from tests import factories

pytestmark = pytest.mark.django_db

migration = importlib.import_module("claims.migrations.0032_one_spelling_per_url")
_placeholders = itertools.count()


def stored(url: str, **fields) -> Source:
    """A source whose URL is stored exactly as `url`, as before the normaliser existed (an update skips save())."""
    source = factories.SourceFactory(url=f"https://placeholder.example/{next(_placeholders)}", **fields)
    Source.objects.filter(pk=source.pk).update(url=url)
    return source


def test_groups_and_respellings_across_batch_boundaries_are_merged_and_respelt(monkeypatch, capsys):
    monkeypatch.setattr(migration, "BATCH_SIZE", 2)
    # Three spellings of one Persian page; the oldest is not the one already in the stored spelling.
    keeper = stored("https://NEWS.example.ir/%D8%AE%D8%A8%D8%B1/1", title="Report", notes="")
    twin = stored("https://news.example.ir/خبر/1", title="Same report", notes="Seen twice")
    triplet = stored("https://news.example.ir:443/%d8%ae%d8%a8%d8%b1/1#top", title="Third", notes="Thrice")
    plain = stored("HTTP://Plain.example/a", title="Plain")  # re-spelt, no duplicate
    second_keeper = stored("https://b.example/story")  # already in its spelling: kept, untouched
    unreadable = stored("ftp://files.example/x")
    second_twin = stored("HTTPS://B.EXAMPLE:443/story#p2")
    third_keeper = stored("https://c.example/%7Euser", title="C")
    own_copy = "https://web.archive.org/web/2026/https://c.example/~user"
    Source.objects.filter(pk=third_keeper.pk).update(archive_url=own_copy)
    another_plain = stored("https://D.example/", title="D")
    late_twin = stored("https://c.example/~user#frag", title="C again")  # its group is the last batch's
    Source.objects.filter(pk=late_twin.pk).update(archive_url="https://archive.example/other-copy")

    claim, other_claim = factories.ClaimFactory(), factories.ClaimFactory()
    kept = factories.ClaimSourceFactory(claim=claim, source=keeper, role="supports")
    factories.ClaimSourceFactory(claim=claim, source=twin, role="supports")  # the keeper cites it already: dropped
    moved_first = factories.ClaimSourceFactory(claim=other_claim, source=twin, role="context")
    factories.ClaimSourceFactory(claim=other_claim, source=triplet, role="context")  # moved from #twin first: dropped
    moved_late = factories.ClaimSourceFactory(claim=claim, source=late_twin, role="refutes")
    check = LinkCheck.objects.create(source=second_twin, url=second_keeper.url, outcome="ok", checked_at=timezone.now())

    migration.one_spelling_per_url(apps, None)

    assert set(Source.objects.values_list("pk", "url")) == {
        (keeper.pk, "https://news.example.ir/خبر/1"),
        (plain.pk, "http://plain.example/a"),
        (second_keeper.pk, "https://b.example/story"),
        (unreadable.pk, "ftp://files.example/x"),
        (third_keeper.pk, "https://c.example/~user"),
        (another_plain.pk, "https://d.example/"),
    }
    keeper.refresh_from_db()
    assert keeper.notes == (
        f"Merged from source #{twin.pk} “Same report”: Seen twice\n\nMerged from source #{triplet.pk} “Third”: Thrice"
    )
    assert set(ClaimSource.objects.values_list("pk", "claim_id", "source_id", "role")) == {
        (kept.pk, claim.pk, keeper.pk, "supports"),
        (moved_first.pk, other_claim.pk, keeper.pk, "context"),
        (moved_late.pk, claim.pk, third_keeper.pk, "refutes"),
    }
    check.refresh_from_db()
    assert check.source_id == second_keeper.pk
    assert Source.objects.get(pk=third_keeper.pk).archive_url == own_copy
    printed = capsys.readouterr().out
    for duplicate, into in ((twin, keeper), (triplet, keeper), (second_twin, second_keeper), (late_twin, third_keeper)):
        assert f"source #{duplicate.pk} (" in printed and f") merged into #{into.pk} (" in printed
    assert f"source #{unreadable.pk}: URL 'ftp://files.example/x' left as it is" in printed
    assert "4 sources re-spelt; 4 merged into 3" in printed


def test_a_keeper_takes_over_the_archived_copy_of_a_duplicate():
    keeper = stored("https://E.example/page", title="E")
    duplicate = stored("https://e.example/page#top", title="E again")
    Source.objects.filter(pk=duplicate.pk).update(archive_url="https://web.archive.org/web/1/https://e.example/page")

    migration.one_spelling_per_url(apps, None)

    keeper.refresh_from_db()
    assert (keeper.url, keeper.archive_url) == (
        "https://e.example/page",
        "https://web.archive.org/web/1/https://e.example/page",
    )
    assert not Source.objects.filter(pk=duplicate.pk).exists()


def test_its_queries_do_not_grow_with_the_number_of_sources(monkeypatch):
    monkeypatch.setattr(migration, "BATCH_SIZE", 1000)

    def queries_for(count: int) -> int:
        Source.objects.all().delete()
        for n in range(count):
            stored(f"HTTPS://Many.example/{n}")  # each re-spelt
            factories.SourceFactory(url=f"https://many.example/kept-{n}")  # each left alone
        with CaptureQueriesContext(connection) as queries:
            migration.one_spelling_per_url(apps, None)
        assert Source.objects.filter(url__startswith="https://many.example/").count() == 2 * count
        return len(queries)

    assert queries_for(3) == queries_for(30)
