"""Redirect targets are read as browsers read them (WHATWG URL rules), then judged by the guard like any URL."""

from __future__ import annotations

import pytest

from claims.linkcheck.fetch import check_url, location_target
from claims.linkcheck.outcomes import LinkOutcome
from tests.linkcheck_sites import local_site, page
from tests.test_linkcheck_outcomes import config_for

ARTICLE = "<html><body><h1>Report</h1><p>Inflation fell to 31 per cent.</p></body></html>"


def raw_redirect(location: bytes, status: int = 302):
    """A redirect whose Location header is written as raw bytes (send_header would refuse non-Latin-1)."""

    def route(handler):
        handler.send_response(status)
        handler._headers_buffer.append(b"Location: " + location + b"\r\n")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


@pytest.mark.parametrize(
    ("location", "final_path"),
    [
        (b"/a page", "/a%20page"),  # a space, which every browser follows as %20
        ("/خبر/۱".encode(), "/%D8%AE%D8%A8%D8%B1/%DB%B1"),  # raw UTF-8 bytes
        (b"  /trimmed  ", "/trimmed"),  # surrounding white space
        (b"../up", "/up"),  # relative to the redirecting URL
        (b"next?q=a b", "/dir/next?q=a%20b"),
    ],
)
def test_a_location_a_browser_follows_is_followed_to_the_page(location, final_path):
    with local_site() as site:
        site.routes["/dir/from"] = raw_redirect(location)
        site.routes[final_path.split("?")[0]] = page(200, ARTICLE)
        result = check_url(site.url("/dir/from"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK, result.detail
    assert result.final_url == site.url(final_path)


def test_a_scheme_relative_location_keeps_the_scheme():
    assert location_target("http://example.org/a/b", "//example.net/c d") == "http://example.net/c%20d"


def test_a_location_no_browser_could_follow_is_an_invalid_url():
    with local_site() as site:
        site.routes["/from"] = raw_redirect(b"http://exa mple.org/")
        result = check_url(site.url("/from"), config=config_for(site))
    assert result.outcome == LinkOutcome.INVALID_URL
