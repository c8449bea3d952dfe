"""The public tip line: a reader suggests a claim to check; bad input gets a clear message and stores nothing."""

from __future__ import annotations

import pytest

from claims.tips.models import Tip

pytestmark = pytest.mark.django_db

VALID = {
    "text": "The minister said petrol prices fell by half this year.",
    "seen_at": "https://social.example.org/post/1",
    "contact_email": "reader@example.org",
    "contact_consent": "on",
    "website": "",
}


def test_the_tip_form_is_linked_from_every_footer_and_is_never_cached(client):
    home = client.get("/").content.decode()
    assert 'href="/tips/new/"' in home.split('<footer class="site-footer">')[1]
    response = client.get("/tips/new/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "You may use this address to contact me about this tip" in response.content.decode()


def test_a_tip_is_stored_as_new_and_the_reader_is_thanked(client):
    response = client.post("/tips/new/", VALID)
    assert response.status_code == 302 and response["Location"] == "/tips/thanks/"
    tip = Tip.objects.get()
    assert tip.status == Tip.Status.NEW
    assert tip.text == VALID["text"]
    assert tip.seen_at == VALID["seen_at"]
    assert tip.contact_email == "reader@example.org" and tip.contact_consent
    assert "Thank you for your tip" in client.get("/tips/thanks/").content.decode()


def test_a_tip_without_url_or_email_is_fine(client):
    assert client.post("/tips/new/", {"text": "Ten million trees were planted last year."}).status_code == 302
    tip = Tip.objects.get()
    assert tip.seen_at == "" and tip.contact_email == "" and not tip.contact_consent


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": ""}, "This field is required."),
        ({"text": "short"}, "Please describe the claim in a few words at least."),
        ({"text": "x" * 2001}, "Ensure this value has at most 2000 characters"),
        ({"seen_at": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"contact_email": "not-an-address"}, "Enter a valid email address."),
        ({"contact_consent": ""}, "Tick this box so that we may keep your address"),
        ({"text": "Null \x00 byte in the claim text"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_gets_a_400_with_the_reason_and_stores_nothing(client, change, message):
    response = client.post("/tips/new/", {**VALID, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Tip.objects.count() == 0
