"""The browser harness works: Debian's chromium, through Playwright, renders the live server's home page."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chromium_renders_the_home_page_with_the_seed_claims(chromium, live_server, worked_example):
    page = chromium.new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + "/")
    assert "given the okay" in page.inner_text("main")
    assert errors == []
    page.close()
