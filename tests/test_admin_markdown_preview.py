"""The explanation's Markdown preview: rendered by the page's own sanitiser, for staff who edit claims only."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from claims.rendering import render_markdown
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/admin/claims/claim/preview-markdown/"
HOSTILE = "**Refuted** by [the list](https://example.org/a).\n\n<script>alert(1)</script>[x](javascript:alert(1))"


def test_the_preview_is_the_same_sanitised_html_as_the_verdict_page(editor_client):
    response = editor_client.post(PREVIEW_URL, {"text": HOSTILE})
    assert response.status_code == 200
    html = response.content.decode()
    assert html == str(render_markdown(HOSTILE))
    assert "<strong>Refuted</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_a_preview_without_text_is_a_400_with_a_reason(editor_client):
    response = editor_client.post(PREVIEW_URL, {})
    assert response.status_code == 400
    assert "text" in response.content.decode()


def test_an_overlong_preview_is_a_400_with_a_reason(editor_client):
    response = editor_client.post(PREVIEW_URL, {"text": "a" * 100_001})
    assert response.status_code == 400
    assert "Too long" in response.content.decode()


def test_a_get_is_refused(editor_client):
    assert editor_client.get(PREVIEW_URL).status_code == 405


def test_readers_and_staff_without_claim_permissions_get_no_preview():
    anonymous = Client().post(PREVIEW_URL, {"text": "x"})
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    bare_staff = Client()
    bare_staff.force_login(UserFactory(is_staff=True))
    assert bare_staff.post(PREVIEW_URL, {"text": "x"}).status_code == 403


def test_the_explanation_box_points_the_script_at_the_preview(editor_client):
    html = editor_client.get("/admin/claims/claim/add/").content.decode()
    assert f'data-markdown-preview="{PREVIEW_URL}"' in html
    assert re.search(r'<script src="/static/claims/admin/markdown_preview(\.[0-9a-f]+)?\.js">', html)
