"""The "Possibly the same claim as…" panel in a real browser: seen, confirmed with one click, saved as a screenshot."""

from __future__ import annotations

import pytest

from claims.matching import services
from claims.models import ClaimRelation
from tests.matching_support import FUEL_EN, FUEL_FA_TRANSLATION, fresh_stored_corpus, seed_claim  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_an_editor_sees_a_possible_repeat_on_the_claim_page_and_confirms_it(
    screenshot_dir, chromium, live_server, editor
):
    original = seed_claim(FUEL_EN)
    seed_claim("Tehran's dams hold only 8 percent of their capacity, so the city will run out of water in a month.")
    repeat = seed_claim(FUEL_FA_TRANSLATION, language="fa", published=False)
    services.claim_refresh_matches(claim_id=repeat.pk)

    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and errors.append(f"{r.status} {r.url}"),
    )
    page.goto(f"{live_server.url}/admin/login/?next=/admin/claims/claim/{repeat.pk}/change/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    panel = page.wait_for_selector("#cc-repeats")
    row = page.locator(f"#cc-repeats tr[data-claim-id='{original.pk}']")
    assert "Possibly the same claim as" in panel.inner_text()
    assert FUEL_EN in row.inner_text()
    assert original.claimant.name in row.inner_text()
    page.screenshot(path=str(screenshot_dir / "admin-claim-repeats.png"), full_page=True)

    row.locator("button[name=confirm]").click()

    page.wait_for_selector(".messagelist .success")
    assert ClaimRelation.objects.filter(from_claim=repeat, to_claim=original, relation="repeats").count() == 1
    assert page.locator("#cc-repeats").count() == 0
    assert errors == []
    page.close()
