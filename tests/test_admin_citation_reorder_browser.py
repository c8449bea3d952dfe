"""In Chromium: citation rows move up and down with buttons (keyboard, named for screen readers), and the order
seen is the order saved."""

from __future__ import annotations

import pytest

from claims.models import ClaimSource
from tests import factories
from tests.test_admin_duplicate_url_browser import watch_errors
from tests.test_admin_keyboard_fact_check import PASSWORD, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shown_order(page) -> list[str]:
    """The cited sources' titles as the rows show them, top to bottom (saved rows and new ones)."""
    return page.eval_on_selector_all(
        "#claim_sources-group tbody tr.form-row:not(.empty-form)",
        """rows => rows.map(row => {
            const select = row.querySelector('.field-source select');
            const url = row.querySelector('.field-source_url input');
            return (select && select.selectedOptions.length && select.selectedOptions[0].text) || (url && url.value);
        })""",
    )


def claim_page_as(chromium, live_server, editor, claim):
    """(page, errors): a 1280×900 page logged in as `editor` on the claim's change page (not yet waited for);
    `errors` collects the page's script errors."""
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    watch_errors(page, errors)
    change_url = f"/admin/claims/claim/{claim.pk}/change/"
    page.goto(f"{live_server.url}/admin/login/?next={change_url}")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    return page, errors


def save_and_read_order(page, claim) -> list[str]:
    """Press "Save and continue editing", wait for the success message, and return the cited sources' titles in
    their saved order."""
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    return list(ClaimSource.objects.filter(claim=claim).order_by("position").values_list("source__title", flat=True))


def test_the_third_citation_moved_up_twice_is_saved_first_and_stays_first(
    chromium, live_server, editor, screenshot_dir
):
    claim = factories.ClaimFactory(text="Women may now run the Tehran marathon.")
    sources = [
        factories.SourceFactory(title=title, url=f"https://news.example.org/{slug}")
        for title, slug in [("Organiser interview", "interview"), ("Federation list", "list"), ("Minister", "minister")]
    ]
    page, errors = claim_page_as(chromium, live_server, editor, claim)
    page.wait_for_selector("#claim_form")

    # Three citations, pasted by URL (each URL is an existing source's: it is cited, not copied).
    for row, (source, role) in enumerate(zip(sources, ["appearance", "supports", "refutes"], strict=True)):
        if row:
            page.click("#claim_sources-group .add-row a")
            page.wait_for_selector(f"#claim_sources-{row}")
        page.fill(f"#id_claim_sources-{row}-source_url", source.url)
        page.select_option(f"#id_claim_sources-{row}-role", role)
    assert shown_order(page) == [s.url for s in sources]

    up = page.locator("#claim_sources-2 .citation-move__up")
    assert up.get_attribute("aria-label") == "Move this citation up"
    assert page.locator("#claim_sources-2 .citation-move__down").get_attribute("aria-label") == (
        "Move this citation down"
    )
    up.focus()
    page.keyboard.press("Enter")  # a keyboard press; the focus stays on the button, so twice is Enter, Enter
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('citation-move__up')")
    assert shown_order(page) == [sources[2].url, sources[0].url, sources[1].url]
    assert page.locator("#claim_sources-2 .citation-move__up").get_attribute("aria-disabled") == "true"
    assert page.text_content("#claim_sources-group .citation-move-status") == "Citation moved to position 1."
    page.locator("#claim_sources-group").screenshot(path=str(screenshot_dir / "admin-citation-reorder.png"))

    saved = save_and_read_order(page, claim)
    assert saved == ["Minister", "Organiser interview", "Federation list"]

    page.reload()
    page.wait_for_selector("#claim_sources-group .citation-move__up")
    assert shown_order(page)[:3] == ["Minister", "Organiser interview", "Federation list"]

    # Tab reaches the buttons from the order field; moving the first saved row down swaps it with the second.
    page.focus("#id_claim_sources-0-position")
    tab_to(page, "#claim_sources-0 .citation-move__down", limit=3)
    page.keyboard.press("Space")
    assert shown_order(page)[:3] == ["Organiser interview", "Minister", "Federation list"]
    saved = save_and_read_order(page, claim)
    assert saved == ["Organiser interview", "Minister", "Federation list"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert errors == []
    page.close()


def test_removing_a_new_row_after_moving_it_above_a_saved_one_loses_no_citation(chromium, live_server, editor):
    claim = factories.ClaimFactory()
    saved_source, new_source, dropped_source = (
        factories.SourceFactory(title=title) for title in ("Saved", "New", "Dropped")
    )
    factories.ClaimSourceFactory(claim=claim, source=saved_source, role="supports", position=0)
    page, errors = claim_page_as(chromium, live_server, editor, claim)
    page.wait_for_selector("#claim_form")

    page.fill("#id_claim_sources-1-source_url", new_source.url)
    page.select_option("#id_claim_sources-1-role", "refutes")
    page.click("#claim_sources-group .add-row a")
    page.fill("#id_claim_sources-2-source_url", dropped_source.url)
    page.select_option("#id_claim_sources-2-role", "context")
    page.click("#claim_sources-1 .citation-move__up")  # the new row above the saved one
    page.click("#claim_sources-2 .citation-move__up")
    page.click("#claim_sources-2 .citation-move__up")  # and the other new row above both
    assert shown_order(page) == [dropped_source.url, new_source.url, "Saved"]
    page.click("#claim_sources-2 .inline-deletelink")  # inlines.js renames the rows that remain
    assert shown_order(page) == [new_source.url, "Saved"]

    saved = save_and_read_order(page, claim)
    assert saved == ["New", "Saved"]
    assert errors == []
    page.close()


def test_a_row_dragged_by_its_handle_onto_the_first_row_is_saved_first(chromium, live_server, editor):
    claim = factories.ClaimFactory()
    for position, title in enumerate(["First", "Second", "Third"]):
        factories.ClaimSourceFactory(claim=claim, source=factories.SourceFactory(title=title), position=position)
    page, errors = claim_page_as(chromium, live_server, editor, claim)
    page.wait_for_selector("#claim_sources-2 .citation-move__handle")
    assert page.get_attribute("#claim_sources-2 .citation-move__handle", "aria-hidden") == "true"

    page.drag_and_drop("#claim_sources-2 .citation-move__handle", "#claim_sources-0 .field-role")
    assert shown_order(page)[:3] == ["Third", "First", "Second"]
    saved = save_and_read_order(page, claim)
    assert saved == ["Third", "First", "Second"]
    assert errors == []
    page.close()
