"""In Chromium: from a new claim's citation row, the add-source popup refuses a URL that is already a source and
offers to cite that source; one click closes the popup with the existing source chosen in the row."""

from __future__ import annotations

import pytest

from claims.models import Source
from tests import factories
from tests.test_admin_keyboard_fact_check import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_errors(page, errors: list[str]) -> None:
    """Script errors, console errors and failed responses of `page` go into `errors` (favicon aside)."""
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.location.get("url", "").endswith("/favicon.ico")
            and errors.append(f"{page.url}: {message.text}")
        ),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and errors.append(f"{r.status} {r.url}"),
    )


def test_the_duplicate_url_error_in_the_popup_cites_the_existing_source_in_one_click(
    chromium, live_server, editor, screenshot_dir
):
    existing = factories.SourceFactory(url="https://news.example.org/marathon", title="The minister's statement")
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    watch_errors(page, errors)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/claims/claim/add/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_selector("#claim_form")

    with page.expect_popup() as opened:
        page.click("#add_id_claim_sources-0-source")
    popup = opened.value
    watch_errors(popup, errors)
    popup.wait_for_selector("#source_form")
    popup.fill("#id_url", "HTTPS://News.Example.org/marathon#comments")
    popup.click("input[name=_save]")
    fix = popup.wait_for_selector(".errorlist a.cite-existing")
    assert f"#{existing.pk}" in popup.inner_text(".errorlist")
    popup.screenshot(path=str(screenshot_dir / "admin-duplicate-url-fix.png"))

    with popup.expect_event("close"):
        fix.click()

    page.wait_for_function(
        f"() => document.querySelector('#id_claim_sources-0-source').value === '{existing.pk}'", timeout=10_000
    )
    assert existing.title in page.inner_text("#claim_sources-0 .field-source .select2-selection__rendered")
    assert Source.objects.count() == 1
    assert errors == []
    page.close()
