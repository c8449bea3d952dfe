"""A new fact check logged with the keyboard only, in Chromium, at desktop width and at 1,280 px.

Claimant, claim, verdict, two citations, then "Save and send to review": focus moves by Tab (and Shift+Tab)
only, choices are made by typing and Enter; no mouse click and no script sets a value.
"""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimSource, Verdict
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector` (a real keyboard path, or the test fails)."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} is not reachable with Tab")


def choose_source(page, row: int, query: str) -> None:
    """Open the row's source autocomplete from the keyboard, search, and take the first result."""
    tab_to(page, f"#claim_sources-{row} .field-source .select2-selection")
    page.keyboard.press("Enter")
    page.keyboard.type(query)
    page.wait_for_selector(".select2-results__option--highlighted:not(.loading-results)")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('#id_claim_sources-{row}-source').value !== ''")


@pytest.mark.parametrize("width", [1920, 1280])
def test_an_editor_logs_a_new_fact_check_with_the_keyboard_only(chromium, live_server, editor, width, screenshot_dir):
    factories.SourceFactory(title="Marathon federation statement", url="https://example.org/federation")
    factories.SourceFactory(title="Registration list of runners", url="https://example.org/registrations")
    false = factories.rating("false")

    page = chromium.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Browsers also ask for /favicon.ico on their own: not ours.
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.location.get("url", "").endswith("/favicon.ico")
            and errors.append(message.text)
        ),
    )
    page.goto(live_server.url + "/admin/login/?next=/admin/claims/claim/add/")
    tab_to(page, "#id_username")
    page.keyboard.type(editor.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("#claim_form")

    tab_to(page, "#id_text")
    page.keyboard.type("Women may now run the Tehran marathon.")
    tab_to(page, "#id_new_claimant_name")
    page.keyboard.type("Ali Rezaei")
    tab_to(page, "#id_language")
    page.keyboard.press("Control+A")
    page.keyboard.type("en")

    tab_to(page, "#id_verdict-0-rating")
    page.keyboard.type(false.label)
    tab_to(page, "#id_verdict-0-conclusion")
    page.keyboard.type("No such rule was announced.")

    choose_source(page, 0, "federation")
    tab_to(page, "#id_claim_sources-0-role")
    page.keyboard.type("Supports")
    tab_to(page, "#claim_sources-group .add-row a")
    page.keyboard.press("Enter")
    page.wait_for_selector("#claim_sources-1")
    choose_source(page, 1, "registration")
    tab_to(page, "#id_claim_sources-1-role")
    page.keyboard.type("Refutes")

    tab_to(page, "input[name=_save_send_review]")
    page.screenshot(path=str(screenshot_dir / f"admin-new-fact-check-{width}.png"), full_page=True)
    page.keyboard.press("Enter")
    page.wait_for_selector("#changelist")

    claim = Claim.objects.get()
    assert claim.claimant.name == "Ali Rezaei"
    assert (claim.verdict.status, claim.verdict.rating) == (Verdict.Status.IN_REVIEW, false)
    cited = ClaimSource.objects.filter(claim=claim).order_by("position")
    assert [(c.source.title, c.role) for c in cited] == [
        ("Marathon federation statement", ClaimSource.Role.SUPPORTS),
        ("Registration list of runners", ClaimSource.Role.REFUTES),
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert errors == []
    page.close()
