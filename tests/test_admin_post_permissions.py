"""No admin URL that accepts a POST writes for a user without the change permission, on any registered model.

The walk covers every ModelAdmin on the admin site (ours, auth, tokens, the beat schedule): add, change, delete,
the changelist's actions and list edits, extra object URLs (a user's password), and django-simple-history's
"Revert" form, which in upstream versions saved on the history *view* permission alone.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.db import models
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, SolarSchedule
from rest_framework.authtoken.models import Token

from claims import services
from claims.interop.models import ExternalFactCheck, ImportRun
from claims.models import Claim, LinkCheck, NewsroomProfile, Verdict
from claims.tips.models import Tip
from tests import factories
from tests.admin_support import change_page_data

pytestmark = pytest.mark.django_db

MARK = " (edited)"


def snapshot() -> dict[str, list[dict]]:
    """Every row of every registered model (and its history), to compare before and after the POSTs."""
    rows = {}
    for model in admin.site._registry:
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
        history = getattr(model, "history", None)
        if history is not None:
            rows[f"{model._meta.label}.history"] = list(history.order_by("pk").values("pk"))
    return rows


def an_edit(obj: models.Model) -> bool:
    """Change one plain text field and save, so that reverting to the first version would change something."""
    obj.save()  # rows loaded from fixtures have no history yet: this is their first version
    for field in obj._meta.concrete_fields:
        plain = type(field) in (models.CharField, models.TextField)
        if plain and field.editable and not field.choices and getattr(obj, field.attname):
            value = getattr(obj, field.attname)
            setattr(obj, field.attname, (value + MARK)[: field.max_length or None])
            obj.save()
            return True
    return False


@pytest.fixture
def every_kind_of_row(worked_example):
    factories.CorrectionFactory()
    source = factories.SourceFactory()
    LinkCheck.objects.create(source=source, checked_at=datetime.now(UTC), url=source.url, outcome="ok")
    Token.objects.create(user=factories.UserFactory(username="token-owner"))
    ClockedSchedule.objects.create(clocked_time=datetime.now(UTC))
    CrontabSchedule.objects.get_or_create(minute="5")
    SolarSchedule.objects.get_or_create(event="sunrise", latitude=35.7, longitude=51.4)
    IntervalSchedule.objects.get_or_create(every=3, period=IntervalSchedule.DAYS)
    # Rows of the subsystems that register their own admins (interop, tips, reader pages, matching, security).
    NewsroomProfile.objects.create(user=factories.UserFactory(username="profile-owner"), public_name="A. Checker")
    run = ImportRun.objects.create(origin=ImportRun.Origin.FILE, location="partner-feed.json")
    ExternalFactCheck.objects.create(
        claim=Claim.objects.order_by("pk").first(), url="https://partner.example.org/check/1", import_run=run
    )
    Tip.objects.create(text="Is it true that the marathon was mixed?", fingerprint="tip-1")
    for model in admin.site._registry:
        if not model._default_manager.exists():
            rows_for_other_apps(model)
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {model._meta.label} to walk"
        if hasattr(model, "history"):
            an_edit(obj)


def rows_for_other_apps(model: type[models.Model]) -> None:
    """A row for a registered model the worked example does not cover: django-axes' lock-out records."""
    if model._meta.app_label != "axes":
        return
    fields = {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
    values = {
        "user_agent": "pytest",
        "ip_address": "127.0.0.1",
        "username": "someone",
        "http_accept": "*/*",
        "path_info": "/admin/login/",
        "get_data": "",
        "post_data": "",
        "failures_since_start": 1,
        "attempt_time": datetime.now(UTC),
        "logout_time": datetime.now(UTC),
    }
    model._default_manager.create(**{name: value for name, value in values.items() if name in fields})


def admin_url(info: tuple[str, str], view: str) -> str:
    return f"admin:{info[0]}_{info[1]}_{view}"


def has_revert_form(model: type[models.Model]) -> bool:
    return any((p.name or "").endswith("_simple_history") for p in admin.site._registry[model].get_urls())


def post_everywhere(client: Client, model: type[models.Model]) -> list[tuple[str, int]]:
    """POST to each admin URL of `model` that accepts one; return (url, status) pairs."""
    model_admin = admin.site._registry[model]
    info = (model._meta.app_label, model._meta.model_name)
    obj = model._default_manager.order_by("pk").first()
    key = obj.pk
    answers = []

    def post(url: str, data: dict) -> None:
        answers.append((url, client.post(url, data).status_code))

    post(reverse(admin_url(info, "add")), {})
    change_url = reverse(admin_url(info, "change"), args=[key])
    page = client.get(change_url)
    data = change_page_data(page) if page.status_code == 200 and "adminform" in (page.context or {}) else {}
    post(change_url, data)
    post(reverse(admin_url(info, "delete"), args=[key]), {"post": "yes"})
    changelist = reverse(admin_url(info, "changelist"))
    for action in ["delete_selected", *(model_admin.actions or [])]:
        name = action if isinstance(action, str) else action.__name__
        post(changelist, {"action": name, ACTION_CHECKBOX_NAME: [key], "post": "yes", "index": 0})
    post(changelist, {"_save": "Save", "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": key})
    for pattern in model_admin.get_urls():
        name = pattern.name or ""
        if name.endswith("_password_change"):
            post(reverse(f"admin:{name}", args=[key]), {"password1": "x-Secret-123", "password2": "x-Secret-123"})
    if has_revert_form(model):
        first = model.history.filter(**{model._meta.pk.attname: key}).order_by("history_date", "history_id").first()
        revert_url = reverse(admin_url(info, "simple_history"), args=[key, first.history_id])
        form_page = client.get(revert_url)
        revert_data = change_page_data(form_page) if form_page.status_code == 200 else {}
        post(revert_url, revert_data)
    return answers


@pytest.fixture
def view_only_client(db) -> Client:
    user = factories.UserFactory(username="watcher", is_staff=True)
    codenames = [f"view_{model._meta.model_name}" for model in admin.site._registry]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def test_a_view_only_user_changes_nothing_through_any_admin_url_of_any_registered_model(
    every_kind_of_row, view_only_client
):
    before = snapshot()
    refused = {}
    for model in admin.site._registry:
        for url, status in post_everywhere(view_only_client, model):
            refused[url] = status
    assert snapshot() == before
    reverts = {url: status for url, status in refused.items() if "/history/" in url}
    assert len(reverts) == sum(has_revert_form(m) for m in admin.site._registry) >= 6
    assert set(reverts.values()) == {403}, reverts


def test_an_editor_changes_nothing_on_models_they_may_only_view_including_by_history_revert(
    every_kind_of_row, editor_client, editor
):
    request = type("Request", (), {"user": editor})()
    view_only = [
        model
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_view_permission(request) and not model_admin.has_change_permission(request)
    ]
    assert {m._meta.label for m in view_only} >= {"claims.Rating", "claims.Correction", "claims.LinkCheck"}
    before = snapshot()
    for model in view_only:
        answers = dict(post_everywhere(editor_client, model))
        reverts = [status for url, status in answers.items() if "/history/" in url]
        assert all(status == 403 for status in reverts), (model, answers)
    assert snapshot() == before


def test_an_editor_history_revert_of_a_published_claim_or_verdict_is_refused_and_changes_nothing(
    editor_client,
):
    verdict = factories.PublishedVerdictFactory(conclusion="As first published.")
    claim = verdict.claim
    claim_text = claim.text
    claim.text = claim_text + MARK
    claim.save()
    verdict.conclusion = "As corrected."
    verdict.save()
    before = snapshot()
    for model, obj in ((Claim, claim), (Verdict, verdict)):
        info = (model._meta.app_label, model._meta.model_name)
        first = obj.history.order_by("history_date", "history_id").first()
        url = reverse(admin_url(info, "simple_history"), args=[obj.pk, first.history_id])
        page = editor_client.get(url)
        response = editor_client.post(url, change_page_data(page))
        assert response.status_code == 200  # the form again, with the refusal
        assert "only a reviewer" in response.content.decode().lower()
    assert snapshot() == before
    verdict.refresh_from_db()
    assert (verdict.conclusion, verdict.claim.text) == ("As corrected.", claim_text + MARK)
    assert services.published_verdict_of(claim_id=claim.pk) is not None
