from __future__ import annotations

import pytest

from claims.linkcheck.urls import normalize_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("HTTPS://Example.ORG:443/Path?q=1#frag", "https://example.org/Path?q=1"),
        ("http://example.org:80", "http://example.org/"),
        ("  http://example.org:8080/a  ", "http://example.org:8080/a"),
        ("http://[2001:DB8::1]/x", "http://[2001:db8::1]/x"),
    ],
)
def test_it_normalises_scheme_host_port_and_fragment(given, expected):
    assert normalize_url(given) == expected


@pytest.mark.parametrize(
    "bad", ["ftp://example.org/", "example.org/page", "http:///nohost", "http://example.org:99999/"]
)
def test_it_rejects_what_is_not_an_http_url(bad):
    with pytest.raises(ValueError):
        normalize_url(bad)
