"""The search filters in headless Chromium, on a desktop and a phone: choose, submit, share the URL, correct a
mistake; no console errors and no horizontal scrolling."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests import factories
from tests.test_pages_browser import DESKTOP, PHONE, browser_context, no_horizontal_scroll  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def checks():
    health = factories.TopicFactory(name="Health", slug="health")
    kept = factories.PublishedVerdictFactory(
        claim__text="Vaccines cause the flu", rating=factories.rating("false"),
        published_at=datetime(2026, 3, 1, tzinfo=UTC),
    )  # fmt: skip
    kept.claim.topics.add(health)
    factories.PublishedVerdictFactory(claim__text="Vaccines are tested for years", rating=factories.rating("true"))
    factories.PublishedVerdictFactory(
        claim__text="Vaccines were free in 2024", rating=factories.rating("false"),
        published_at=datetime(2024, 3, 1, tzinfo=UTC),
    )  # fmt: skip
    return kept


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_a_reader_narrows_a_search_with_filters_and_corrects_a_bad_date_range(
    browser_context,  # noqa: F811
    live_server,
    checks,
    screenshot_dir,
    viewport,
    name,
):
    open_page, problems = browser_context
    page = open_page(viewport=viewport)
    page.goto(live_server.url + "/search/?q=vaccines")
    assert "3 results" in page.inner_text("main .lede")

    page.get_by_label("Rating", exact=True).select_option("false")
    page.get_by_label("Topic", exact=True).select_option("health")
    page.get_by_label("Published from").fill("2026-01-01")
    page.locator(".search-filters button[type=submit]").click()
    page.wait_for_url("**/search/?q=vaccines&rating=false&topic=health&claimant=&language=&published_from=2026-01-01*")
    assert "1 result" in page.inner_text("main .lede")
    assert page.locator("main .claim-card-title mark").first.inner_text() == "Vaccines"
    assert page.locator("main .claim-card-title a").inner_text().endswith("cause the flu")
    assert no_horizontal_scroll(page)
    page.screenshot(path=screenshot_dir / f"search-filters-en-{name}.png", full_page=True)

    # The URL is the search: opened afresh, it shows the same result with the same choices.
    again = open_page(viewport=viewport)
    again.goto(page.url)
    assert again.locator("#filter-rating").input_value() == "false"
    assert "1 result" in again.inner_text("main .lede")

    page.get_by_label("Published until").fill("2025-01-01")
    page.locator(".search-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "The start date is after the end date." in page.inner_text("main")
    assert page.locator("main .claim-card").count() == 0
    assert no_horizontal_scroll(page)
    # The one 400 is the answer to the bad range, by design (Chromium logs it too); nothing else may fail.
    expected = {
        f"400: {page.url}",
        "console: Failed to load resource: the server responded with a status of 400 (Bad Request)",
    }
    assert set(problems) <= expected
    assert f"400: {page.url}" in problems
