"""The editors' desk in a real browser: log in through the form, open the dashboard and a claim, save screenshots."""

from __future__ import annotations

import pytest

from claims.linkcheck.outcomes import LinkHealth
from claims.models import Claim, Source
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "correct horse battery staple"


def test_a_reviewer_logs_in_and_sees_the_dashboard_and_a_claim_page(
    screenshot_dir, chromium, live_server, worked_example, reviewer
):
    cited = Source.objects.filter(citations__claim__verdict__status="published").distinct().first()
    Source.objects.filter(pk=cited.pk).update(link_health=LinkHealth.DEAD, last_outcome="not_found")
    claim = Claim.objects.filter(verdict__status="published", claim_sources__isnull=False).distinct().first()

    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Every script, style sheet and image the admin asks for must load (browsers also try /favicon.ico: not ours).
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and errors.append(f"{r.status} {r.url}"),
    )
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", reviewer.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    page.wait_for_selector("#editors-dashboard")
    assert page.inner_text("[data-count=published_with_broken_links]") == "1"
    assert page.locator("#cc-chart svg rect").count() >= 5
    page.screenshot(path=str(screenshot_dir / "admin-dashboard.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/claims/claim/{claim.pk}/change/")
    page.wait_for_selector("#verdict-group")
    assert page.locator("#claim_sources-group tbody tr.has_original").count() == claim.claim_sources.count()
    assert page.get_attribute("textarea[name=text]", "dir") == "auto"
    page.screenshot(path=str(screenshot_dir / "admin-claim-change.png"), full_page=True)

    assert errors == []
    page.close()


def test_a_login_with_a_wrong_password_is_refused(chromium, live_server):
    UserFactory(username="someone", is_staff=True)
    page = chromium.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "someone")
    page.fill("#id_password", "not the password")
    page.click("input[type=submit]")
    assert "Please enter the correct username and password" in page.inner_text(".errornote")
    page.close()
