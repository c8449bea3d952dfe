"""A source's title, publisher and date are read from its page (claims.services.pagemeta), against real local HTTP
servers: only empty fields or the URL-as-title are filled, and a page that cannot be read changes nothing."""

from __future__ import annotations

import datetime
import json
import threading
import time

import pytest

from claims.models import Source
from claims.services.pagemeta import one_line, page_metadata, source_fill_from_page
from claims.source_tasks import fill_source_from_page
from tests.linkcheck_sites import Listener, allow_local_site, local_site, page, redirect

pytestmark = pytest.mark.django_db

OG_PAGE = """<!doctype html><html><head>
<title>Marathon report | Tehran Times</title>
<meta property="og:title" content="Women barred from Tehran marathon, organisers say">
<meta property="og:site_name" content="Tehran Times">
<meta property="article:published_time" content="2026-04-08T09:15:00+04:30">
</head><body><p>The report.</p></body></html>"""

JSON_LD_PAGE = """<html><head><title>
  Sports ministry statement
  on the marathon </title>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Ministry site"},
  {"@type": "NewsArticle", "headline": "Statement", "datePublished": "2026-04-09",
   "publisher": {"@type": "Organization", "name": "Ministry of Sports"}}]}</script>
<script type="application/ld+json">{ this block is broken </script>
</head><body></body></html>"""

# An RLM, an embedding (RLE … PDF) and runs of white space around a Persian title; the ZWNJ in «می‌گوید» stays.
PERSIAN_TITLE = "\u200f  ماراتن   تهران:\n وزیر \u202bمی\u200cگوید\u202c  مختلط نبود  "
PERSIAN_PAGE = f'<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{PERSIAN_TITLE}</title></head></html>'

NO_METADATA_PAGE = "<html><head></head><body><p>Nothing about itself.</p></body></html>"


@pytest.fixture
def site(settings):
    with local_site() as running:
        allow_local_site(settings, running)
        running.routes["/og"] = page(200, OG_PAGE)
        running.routes["/json-ld"] = page(200, JSON_LD_PAGE)
        running.routes["/fa"] = page(200, PERSIAN_PAGE.encode())
        running.routes["/bare"] = page(200, NO_METADATA_PAGE)
        yield running


def cited(url: str, **fields) -> Source:
    """A source as cite-by-URL leaves it: titled by its URL. bulk_create: no signal, so nothing else runs."""
    (source,) = Source.objects.bulk_create([Source(url=url, title=Source.placeholder_title(url), **fields)])
    return Source.objects.get(pk=source.pk)


def test_og_tags_fill_the_title_publisher_and_date_of_a_source_titled_by_its_url(site):
    source = cited(site.url("/og"))
    filled = source_fill_from_page(source_id=source.pk)
    source.refresh_from_db()
    assert sorted(filled) == ["published_on", "publisher", "title"]
    assert source.title == "Women barred from Tehran marathon, organisers say"
    assert source.publisher == "Tehran Times"
    assert source.published_on == datetime.date(2026, 4, 8)
    assert source.history.first().history_change_reason == "Filled from the page"


def test_without_og_tags_the_title_element_and_json_ld_publisher_and_date_are_used(site):
    source = cited(site.url("/json-ld"))
    source_fill_from_page(source_id=source.pk)
    source.refresh_from_db()
    assert source.title == "Sports ministry statement on the marathon"
    assert source.publisher == "Ministry of Sports"
    assert source.published_on == datetime.date(2026, 4, 9)


def test_a_persian_title_is_kept_as_written_without_bidi_controls_or_extra_white_space(site):
    source = cited(site.url("/fa"))
    source_fill_from_page(source_id=source.pk)
    source.refresh_from_db()
    assert source.title == "ماراتن تهران: وزیر می\u200cگوید مختلط نبود"
    assert not set(source.title) & set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_what_an_editor_typed_is_never_overwritten(site):
    source = cited(site.url("/og"), publisher="Our own publisher name")
    Source.objects.filter(pk=source.pk).update(title="The editor's title")
    assert source_fill_from_page(source_id=source.pk) == ["published_on"]
    source.refresh_from_db()
    assert (source.title, source.publisher) == ("The editor's title", "Our own publisher name")
    assert source.published_on == datetime.date(2026, 4, 8)


def test_a_source_with_nothing_left_to_fill_is_not_fetched(site):
    source = cited(site.url("/og"), publisher="P", published_on=datetime.date(2026, 1, 1))
    Source.objects.filter(pk=source.pk).update(title="Typed")
    assert source_fill_from_page(source_id=source.pk) == []
    assert site.hits("/og") == []


def test_a_title_that_is_the_url_spelt_differently_still_counts_as_no_title(site):
    source = cited(site.url("/og"))
    Source.objects.filter(pk=source.pk).update(title=site.url("/og").replace("http://", "HTTP://") + "#top")
    assert Source.objects.get(pk=source.pk).has_placeholder_title
    assert "title" in source_fill_from_page(source_id=source.pk)


def test_a_title_that_is_another_url_is_the_editors(site):
    source = cited(site.url("/og"))
    Source.objects.filter(pk=source.pk).update(title=site.url("/og/other"))
    assert not Source.objects.get(pk=source.pk).has_placeholder_title
    assert "title" not in source_fill_from_page(source_id=source.pk)


def test_a_title_an_editor_saves_while_the_page_is_being_read_wins(transactional_db, site):
    from django.db import connection

    def editor_saves_first(handler):
        Source.objects.filter(url=site.url("/racing")).update(title="Typed meanwhile")
        connection.close()  # this server thread's own connection
        page(200, OG_PAGE)(handler)

    site.routes["/racing"] = editor_saves_first
    source = cited(site.url("/racing"))
    assert sorted(source_fill_from_page(source_id=source.pk)) == ["published_on", "publisher"]
    assert Source.objects.get(pk=source.pk).title == "Typed meanwhile"


