"""One spelling per URL: IRIs and their percent-encoded forms, host case and IDNA forms, default ports."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from claims.linkcheck.models import LinkCheck
from claims.linkcheck.urls import normalize_url
from claims.models import ClaimSource, Source
from tests import factories

PERSIAN = "https://news.example.ir/خبر/۱"
SPELLINGS_OF_PERSIAN = [
    "https://news.example.ir/خبر/۱",
    "https://news.example.ir/%D8%AE%D8%A8%D8%B1/%DB%B1",
    "https://news.example.ir/%d8%ae%d8%a8%d8%b1/%db%b1",
    "HTTPS://NEWS.example.IR:443/%D8%AE%D8%A8%D8%B1/۱#p2",
]


@pytest.mark.parametrize("spelling", SPELLINGS_OF_PERSIAN)
def test_an_iri_and_its_percent_encoded_spellings_have_one_readable_stored_spelling(spelling):
    assert normalize_url(spelling) == PERSIAN


@pytest.mark.parametrize(
    "spelling",
    [
        "http://BÜCHER.example/",
        "http://bücher.example/",
        "http://xn--bcher-kva.example/",
        "http://XN--BCHER-KVA.example:80",
    ],
)
def test_a_host_in_any_case_or_idna_form_is_stored_in_its_ascii_form(spelling):
    assert normalize_url(spelling) == "http://xn--bcher-kva.example/"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://a.example/%7Euser/%41", "http://a.example/~user/A"),  # unreserved ASCII decoded
        ("http://a.example/a%2fb", "http://a.example/a%2Fb"),  # a slash inside a segment stays escaped
        ("http://a.example/a b", "http://a.example/a%20b"),  # white space stays escaped
        ("http://a.example/x%E2%80%AEy", "http://a.example/x%E2%80%AEy"),  # an invisible bidi override too
        ("http://a.example/%FF", "http://a.example/%FF"),  # not UTF-8
        ("http://a.example/a/./b/../c", "http://a.example/a/c"),
        ("http://a.example/?q=%D8%AE&r=1", "http://a.example/?q=خ&r=1"),
    ],
)
def test_escapes_are_decoded_only_where_that_changes_nothing_for_the_server(given, expected):
    assert normalize_url(given) == expected


def test_the_stored_spelling_is_stable():
    for spelling in [*SPELLINGS_OF_PERSIAN, "http://a.example/a%2fb?x=%20"]:
        once = normalize_url(spelling)
        assert normalize_url(once) == once


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", SPELLINGS_OF_PERSIAN[1:])
def test_a_second_spelling_of_a_cited_page_is_refused_as_a_duplicate(spelling):
    existing = factories.SourceFactory(url=SPELLINGS_OF_PERSIAN[0])
    assert existing.url == PERSIAN
    with pytest.raises(ValidationError) as raised:
        Source(url=spelling, title="Same page", kind="news_report").full_clean()
    assert raised.value.error_dict["url"][0].code == "duplicate_url"


@pytest.mark.django_db
def test_the_migration_merges_sources_stored_under_two_spellings_of_one_url():
    keeper = factories.SourceFactory(url="https://news.example.ir/placeholder-1", title="Report", notes="")
    duplicate = factories.SourceFactory(
        url="https://news.example.ir/placeholder-2", title="Same report", notes="Seen twice"
    )
    # Stored before the normaliser knew better (a queryset update skips save()).
    Source.objects.filter(pk=keeper.pk).update(url=SPELLINGS_OF_PERSIAN[1])
    Source.objects.filter(pk=duplicate.pk).update(url=SPELLINGS_OF_PERSIAN[2])
    claim = factories.ClaimFactory()
    factories.ClaimSourceFactory(claim=claim, source=keeper, role="supports")
    factories.ClaimSourceFactory(claim=claim, source=duplicate, role="supports")  # the same citation twice
    other = factories.ClaimSourceFactory(source=duplicate, role="context")
    check = LinkCheck.objects.create(source=duplicate, url=duplicate.url, outcome="ok", checked_at=keeper.created_at)
    unrelated = factories.SourceFactory(url="https://other.example/")

    migration = importlib.import_module("claims.migrations.0032_one_spelling_per_url")
    migration.one_spelling_per_url(apps, None)

    assert not Source.objects.filter(pk=duplicate.pk).exists()
    keeper.refresh_from_db()
    assert keeper.url == PERSIAN
    assert f"Merged from source #{duplicate.pk} “Same report”: Seen twice" in keeper.notes
    assert list(ClaimSource.objects.filter(claim=claim).values_list("source_id", flat=True)) == [keeper.pk]
    other.refresh_from_db()
    assert other.source_id == keeper.pk
    check.refresh_from_db()
    assert check.source_id == keeper.pk
    assert Source.objects.get(pk=unrelated.pk).url == "https://other.example/"
