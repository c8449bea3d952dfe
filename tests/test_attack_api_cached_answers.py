"""Attack on c9f6bee's cached API answers (rendered bytes + headers, claims.pagecache.cached_api_data) and on the
permission class that now decides reads without the queryset (claims.api.permissions).

Each test reads as an outsider would: anonymous, over another scheme or host, with a token, with a validator,
in another language, and writes without the right permission.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings
from rest_framework.test import APIClient

from claims.models import Claim
from tests import factories
from tests.api_support import fresh_throttle_counters, token_client  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_published():
    return factories.PublishedVerdictFactory.create_batch(3)


def test_a_plain_http_answer_is_not_replayed_to_https_readers(three_published):
    """The `next` cursor link is absolute (scheme and host). The key held the host but not the scheme: one
    plain-http request (SECURE_SSL_REDIRECT off, or a proxy that forwards X-Forwarded-Proto: http) planted
    http:// links in the answer every https reader got for a minute."""
    plain = APIClient().get("/api/v1/claims/?page_size=1")
    assert plain.json()["next"].startswith("http://")

    secure = APIClient().get("/api/v1/claims/?page_size=1", secure=True)
    assert secure.json()["next"].startswith("https://"), secure.json()["next"]


def test_another_host_gets_its_own_links(three_published):
    """Held: the key holds the host (only ALLOWED_HOSTS reach the view at all)."""
    with override_settings(ALLOWED_HOSTS=["testserver", "mirror.example"]):
        APIClient().get("/api/v1/claims/?page_size=1")
        mirror = APIClient().get("/api/v1/claims/?page_size=1", HTTP_HOST="mirror.example")
    assert mirror.json()["next"].startswith("http://mirror.example/")


def test_a_cached_answer_keeps_its_headers_its_etag_and_answers_304(three_published):
    client = APIClient()
    first = client.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="fa")
    second = client.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="fa")
    assert second.content == first.content
    for header in ("Content-Type", "Vary", "Allow", "Content-Language", "ETag"):
        assert second[header] == first[header], header
    assert second["Content-Language"] == "fa"
    assert "Accept-Language" in second["Vary"] and "Accept" in second["Vary"]
    assert client.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="fa", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    head = client.head("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="fa")
    assert head.status_code == 200 and head["Content-Type"] == "application/json"


def test_lang_and_accept_language_variants_are_kept_apart_and_a_translation_edit_shows_at_once(three_published):
    rating = three_published[0].rating
    url = f"/api/v1/claims/{three_published[0].claim_id}/"
    english = APIClient().get(url).json()
    persian = APIClient().get(url + "?lang=fa").json()
    persian_by_header = APIClient().get(url, HTTP_ACCEPT_LANGUAGE="fa").json()
    assert persian == persian_by_header != english

    rating.translations = {**rating.translations, "fa": {"label": "کاملاً ساختگی", "description": ""}}
    rating.save()
    assert "کاملاً ساختگی" in APIClient().get(url + "?lang=fa").content.decode()
    assert "کاملاً ساختگی" not in APIClient().get(url).content.decode()


def test_a_token_reader_never_gets_an_anonymous_answer_cached_for_it_nor_plants_one(three_published, editor):
    """Held: reads are the public queryset for everyone, and only anonymous answers are cached or replayed."""
    draft = factories.VerdictFactory(claim__text="DRAFT-NOT-PUBLIC wording")
    with_token = token_client(editor)
    assert with_token.get(f"/api/v1/claims/{draft.claim_id}/").status_code == 404
    listing = with_token.get("/api/v1/claims/").content
    assert b"DRAFT-NOT-PUBLIC" not in listing
    assert APIClient().get(f"/api/v1/claims/{draft.claim_id}/").status_code == 404
    # A bad token is a 401, never the cached anonymous 200.
    APIClient().get("/api/v1/claims/")
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert bad.get("/api/v1/claims/").status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/claims/"),
        ("patch", "/api/v1/claims/{id}/"),
        ("put", "/api/v1/claims/{id}/"),
        ("delete", "/api/v1/claims/{id}/"),
        ("post", "/api/v1/sources/"),
    ],
)
def test_anonymous_and_view_only_writes_are_refused(three_published, method, path):
    """Held: the permission class lets only GET/HEAD/OPTIONS through without a check."""
    claim = three_published[0].claim
    url = path.format(id=claim.pk)
    anonymous = getattr(APIClient(), method)(url, {"text": "Rewritten by a stranger"}, format="json")
    assert anonymous.status_code in (401, 403, 405)
    viewer = factories.UserFactory(username="viewer")
    viewer.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    view_only = getattr(token_client(viewer), method)(url, {"text": "Rewritten by a viewer"}, format="json")
    assert view_only.status_code in (403, 405)
    assert Claim.objects.get(pk=claim.pk).text == claim.text


def test_an_options_request_is_answered_and_never_served_from_the_read_cache(three_published):
    client = APIClient()
    client.get("/api/v1/claims/")
    options = client.options("/api/v1/claims/")
    assert options.status_code == 200
    assert options.json().get("name")  # DRF's metadata, not the cached list


def test_a_throttled_429_is_never_cached_nor_replayed_to_other_readers(three_published, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/minute"},
    }
    greedy = APIClient(REMOTE_ADDR="198.51.100.7")
    assert greedy.get("/api/v1/claims/").status_code == 200
    assert greedy.get("/api/v1/claims/").status_code == 200  # from the cache, still counted
    throttled = greedy.get("/api/v1/claims/")
    assert throttled.status_code == 429
    assert "Retry-After" in throttled
    other = APIClient(REMOTE_ADDR="198.51.100.8").get("/api/v1/claims/")
    assert other.status_code == 200
    assert len(other.json()["results"]) == 3
