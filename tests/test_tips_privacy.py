"""Tips and the addresses sent with them are never public, not in the API, and deleted after the retention period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from claims.tips.models import Tip
from claims.tips.services import tip_submit, tip_to_claim, tips_purge_expired
from claims.tips.tasks import purge_expired_tips
from tests import factories

pytestmark = pytest.mark.django_db

SECRET_ADDRESS = "whistleblower@example.org"


def aged(tip: Tip, days: int) -> Tip:
    Tip.objects.filter(pk=tip.pk).update(submitted_at=timezone.now() - timedelta(days=days))
    return tip


def test_tips_appear_on_no_public_page_and_in_no_api_response(client, worked_example):
    tip_submit(text="Quixotic tip text nobody else wrote", contact_email=SECRET_ADDRESS, contact_consent=True)
    for url in ("/", "/search/?q=quixotic", "/sitemap.xml", "/api/claims/?q=quixotic", "/api/schema/"):
        response = client.get(url)
        body = response.content.decode()
        assert SECRET_ADDRESS not in body and "Quixotic tip text" not in body, url
    assert client.get("/api/tips/").status_code == 404


def test_the_inbox_is_for_staff_with_the_tips_permission_only(client):
    tip_submit(text="Quixotic tip text nobody else wrote", contact_email=SECRET_ADDRESS, contact_consent=True)
    assert client.get("/admin/tips/tip/").status_code == 302  # to the login page
    client.force_login(factories.UserFactory(username="intern", is_staff=True))
    assert client.get("/admin/tips/tip/").status_code == 403


def test_expired_tips_are_deleted_and_claimed_ones_lose_their_contact_address():
    old = aged(tip_submit(text="An old tip about the budget deficit", contact_email=SECRET_ADDRESS,
                          contact_consent=True), days=91)  # fmt: skip
    claimed = tip_submit(text="An old tip that became a claim", contact_email=SECRET_ADDRESS, contact_consent=True)
    tip_to_claim(tip=claimed, user=factories.UserFactory())
    aged(claimed, days=91)
    recent = tip_submit(text="A recent tip about the budget", contact_email=SECRET_ADDRESS, contact_consent=True)

    assert tips_purge_expired(retention_days=90) == (1, 1)
    assert not Tip.objects.filter(pk=old.pk).exists()
    claimed.refresh_from_db()
    assert claimed.contact_email == "" and claimed.claim is not None
    recent.refresh_from_db()
    assert recent.contact_email == SECRET_ADDRESS


def test_the_retention_period_comes_from_settings_and_the_beat_task_runs_it_daily(settings):
    settings.TIPS_RETENTION_DAYS = 10
    aged(tip_submit(text="An eleven-day-old tip about taxes"), days=11)
    keep = aged(tip_submit(text="A nine-day-old tip about taxes rising"), days=9)
    assert purge_expired_tips.apply().get() == [1, 0]
    assert list(Tip.objects.all()) == [keep]
    schedule = PeriodicTask.objects.get(task="claims.tips.tasks.purge_expired_tips")
    assert schedule.enabled and schedule.crontab is not None
