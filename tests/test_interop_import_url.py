"""Importing from a URL goes through the link checker's SSRF guard; `manage.py import_claimreview` reads files and
URLs and reports each refused item with its position."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from claims.interop.models import ExternalFactCheck, ImportRun
from claims.interop.services import claimreviews_import_url
from tests.interop_support import SAMPLES, sample
from tests.linkcheck_sites import allow_local_site, local_site, page, redirect

pytestmark = pytest.mark.django_db


def test_a_page_on_an_allowed_site_is_fetched_and_imported_with_its_url_as_provenance(settings, editor):
    with local_site() as site:
        allow_local_site(settings, site)
        site.routes["/checks"] = redirect("/checks/page.html")
        site.routes["/checks/page.html"] = page(200, sample("page.html"))

        report = claimreviews_import_url(url=site.url("/checks"), user=editor)

    assert report.created == 2
    run = ImportRun.objects.get()
    assert (run.origin, run.location, run.imported_by) == ("url", site.url("/checks"), editor)


def test_a_private_address_is_refused_before_any_connection(settings):
    with local_site() as site:
        site.routes["/feed.json"] = page(200, sample("datafeed.json"))
        settings.LINKCHECK_ALLOWED_PORTS = [80, 443, site.port]  # the port is allowed; the address is not

        report = claimreviews_import_url(url=site.url("/feed.json"), user=None)

        assert site.requests == []
    assert [error.position for error in report.errors] == ["input"]
    assert "not a public address" in report.errors[0].message
    assert not ExternalFactCheck.objects.exists()
    assert ImportRun.objects.get().errors == [report.errors[0].as_dict()]


def test_a_redirect_to_a_private_address_is_refused_at_that_hop(settings):
    with local_site() as site:
        allow_local_site(settings, site)
        site.routes["/go"] = redirect(f"http://127.0.0.2:{site.port}/feed.json")  # outside the allowed 127.0.0.1/32

        report = claimreviews_import_url(url=site.url("/go"), user=None)

    assert "not a public address" in report.errors[0].message
    assert not ExternalFactCheck.objects.exists()


def test_the_command_imports_files_and_exits_1_naming_each_refused_item():
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "import_claimreview",
            str(SAMPLES / "reviews.jsonl"),
            str(SAMPLES / "search_response.json"),
            stdout=out,
            stderr=err,
        )

    assert failed.value.returncode == 1
    assert "reviews.jsonl: 3 imported, 0 updated" in out.getvalue()
    assert "search_response.json: 3 imported" in out.getvalue()
    assert "line 3: Not JSON" in err.getvalue()
    assert "claims[1].claimReview[1]:" in err.getvalue()
    assert ExternalFactCheck.objects.count() == 6


def test_the_command_succeeds_quietly_on_a_clean_file(tmp_path):
    clean = tmp_path / "clean.jsonl"
    clean.write_bytes(sample("reviews.jsonl").splitlines(keepends=True)[0])
    out = io.StringIO()

    call_command("import_claimreview", str(clean), stdout=out, stderr=io.StringIO())

    assert "1 imported, 0 updated, 1 new claims (drafts), 0 refused" in out.getvalue()


def test_the_command_refuses_a_missing_file():
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_claimreview", "/nonexistent/feed.json", stdout=io.StringIO(), stderr=io.StringIO())
