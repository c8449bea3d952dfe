"""fetch_guarded: GET one URL through the SSRF guard for other parts of ClaimCheck (importers, title fetchers)."""

from __future__ import annotations

import pytest

from claims.linkcheck.fetch import FetchRefused, fetch_guarded
from claims.linkcheck.outcomes import LinkOutcome
from tests.linkcheck_sites import Listener, allow_local_site, local_site, page, redirect


@pytest.fixture
def site(settings):
    with local_site() as running:
        allow_local_site(settings, running)
        yield running


def test_it_returns_the_status_final_url_headers_and_body(site):
    site.routes["/old"] = redirect("/feed.json", 301)
    site.routes["/feed.json"] = page(200, b'{"claims": []}', Content_Type="application/json", X_Feed="1")
    fetched = fetch_guarded(site.url("/old"), accept="application/json")
    assert fetched.status_code == 200
    assert fetched.final_url == site.url("/feed.json")
    assert fetched.headers["content-type"] == "application/json"
    assert fetched.headers["x-feed"] == "1"
    assert fetched.body == b'{"claims": []}'
    assert not fetched.truncated


def test_it_reads_at_most_max_bytes_of_the_body(site):
    site.routes["/big"] = page(200, b"x" * 50_000, Content_Type="text/plain")
    fetched = fetch_guarded(site.url("/big"), max_bytes=1000)
    assert fetched.body == b"x" * 1000
    assert fetched.truncated


def test_an_error_status_is_an_answer_not_an_exception(site):
    fetched = fetch_guarded(site.url("/missing"))
    assert fetched.status_code == 404


def test_a_redirect_to_a_local_address_is_refused_without_connecting(site):
    trap = Listener("::")
    try:
        site.routes["/out"] = redirect(f"http://127.0.0.2:{trap.port}/admin", 302)
        with pytest.raises(FetchRefused) as refused:
            fetch_guarded(site.url("/out"))
        assert refused.value.outcome == LinkOutcome.UNSAFE_URL
        assert trap.accepted == []
    finally:
        trap.close()


def test_a_url_the_guard_refuses_raises_with_the_reason():
    with pytest.raises(FetchRefused) as refused:
        fetch_guarded("http://169.254.169.254/latest/meta-data/")
    assert refused.value.outcome == LinkOutcome.UNSAFE_URL
    assert "169.254.169.254" in str(refused.value)
