"""Every response carries a Content-Security-Policy that allows scripts from our own origin only, and the language
cookie is Secure and SameSite in production (DEBUG off, as the tests run)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

URLS = ["/", "/search/?q=x", "/feeds/latest/", "/sitemap.xml", "/ratings.css", "/no-such-page/", "/healthz",
        "/admin/login/", "/api/v1/claims/", "/api/docs/", "/api/redoc/", "/api/schema/"]  # fmt: skip


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url", URLS)
def test_the_policy_allows_scripts_from_our_origin_only(url):
    factories.PublishedVerdictFactory()
    policy = directives(Client().get(url))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_inline_styles_are_refused_except_on_the_redoc_page():
    assert "'unsafe-inline'" not in directives(Client().get("/"))["style-src"]
    assert "'unsafe-inline'" in directives(Client().get("/api/redoc/"))["style-src"]


def test_no_reader_page_carries_a_style_attribute_or_inline_script(worked_example):
    for url in ("/", "/claims/straten-mixed-race-given-okay/", "/search/?q=marathon"):
        body = Client().get(url).content.decode()
        assert "style=" not in body, url
        assert "<style" not in body, url
        # The JSON-LD data block is the one inline <script>, and it is never executed.
        assert body.count("<script") == body.count('<script type="application/ld+json">'), url


def test_the_rating_stylesheet_gives_each_badge_its_colour():
    rating = factories.rating("false")
    css = Client().get("/ratings.css")

    assert css["Content-Type"].startswith("text/css")
    assert f".rating-{rating.pk}{{background-color:{rating.colour}}}" in css.content.decode()


def test_the_language_cookie_is_secure_http_only_and_same_site():
    response = Client().post("/language/", {"language": "fa", "next": "/"})
    cookie = response.cookies["django_language"]

    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
