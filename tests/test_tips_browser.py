"""The tip form in headless Chromium on a desktop and a phone: a reader sends a tip; a robot filling the hidden
honeypot stores nothing; the tip past the hourly limit is refused kindly; no console errors."""

from __future__ import annotations

import pytest

from claims.tips.models import Tip
from tests.test_pages_browser import DESKTOP, PHONE, browser_context, no_horizontal_scroll  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_a_reader_sends_a_tip_a_robot_is_ignored_and_the_limit_is_kind(
    browser_context,  # noqa: F811
    live_server,
    screenshot_dir,
    settings,
    viewport,
    name,
):
    settings.TIPS_PER_ADDRESS_PER_HOUR = 2
    open_page, problems = browser_context
    page = open_page(viewport=viewport)
    page.goto(live_server.url + "/")
    page.locator(".site-footer").get_by_role("link", name="Suggest a claim to check").click()
    page.wait_for_url("**/tips/new/")
    # The honeypot is not something a person can see or reach with the keyboard.
    assert not page.locator("#id_website").is_visible() or page.locator("#id_website").bounding_box()["x"] < 0
    assert page.locator("#id_website").get_attribute("tabindex") == "-1"
    assert no_horizontal_scroll(page)

    page.get_by_label("What claim should we check?").fill("The minister said petrol prices fell by half.")
    page.get_by_label("Where did you see it? (optional)").fill("https://social.example.org/post/1")
    page.get_by_label("Your e-mail (optional)").fill("reader@example.org")
    page.get_by_label("You may use this address").check()
    page.screenshot(path=screenshot_dir / f"tip-form-en-{name}.png", full_page=True)
    page.get_by_role("button", name="Send the tip").click()
    page.wait_for_url("**/tips/thanks/")
    assert "Thank you for your tip" in page.inner_text("h1")
    tip = Tip.objects.get()
    assert tip.contact_email == "reader@example.org" and tip.seen_at == "https://social.example.org/post/1"

    # A robot fills every field it finds, the honeypot included: thanked, nothing stored.
    page.goto(live_server.url + "/tips/new/")
    page.get_by_label("What claim should we check?").fill("Cheap watches for sale in our shop!")
    page.evaluate("document.getElementById('id_website').value = 'https://spam.example.com'")
    page.get_by_role("button", name="Send the tip").click()
    page.wait_for_url("**/tips/thanks/")
    assert Tip.objects.count() == 1

    # Third tip from this address within the hour: refused with a message, the text kept in the form.
    page.goto(live_server.url + "/tips/new/")
    page.get_by_label("What claim should we check?").fill("Another claim about the price of bread this year.")
    page.get_by_role("button", name="Send the tip").click()
    page.wait_for_load_state()
    assert "You have sent several tips in the last hour" in page.inner_text("main [role=alert]")
    assert page.get_by_label("What claim should we check?").input_value().startswith("Another claim")
    assert Tip.objects.count() == 1
    assert no_horizontal_scroll(page)
    expected = {
        f"429: {live_server.url}/tips/new/",
        "console: Failed to load resource: the server responded with a status of 429 (Too Many Requests)",
    }
    assert set(problems) <= expected
    assert f"429: {live_server.url}/tips/new/" in problems
