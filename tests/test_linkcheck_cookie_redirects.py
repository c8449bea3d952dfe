"""Cookies set along one check's redirect chain are sent on its later hops, and never kept between checks."""

from __future__ import annotations

from claims.linkcheck.fetch import LinkChecker, check_url
from claims.linkcheck.outcomes import LinkOutcome
from tests.linkcheck_sites import local_site, respond
from tests.test_linkcheck_outcomes import config_for

ARTICLE = b"<html><body><h1>Election results</h1><p>Turnout was 48 per cent.</p></body></html>"


def cookie_gate(handler):
    """Redirects to itself once to set a cookie, and serves the page when the cookie comes back."""
    if "visited=1" in (handler.headers.get("Cookie") or ""):
        respond(handler, 200, ARTICLE)
    else:
        respond(handler, 302, b"", {"Location": handler.path, "Set-Cookie": "visited=1; Path=/"})


def test_a_page_that_redirects_to_itself_to_set_a_cookie_is_ok():
    with local_site() as site:
        site.routes["/results"] = cookie_gate
        result = check_url(site.url("/results"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK, result.detail
    assert result.status_code == 200
    assert result.redirect_chain == [{"url": site.url("/results"), "status": 302}]


def test_a_cookie_set_on_one_hop_is_sent_on_the_next_hop_to_another_path():
    seen = {}

    def needs_session(handler):
        seen["cookie"] = handler.headers.get("Cookie")
        respond(handler, 200 if seen["cookie"] == "session=abc" else 403, ARTICLE)

    with local_site() as site:
        site.routes["/start"] = lambda h: respond(h, 302, b"", {"Location": "/page", "Set-Cookie": "session=abc"})
        site.routes["/page"] = needs_session
        result = check_url(site.url("/start"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK, result.detail
    assert seen["cookie"] == "session=abc"


def test_a_redirect_loop_that_keeps_setting_the_same_cookie_is_still_a_loop():
    with local_site() as site:
        site.routes["/loop"] = lambda h: respond(h, 302, b"", {"Location": "/loop", "Set-Cookie": "a=1"})
        result = check_url(site.url("/loop"), config=config_for(site))
    assert result.outcome == LinkOutcome.TOO_MANY_REDIRECTS


def test_cookies_from_one_check_are_not_sent_by_the_next_check():
    cookies = []

    def record(handler):
        cookies.append(handler.headers.get("Cookie"))
        respond(handler, 200, ARTICLE, {"Set-Cookie": "tracker=1; Path=/"})

    with local_site() as site:
        site.routes["/page"] = record
        with LinkChecker(config_for(site, detect_soft_404=False)) as checker:
            assert checker.check(site.url("/page")).outcome == LinkOutcome.OK
            assert checker.check(site.url("/page")).outcome == LinkOutcome.OK
    assert cookies == [None, None]
