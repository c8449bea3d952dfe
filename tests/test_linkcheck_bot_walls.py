"""Bot walls and challenges are `blocked` ("we could not tell"), never a verdict on the page."""

from __future__ import annotations

import pytest

from claims.linkcheck.fetch import check_url
from claims.linkcheck.outcomes import LinkOutcome
from tests.linkcheck_sites import local_site, page, respond
from tests.test_linkcheck_outcomes import config_for

ARTICLE = b"<html><body><h1>Court ruling</h1><p>The appeal was rejected on Monday.</p></body></html>"
CHALLENGE = (
    "<html><head><title>Just a moment...</title></head><body>"
    "<script src='/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1'></script></body></html>"
)


@pytest.mark.parametrize(
    "route",
    [
        page(403, CHALLENGE, cf_mitigated="challenge", Server="cloudflare"),  # Cloudflare managed challenge
        page(503, CHALLENGE, Server="cloudflare"),  # Cloudflare, by its page
        page(403, "<html><body>blocked</body></html>", x_datadome="protected"),  # DataDome
        page(403, "<script src='https://ct.captcha-delivery.com/c.js'></script>"),  # DataDome, by its page
        page(403, "<div id='px-captcha'></div>"),  # HUMAN / PerimeterX
        page(403, "<iframe src='/_Incapsula_Resource?SWUDNSAI=1'></iframe>"),  # Imperva
        page(403, "<h1>Access Denied</h1><p>Reference #18.1</p>", Server="AkamaiGHost"),  # Akamai
        page(202, "", x_amzn_waf_action="challenge"),  # AWS WAF challenge, sent with a 2xx
        page(451, "<p>Unavailable for legal reasons</p>"),
        page(999, "<p>Request denied</p>"),  # LinkedIn and others
    ],
)
def test_a_bot_wall_or_challenge_is_blocked_with_the_reason(route):
    with local_site() as site:
        site.routes["/ruling"] = route
        result = check_url(site.url("/ruling"), config=config_for(site))
    assert result.outcome == LinkOutcome.BLOCKED, result.detail
    assert "a person must look" in result.detail
    assert not result.is_transient


def test_a_page_that_refuses_the_first_request_but_serves_a_browser_like_one_is_ok():
    def picky(handler):
        accept = handler.headers.get("Accept") or ""
        if "image/webp" in accept and handler.headers.get("Accept-Language"):
            respond(handler, 200, ARTICLE)
        else:
            respond(handler, 403, b"<p>Forbidden</p>")

    with local_site() as site:
        site.routes["/ruling"] = picky
        result = check_url(site.url("/ruling"), config=config_for(site))
        hits = site.hits("/ruling")
    assert result.outcome == LinkOutcome.OK, result.detail
    assert result.status_code == 200
    assert hits == ["GET", "GET"]


def test_a_plain_403_is_forbidden_with_a_reason_for_the_editor():
    with local_site() as site:
        site.routes["/members"] = page(403, "<p>Members only</p>")
        result = check_url(site.url("/members"), config=config_for(site))
    assert result.outcome == LinkOutcome.FORBIDDEN
    assert "a person must look" in result.detail


def test_an_ordinary_404_page_is_not_taken_for_a_bot_wall():
    with local_site() as site:
        site.routes["/missing"] = page(404, "<p>Not found</p>", Server="cloudflare")
        result = check_url(site.url("/missing"), config=config_for(site))
    assert result.outcome == LinkOutcome.NOT_FOUND