def test_a_page_without_metadata_leaves_the_source_untouched(site):
    source = cited(site.url("/bare"))
    assert source_fill_from_page(source_id=source.pk) == []
    source.refresh_from_db()
    assert (source.title, source.publisher, source.published_on) == (site.url("/bare"), "", None)
    assert site.hits("/bare") == ["GET"]


def test_a_redirect_to_a_private_address_is_refused_by_the_guard_and_changes_nothing(site):
    trap = Listener("::")
    try:
        site.routes["/out"] = redirect(f"http://127.0.0.2:{trap.port}/admin/", 302)
        source = cited(site.url("/out"))
        assert source_fill_from_page(source_id=source.pk) == []
        assert trap.accepted == []
    finally:
        trap.close()
    source.refresh_from_db()
    assert source.title == site.url("/out")


@pytest.mark.parametrize(
    "route",
    [
        page(404, OG_PAGE),
        page(503, OG_PAGE),
        page(200, b"%PDF-1.7 " + OG_PAGE.encode(), Content_Type="application/pdf"),
        page(200, json.dumps({"og:title": "JSON"}), Content_Type="application/json"),
        page(200, b""),
    ],
    ids=["404", "503", "pdf", "json", "empty"],
)
def test_an_error_status_or_a_page_that_is_not_html_changes_nothing(site, route):
    site.routes["/answer"] = route
    source = cited(site.url("/answer"))
    assert source_fill_from_page(source_id=source.pk) == []
    source.refresh_from_db()
    assert (source.title, source.publisher, source.published_on) == (site.url("/answer"), "", None)


def test_a_page_that_never_answers_times_out_and_changes_nothing(site, settings):
    settings.LINKCHECK_TIMEOUT = 1.0
    release = threading.Event()

    def hangs(handler):
        release.wait(10)

    site.routes["/slow"] = hangs
    source = cited(site.url("/slow"))
    started = time.monotonic()
    try:
        assert source_fill_from_page(source_id=source.pk) == []
    finally:
        release.set()
    assert time.monotonic() - started < 5
    assert Source.objects.get(pk=source.pk).title == site.url("/slow")


def test_a_huge_page_is_read_only_as_far_as_its_head(site):
    filler = b"<p>" + b"x" * 1000 + b"</p>\n"
    head = OG_PAGE.split("<body>")[0].encode()
    site.routes["/huge"] = page(200, head + b"<body>" + filler * 20_000 + b"</body></html>")  # ~20 MB
    late = b"<html><head>" + filler * 1000 + b"<title>Too far down to be read</title></head></html>"  # ~1 MB
    site.routes["/late"] = page(200, late)
    huge, far = cited(site.url("/huge")), cited(site.url("/late"))

    started = time.monotonic()
    assert "title" in source_fill_from_page(source_id=huge.pk)
    assert source_fill_from_page(source_id=far.pk) == []
    assert time.monotonic() - started < 10
    assert Source.objects.get(pk=huge.pk).title == "Women barred from Tehran marathon, organisers say"
    assert Source.objects.get(pk=far.pk).title == site.url("/late")


def test_a_source_without_a_url_is_left_alone():
    source = Source.objects.create(url="", title="Interview with the organiser")
    assert source_fill_from_page(source_id=source.pk) == []


def test_the_task_calls_the_service_and_never_raises_for_a_deleted_source_or_a_refused_url(site):
    source = cited(site.url("/og"))
    assert sorted(fill_source_from_page(source.pk)) == ["published_on", "publisher", "title"]
    assert fill_source_from_page(10**12) == []
    refused = cited("http://169.254.169.254/latest/meta-data/")
    assert fill_source_from_page(refused.pk) == []


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<meta name="og:title" content=" Name, not property ">', "Name, not property"),
        ('<meta property="og:title" content=""><title>Fallback</title>', "Fallback"),
        ("<title>" + "long " * 200 + "</title>", ("long " * 60).strip()),
    ],
    ids=["name-attribute", "empty-og-title", "cut-to-300"],
)
def test_page_metadata_reads_titles_as_real_pages_write_them(html, expected):
    assert page_metadata(f"<html><head>{html}</head></html>".encode()).title == expected


def test_one_line_drops_characters_xml_cannot_carry_and_collapses_white_space():
    assert one_line(" Tab\tand\x0bvertical\n\n tab\ufffe ", max_length=300) == "Tab andvertical tab"


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2026-11-10T23:30:00-05:00", datetime.date(2026, 11, 10)),
        ("2026-11-10", datetime.date(2026, 11, 10)),
        ("10/11/2026", None),
        ("2026-13-40", None),
        ("1066-10-14", None),
        ("9999-01-01", None),
    ],
)
def test_page_metadata_takes_a_publication_date_only_in_iso_form_and_within_reason(published, expected):
    html = f'<html><head><meta property="article:published_time" content="{published}"></head></html>'
    assert page_metadata(html.encode()).published_on == expected


def test_page_metadata_follows_the_charset_the_server_or_the_page_declares():
    title = "گزارش ماراتن"
    body = f"<html><head><title>{title}</title></head></html>"
    assert page_metadata(body.encode("utf-16"), "text/html; charset=utf-16").title == title
    declared = f'<html><head><meta charset="windows-1256"><title>{title}</title></head></html>'
    assert page_metadata(declared.encode("windows-1256"), "text/html").title == title
