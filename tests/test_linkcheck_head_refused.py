"""A server that mishandles HEAD is judged by what a browser gets: the checker asks with GET."""

from __future__ import annotations

import pytest

from claims.linkcheck.fetch import check_url
from claims.linkcheck.outcomes import LinkOutcome
from tests.linkcheck_sites import local_site, respond
from tests.test_linkcheck_outcomes import config_for

ARTICLE = b"<html><body><h1>Budget 2026</h1><p>The minister said the deficit halved.</p></body></html>"


def refuses_head(status: int):
    def route(handler):
        if handler.command == "HEAD":
            respond(handler, status, b"")
        else:
            respond(handler, 200, ARTICLE)

    return route


def drops_head(handler):
    if handler.command == "HEAD":
        handler.close_connection = True  # close without a word, as some servers do
        return
    respond(handler, 200, ARTICLE)


@pytest.mark.parametrize("status", [400, 403, 404, 405, 410, 500, 501, 503])
def test_a_page_that_refuses_head_with_any_error_status_but_serves_get_is_ok(status):
    with local_site() as site:
        site.routes["/budget"] = refuses_head(status)
        result = check_url(site.url("/budget"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK, result.detail
    assert result.status_code == 200
    assert len(result.content_fingerprint) == 64


def test_a_page_that_drops_the_connection_on_head_but_serves_get_is_ok():
    with local_site() as site:
        site.routes["/budget"] = drops_head
        result = check_url(site.url("/budget"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK, result.detail
