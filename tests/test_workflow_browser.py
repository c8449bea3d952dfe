"""The review loop and corrections in a real browser: return a verdict to its editor, read the claim timeline, and
see a re-rated verdict's notice next to its rating (screenshots for docs/admin.md)."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim, Rating, Verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def logged_in(chromium, live_server, user, *, width: int = 1280):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and errors.append(f"{r.status} {r.url}"),
    )
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#editors-dashboard")
    return page, errors


def test_a_reviewer_returns_a_verdict_with_a_reason_and_reads_the_claim_timeline(
    screenshot_dir, chromium, live_server, worked_example, reviewer
):
    verdict = Verdict.objects.filter(status=Verdict.Status.IN_REVIEW).select_related("claim").first()
    page, errors = logged_in(chromium, live_server, reviewer)

    page.goto(f"{live_server.url}/admin/claims/claim/{verdict.claim_id}/change/")
    page.select_option("select[name='verdict-0-next_step']", "return")
    page.fill("textarea[name='verdict-0-step_reason']", "The second source is from 2019: cite this year's figures.")
    page.locator("#verdict-group").scroll_into_view_if_needed()
    page.locator("#verdict-group").screenshot(path=str(screenshot_dir / "admin-return-to-editor.png"))
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT
    assert "cite this year" in page.inner_text("#internal_notes-group")

    page.click("text=Timeline")
    page.wait_for_selector(".cc-events")
    assert "Returned to editor" in page.inner_text(".cc-events")
    page.screenshot(path=str(screenshot_dir / "admin-claim-timeline.png"), full_page=True)
    assert errors == []
    page.close()


def test_a_rerated_verdict_shows_its_notice_next_to_the_rating(
    screenshot_dir, chromium, live_server, worked_example, reviewer
):
    claim = Claim.objects.public().filter(language="en", verdict__corrections__isnull=True).first()
    stored = Verdict.objects.get(claim=claim)

    def save() -> None:
        stored.rating = Rating.objects.get(slug="true")
        stored.save()

    services.published_edit_apply(
        verdict=Verdict.objects.get(pk=stored.pk),
        changed_fields=["rating"],
        user=reviewer,
        correction_note="We first read the federation's table wrongly: the claim is accurate.",
        save=save,
    )
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + claim.get_absolute_url())
    notice = page.inner_text(".correction-notice")
    assert notice.startswith("Rating changed from") and "to True on" in notice
    page.locator(".verdict-header").screenshot(path=str(screenshot_dir / "verdict-corrected-notice.png"))
    page.click(".correction-notice a")
    assert "We first read" in page.inner_text("#corrections ~ ol, .correction-list")
    page.goto(live_server.url + "/")
    assert page.locator(".corrected-mark").count() >= 1
    page.close()
