"""A reader's path in headless Chromium: home, search, verdict, related claim; English and Persian; phone width.

Saves its screenshots in a temporary folder; `make screenshots` writes them into docs/screenshots/ (committed).
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
NARROWEST = {"width": 320, "height": 640}


@pytest.fixture
def browser_context(chromium):
    """A context whose pages record console errors, uncaught exceptions and failed or 4xx/5xx requests."""
    contexts = []
    problems: list[str] = []

    def open_page(*, viewport: dict, locale: str = "en-GB", javascript: bool = True):
        context = chromium.new_context(viewport=viewport, locale=locale, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        # A navigation cancels requests still in flight (net::ERR_ABORTED): that is not a failure of the page.
        page.on(
            "requestfailed",
            lambda request: (
                "ERR_ABORTED" not in (request.failure or "")
                and problems.append(f"request failed: {request.url} {request.failure}")
            ),
        )
        page.on("response", lambda reply: reply.status >= 400 and problems.append(f"{reply.status}: {reply.url}"))
        return page

    yield open_page, problems
    for context in contexts:
        context.close()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_reader_goes_from_home_to_search_to_a_verdict_to_a_related_claim(
    screenshot_dir, browser_context, live_server, worked_example
):
    open_page, problems = browser_context
    page = open_page(viewport=DESKTOP)
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    page.screenshot(path=screenshot_dir / "home-en-desktop.png", full_page=True)

    # Keyboard users land on the skip link first.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"  # visible focus
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # moved on screen once focused

    page.get_by_label("Search fact checks").fill("given the okay")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=given+the+okay")
    assert "1 result" in page.inner_text("main")

    page.locator("main .claim-card-title a").first.click()
    page.wait_for_url("**/claims/straten-mixed-race-given-okay/")
    assert page.locator("h1").inner_text().startswith("Tehran marathon organiser says")
    assert page.locator(".verdict-rating .badge").inner_text() == "Unproven"
    assert page.locator('script[type="application/ld+json"]').count() == 1
    page.screenshot(path=screenshot_dir / "verdict-en-desktop.png", full_page=True)

    page.locator(".related-list a", has_text="sports minister").click()
    page.wait_for_url("**/claims/minister-no-chance-race-mixed/")
    assert "Contradicted by" in page.inner_text(".related-list")
    assert problems == []


def test_the_persian_verdict_reads_right_to_left_via_the_language_switch(
    screenshot_dir, browser_context, live_server, worked_example
):
    open_page, problems = browser_context
    page = open_page(viewport=DESKTOP)
    page.goto(live_server.url + "/claims/federation-women-10k-stadium-fa/")
    page.get_by_role("button", name="فارسی").click()
    page.wait_for_selector('html[lang="fa"][dir="rtl"]')
    assert page.locator("h1").get_attribute("lang") == "fa"
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
    assert "ارزیابی ما" in page.inner_text(".verdict-rating")
    page.screenshot(path=screenshot_dir / "verdict-fa-desktop.png", full_page=True)
    assert problems == []


@pytest.mark.parametrize("locale", ["en-GB", "fa-IR"])
def test_verdict_and_home_pages_fit_a_phone_and_a_320px_screen(
    screenshot_dir, browser_context, live_server, worked_example, locale
):
    open_page, problems = browser_context
    language = locale[:2]
    slug = "minister-no-chance-race-mixed" if language == "en" else "federation-women-10k-stadium-fa"
    page = open_page(viewport=PHONE, locale=locale)
    page.goto(f"{live_server.url}/claims/{slug}/")
    assert page.locator("html").get_attribute("lang") == language
    assert no_horizontal_scroll(page)
    page.screenshot(path=screenshot_dir / f"verdict-{language}-phone.png", full_page=True)
    page.goto(live_server.url + "/")
    assert no_horizontal_scroll(page)
    page.screenshot(path=screenshot_dir / f"home-{language}-phone.png", full_page=True)
    page.set_viewport_size(NARROWEST)
    for url in ("/", f"/claims/{slug}/", "/search/?q=women"):
        page.goto(live_server.url + url)
        assert no_horizontal_scroll(page), url
    assert problems == []


def test_a_verdict_reads_completely_without_javascript(browser_context, live_server, worked_example):
    open_page, problems = browser_context
    page = open_page(viewport=DESKTOP, javascript=False)
    page.goto(live_server.url + "/claims/women-limited-to-10k-in-stadium/")
    main = page.inner_text("main")
    for expected in ("Our rating:", "True", "Sources", "Corrections", "Related fact checks", "Published"):
        assert expected in main
    assert problems == []
