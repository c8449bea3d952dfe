"""A history page asked for an id that cannot exist answers 404, as the change page does, on every history admin."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from claims.admin.history import GuardedHistoryAdmin

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "1.5", "null", "1;2", "\u202e1"]


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_every_history_page_answers_404_to_an_id_that_is_not_one(admin_client, bad_id):
    history_admins = [m for m, a in admin.site._registry.items() if isinstance(a, GuardedHistoryAdmin)]
    assert len(history_admins) >= 7
    for model in history_admins:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[bad_id])
        assert admin_client.get(url).status_code == 404, url
