"""Static files reach readers through whitenoise with hashed names and far-future caching."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_pages_link_hashed_static_files_that_whitenoise_serves_with_long_caching(client):
    body = client.get("/").content.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/claims/site\.[0-9a-f]{12}\.css)">', body).group(1)
    favicon = re.search(r'<link rel="icon" href="(/static/claims/favicon\.[0-9a-f]{12}\.svg)"', body).group(1)
    for url in (stylesheet, favicon):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "immutable" in response.headers["Cache-Control"]
        assert "max-age=315360000" in response.headers["Cache-Control"]


def test_the_stylesheet_uses_logical_properties_for_right_to_left_layouts(client):
    body = client.get("/").content.decode()
    url = re.search(r'href="(/static/claims/site\.[0-9a-f]{12}\.css)"', body).group(1)
    css = b"".join(client.get(url).streaming_content).decode()
    assert "margin-inline" in css and "padding-inline-start" in css
    assert not re.search(r"(margin|padding)-(left|right)\s*:", css)
    assert ":focus-visible" in css
