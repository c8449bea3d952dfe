"""Under the Content-Security-Policy, Chromium reports no violation on the reader pages, the admin (login, the
dashboard, lists, add and change forms, history) and the API docs, and the API docs still render."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from claims.models import Claim, Source
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-editor-password-1"


@pytest.fixture
def csp_watch(chromium):
    """A page that records every Content-Security-Policy violation Chromium reports (it logs each one)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(f"{page.url}: {message.text}"),
    )
    yield page, violations
    context.close()


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    page.wait_for_load_state("load")


def test_reader_pages_report_no_violation(csp_watch, live_server, worked_example):
    page, violations = csp_watch
    claim = Claim.objects.public().first()
    for path in ("/", claim.get_absolute_url(), claim.claimant.get_absolute_url(), "/search/?q=marathon"):
        visit(page, live_server.url + path)
    badge = page.goto(live_server.url + claim.get_absolute_url()) and page.locator(".badge").first
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"  # colour from ratings.css
    assert violations == []


def test_the_admin_reports_no_violation(csp_watch, live_server, worked_example):
    page, violations = csp_watch
    editor = factories.UserFactory(username="desk", is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    claim, source = Claim.objects.first(), Source.objects.first()

    visit(page, f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in (
        "/admin/",
        "/admin/claims/claim/",
        "/admin/claims/claim/add/",
        f"/admin/claims/claim/{claim.pk}/change/",
        f"/admin/claims/claim/{claim.pk}/history/",
        "/admin/claims/source/",
        f"/admin/claims/source/{source.pk}/change/",
    ):
        visit(page, live_server.url + path)
    assert violations == []


def test_the_api_docs_render_and_report_no_violation(csp_watch, live_server):
    page, violations = csp_watch
    visit(page, f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert violations == []

    visit(page, f"{live_server.url}/api/redoc/")
    page.wait_for_selector("#redoc-container h1", timeout=60_000)
    # Redoc's footer shows Redocly's logo from their CDN: the policy refuses it on purpose (no third-party loads).
    assert all("img-src" in v and "https://cdn.redoc.ly/" in v for v in violations), violations
