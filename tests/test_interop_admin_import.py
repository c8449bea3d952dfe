"""The admin's "Import ClaimReview" page: editors upload a file or give a URL; refused items are listed with their
position; bad forms are a 400 with the reason, never a 500; readers and the wrong user are refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.interop.models import ExternalFactCheck, ImportRun
from claims.models import Claim
from tests.factories import UserFactory
from tests.interop_support import sample

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/interop/importrun/upload/"


def test_an_editor_uploads_a_feed_and_sees_each_refused_item_with_its_position(editor_client, editor):
    response = editor_client.post(
        UPLOAD, {"file": SimpleUploadedFile("feed.jsonl", sample("reviews.jsonl")), "url": ""}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "3 fact checks imported, 0 updated, 2 items refused." in body
    assert "<td>line 3</td>" in body and "<td>line 4</td>" in body
    assert ExternalFactCheck.objects.count() == 3
    run = ImportRun.objects.get()
    assert (run.origin, run.location, run.imported_by) == ("file", "feed.jsonl", editor)
    assert set(Claim.objects.values_list("verdict__status", flat=True)) == {"draft"}


def test_a_clean_upload_returns_to_the_list_of_imports(editor_client):
    clean = sample("reviews.jsonl").splitlines(keepends=True)[0]
    response = editor_client.post(UPLOAD, {"file": SimpleUploadedFile("one.jsonl", clean)}, follow=True)

    assert response.redirect_chain[-1][0] == "/admin/interop/importrun/"
    assert "1 fact checks imported, 0 updated, 0 items refused." in response.content.decode()
    assert "one.jsonl" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [{}, {"url": "https://example.org/feed.json", "file": "BOTH"}, {"url": "not a url at all"}],
)
def test_a_form_without_exactly_one_valid_input_is_a_400_and_imports_nothing(editor_client, data):
    if data.get("file") == "BOTH":
        data["file"] = SimpleUploadedFile("x.json", b"{}")
    answer = editor_client.post(UPLOAD, data)

    assert answer.status_code == 400
    assert "errorlist" in answer.content.decode()
    assert not ImportRun.objects.exists()


def test_a_private_url_is_refused_and_the_reason_shown(editor_client):
    response = editor_client.post(UPLOAD, {"url": "http://127.0.0.1/feed.json"})

    assert "Refused to fetch" in response.content.decode()
    assert not ExternalFactCheck.objects.exists()


def test_staff_without_the_import_permission_are_refused(client):
    client.force_login(UserFactory(username="clerk", is_staff=True))

    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": SimpleUploadedFile("f.jsonl", sample("reviews.jsonl"))}).status_code == 403
    assert not ImportRun.objects.exists()


def test_a_reader_is_sent_to_the_login_page(client):
    response = client.get(UPLOAD)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
