"""A small 200 page that only redirects (meta refresh or a bare script `location`) is followed like a redirect."""

from __future__ import annotations

import pytest

from claims.linkcheck.fetch import check_url
from claims.linkcheck.outcomes import LinkOutcome
from tests.linkcheck_sites import local_site, page
from tests.test_linkcheck_outcomes import config_for

ARTICLE = "<html><body><h1>Moved story</h1><p>The dam holds 12 per cent of its capacity.</p></body></html>"


@pytest.mark.parametrize(
    "redirect_page",
    [
        '<html><head><meta http-equiv="refresh" content="0; url=/new/story"></head><body></body></html>',
        "<html><head><meta http-equiv=Refresh content='1;URL=\"/new/story\"'></head></html>",
        '<html><body><script>window.location.href = "/new/story";</script></body></html>',
        "<html><body><script>location.replace('/new/story')</script></body></html>",
    ],
)
def test_a_meta_refresh_or_script_redirect_page_is_followed_to_its_target(redirect_page):
    with local_site() as site:
        site.routes["/old"] = page(200, redirect_page)
        site.routes["/new/story"] = page(200, ARTICLE)
        result = check_url(site.url("/old"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK, result.detail
    assert result.final_url == site.url("/new/story")
    assert result.redirect_chain == [{"url": site.url("/old"), "status": 200, "via": "page"}]


def test_a_meta_refresh_to_a_missing_page_is_not_found():
    with local_site() as site:
        site.routes["/old"] = page(200, '<meta http-equiv="refresh" content="0;url=/gone">')
        result = check_url(site.url("/old"), config=config_for(site))
    assert result.outcome == LinkOutcome.NOT_FOUND
    assert result.final_url == site.url("/gone")


def test_a_page_that_refreshes_itself_is_not_a_redirect():
    body = '<html><head><meta http-equiv="refresh" content="300"></head><body><p>Live blog</p></body></html>'
    with local_site() as site:
        site.routes["/live"] = page(200, body)
        result = check_url(site.url("/live"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK
    assert result.redirect_chain == []


@pytest.mark.parametrize("script", ['location.href = "#"', "location.replace('#top')", 'location = "?"'])
def test_a_script_that_points_back_at_the_page_itself_is_not_a_redirect(script):
    with local_site() as site:
        site.routes["/widget"] = page(200, f"<html><body><p>Tool</p><script>{script}</script></body></html>")
        result = check_url(site.url("/widget"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK, result.detail
    assert result.redirect_chain == []


def test_a_script_location_inside_a_large_page_is_not_followed():
    body = "<html><body>" + "<p>Long article text.</p>" * 2000 + '<script>location.href="/elsewhere"</script>'
    with local_site() as site:
        site.routes["/article"] = page(200, body)
        result = check_url(site.url("/article"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK
    assert result.final_url == site.url("/article")
