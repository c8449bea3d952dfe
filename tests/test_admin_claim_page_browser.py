"""The claim pages in Chromium: the live Markdown preview, a full claim page fitting 1,280 px, the list's legend."""

from __future__ import annotations

import pytest

from claims.linkcheck.outcomes import LinkHealth
from claims.models import Claim, Source
from tests.test_admin_keyboard_fact_check import PASSWORD, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user, next_url: str) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and errors.append(f"{r.status} {r.url}"),
    )
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_selector("#claim_form")
    return errors


def test_the_explanation_shows_a_live_sanitised_preview(chromium, live_server, editor, screenshot_dir):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    errors = _log_in(page, live_server, editor, "/admin/claims/claim/add/")
    tab_to(page, "#id_verdict-0-explanation")
    page.keyboard.type("**Refuted**: the federation's [list](https://example.org/list) has no women.\n\n")
    page.keyboard.type("<script>document.title='owned'</script>")
    page.wait_for_selector(".markdown-preview__body strong")
    preview = page.locator(".markdown-preview__body")
    assert preview.locator("strong").inner_text() == "Refuted"
    assert preview.locator("a").get_attribute("href") == "https://example.org/list"
    assert preview.locator("script").count() == 0
    assert page.title() != "owned"
    page.locator("#verdict-group").screenshot(path=str(screenshot_dir / "admin-markdown-preview.png"))
    assert errors == []
    page.close()


def test_a_full_claim_page_fits_1280_px_without_sideways_scrolling(
    chromium, live_server, worked_example, reviewer, screenshot_dir
):
    claim = max(Claim.objects.all(), key=lambda c: c.claim_sources.count())
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    errors = _log_in(page, live_server, reviewer, f"/admin/claims/claim/{claim.pk}/change/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.screenshot(path=str(screenshot_dir / "admin-claim-new-page-1280.png"), full_page=True)
    page.locator("#claim_sources-group").screenshot(path=str(screenshot_dir / "admin-citation-rows.png"))
    assert errors == []
    page.close()


def test_the_claim_list_shows_unchecked_links_as_not_checked_with_a_legend(
    chromium, live_server, worked_example, reviewer, screenshot_dir
):
    Source.objects.update(link_health=LinkHealth.UNCHECKED)
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/login/?next=/admin/claims/claim/")
    page.fill("#id_username", reviewer.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_selector("#changelist")
    assert page.locator("#result_list .link-mark--unchecked").count() >= 1
    assert page.locator("#result_list .link-mark--ok").count() == 0
    assert page.locator(".link-legend dt").count() == 6
    page.locator(".link-legend").screenshot(path=str(screenshot_dir / "admin-claim-list-legend.png"))
    page.close()
