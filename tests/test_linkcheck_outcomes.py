"""Every link-check outcome, against real local HTTP servers on 127.0.0.1 (the tests' only allowed network)."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from claims.linkcheck.fetch import CheckerConfig, check_url, parse_retry_after, sibling_url
from claims.linkcheck.guard import GuardPolicy, parse_networks
from claims.linkcheck.outcomes import LinkOutcome
from tests.linkcheck_sites import local_site, page, redirect, respond

ARTICLE = "<html><head><title>Marathon</title></head><body><h1>Tehran marathon</h1><p>{}</p></body></html>"


@pytest.fixture
def site():
    with local_site() as running:
        yield running


def config_for(site, **overrides) -> CheckerConfig:
    policy = GuardPolicy(
        allowed_ports=frozenset({80, 443, site.port}), allowed_networks=parse_networks(["127.0.0.1/32"])
    )
    return CheckerConfig(**{"timeout": 5.0, "connect_timeout": 2.0, "policy": policy, **overrides})


def test_a_page_that_answers_200_is_ok_with_its_fingerprint_and_facts(site):
    site.routes["/news/story"] = page(200, ARTICLE.format("Runners finished in record time."))
    result = check_url(site.url("/news/story"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK
    assert result.status_code == 200
    assert result.final_url == site.url("/news/story")
    assert result.content_type.startswith("text/html")
    assert result.bytes_read > 0
    assert len(result.content_fingerprint) == 64
    assert result.redirect_chain == []
    assert not result.is_transient
    assert site.hits("/news/story") == ["GET"]  # GET only: a HEAD answer could never be believed


def test_the_user_agent_names_the_project(site):
    seen = {}

    def record(handler):
        seen["ua"] = handler.headers.get("User-Agent")
        respond(handler, 200, b"hello")

    site.routes["/ua"] = record
    check_url(site.url("/ua"), config=config_for(site, user_agent="ClaimCheckLinkChecker/1.0 (+test)"))
    assert seen["ua"] == "ClaimCheckLinkChecker/1.0 (+test)"


def test_it_falls_back_to_get_when_the_server_refuses_head(site):
    def no_head(handler):
        if handler.command == "HEAD":
            respond(handler, 405, b"", {"Allow": "GET"})
        else:
            respond(handler, 200, ARTICLE.format("Only GET here.").encode())

    site.routes["/get-only"] = no_head
    result = check_url(site.url("/get-only"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK
    assert result.status_code == 200
    assert site.hits("/get-only") == ["GET"]


def test_a_chain_of_permanent_redirects_is_redirected_with_the_chain_and_final_url(site):
    site.routes["/old"] = redirect("/older", 301)
    site.routes["/older"] = redirect(site.url("/new"), 308)
    site.routes["/new"] = page(200, ARTICLE.format("Moved here."))
    result = check_url(site.url("/old"), config=config_for(site))
    assert result.outcome == LinkOutcome.REDIRECTED
    assert result.final_url == site.url("/new")
    assert result.redirect_chain == [
        {"url": site.url("/old"), "status": 301},
        {"url": site.url("/older"), "status": 308},
    ]


def test_a_temporary_redirect_to_a_working_page_is_ok(site):
    site.routes["/today"] = redirect("/edition-42", 302)
    site.routes["/edition-42"] = page(200, ARTICLE.format("Today's edition."))
    result = check_url(site.url("/today"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK
    assert result.final_url == site.url("/edition-42")


def test_a_redirect_loop_is_too_many_redirects(site):
    site.routes["/a"] = redirect("/b", 302)
    site.routes["/b"] = redirect("/a", 302)
    result = check_url(site.url("/a"), config=config_for(site))
    assert result.outcome == LinkOutcome.TOO_MANY_REDIRECTS
    assert "loop" in result.detail
    assert len(site.hits("/a")) == 1


def test_more_redirects_than_the_limit_is_too_many_redirects(site):
    for n in range(5):
        site.routes[f"/hop{n}"] = redirect(f"/hop{n + 1}", 301)
    site.routes["/hop5"] = page(200, "end")
    result = check_url(site.url("/hop0"), config=config_for(site, max_redirects=3))
    assert result.outcome == LinkOutcome.TOO_MANY_REDIRECTS
    assert site.hits("/hop4") == []


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (404, LinkOutcome.NOT_FOUND),
        (410, LinkOutcome.GONE),
        (401, LinkOutcome.FORBIDDEN),
        (451, LinkOutcome.BLOCKED),
        (418, LinkOutcome.CLIENT_ERROR),
        (500, LinkOutcome.SERVER_ERROR),
        (502, LinkOutcome.SERVER_ERROR),
    ],
)
def test_an_error_status_gives_its_outcome(site, status, outcome):
    site.routes["/page"] = page(status, "<html><body>error</body></html>")
    result = check_url(site.url("/page"), config=config_for(site))
    assert result.outcome == outcome
    assert result.status_code == status


def test_403_to_get_and_to_a_browser_like_get_is_forbidden_and_permanent(site):
    site.routes["/secret"] = page(403, "<html><body>Forbidden</body></html>")
    result = check_url(site.url("/secret"), config=config_for(site))
    assert result.outcome == LinkOutcome.FORBIDDEN
    assert site.hits("/secret") == ["GET", "GET"]  # the second asks as a browser would
    assert not result.is_transient


def test_500_is_a_transient_server_error(site):
    site.routes["/broken"] = page(500, "oops")
    result = check_url(site.url("/broken"), config=config_for(site))
    assert result.outcome == LinkOutcome.SERVER_ERROR
    assert result.is_transient


def test_429_is_rate_limited_and_honours_retry_after(site):
    site.routes["/busy"] = page(429, "slow down", Retry_After="120")
    result = check_url(site.url("/busy"), config=config_for(site))
    assert result.outcome == LinkOutcome.RATE_LIMITED
    assert result.retry_after_seconds == 120
    assert result.is_transient


def test_retry_after_as_an_http_date_is_read_as_seconds():
    assert parse_retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now=1445412000.0) == 600
    assert parse_retry_after("soon") is None


def test_a_response_slower_than_the_timeout_is_a_timeout(site):
    released = threading.Event()

    def slow(handler):
        released.wait(3)
        respond(handler, 200, b"late")

    site.routes["/slow"] = slow
    try:
        result = check_url(site.url("/slow"), config=config_for(site, timeout=0.5))
    finally:
        released.set()
    assert result.outcome == LinkOutcome.TIMEOUT
    assert result.is_transient


def test_a_body_dripping_past_the_total_time_is_a_timeout(site):
    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        if handler.command == "GET":
            for _ in range(100):
                handler.wfile.write(b"x")
                handler.wfile.flush()
                time.sleep(0.05)

    site.routes["/drip"] = drip
    result = check_url(site.url("/drip"), config=config_for(site, timeout=1.0))
    assert result.outcome == LinkOutcome.TIMEOUT


def test_a_body_over_the_cap_is_too_large_and_reading_stops(site):
    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Connection", "close")
        handler.end_headers()  # no Content-Length: the size is only known by reading
        if handler.command == "GET":
            for _ in range(200):
                handler.wfile.write(b"y" * 1024)

    site.routes["/huge"] = endless
    result = check_url(site.url("/huge"), config=config_for(site, max_bytes=10_000))
    assert result.outcome == LinkOutcome.TOO_LARGE


def test_a_declared_length_over_the_cap_is_too_large_without_downloading(site):
    site.routes["/big.pdf"] = page(200, b"", Content_Length="999999999", Content_Type="application/pdf")
    result = check_url(site.url("/big.pdf"), config=config_for(site, max_bytes=10_000))
    assert result.outcome == LinkOutcome.TOO_LARGE
    assert (result.status_code, result.content_type) == (200, "application/pdf")
    assert site.hits("/big.pdf") == ["GET"]


def test_a_not_found_page_served_as_200_is_a_soft_404(site):
    template = "<html><body><h1>Sorry</h1><p>We could not find {} on our site.</p></body></html>"

    def soft(handler):
        respond(handler, 200, template.format(handler.path).encode())

    site.default = soft
    result = check_url(site.url("/archive/story-that-was-removed"), config=config_for(site))
    assert result.outcome == LinkOutcome.SOFT_404
    probes = [path for method, path in site.requests if path.startswith("/archive/") and "removed" not in path]
    assert probes, "a random sibling URL was asked for"


def test_a_real_page_on_a_site_with_soft_404s_is_ok(site):
    site.default = page(200, "<html><body><h1>Sorry</h1><p>Page not found.</p></body></html>")
    site.routes["/archive/story"] = page(200, ARTICLE.format("The marathon took place on Friday; 8,000 ran."))
    result = check_url(site.url("/archive/story"), config=config_for(site))
    assert result.outcome == LinkOutcome.OK


def test_a_dead_url_redirecting_to_the_home_page_like_its_random_sibling_is_a_soft_404(site):
    site.routes["/"] = page(200, ARTICLE.format("Home page"))
    site.default = redirect("/", 302)
    result = check_url(site.url("/2019/story"), config=config_for(site))
    assert result.outcome == LinkOutcome.SOFT_404


def test_the_random_sibling_keeps_directory_and_extension():
    assert sibling_url("https://example.org/a/b/story.html?x=1", "zz") == "https://example.org/a/b/zz.html"
    assert sibling_url("https://example.org/a/", "zz") == "https://example.org/a/zz"


def test_an_unresolvable_host_is_a_dns_error(site):
    result = check_url(f"http://no-such-host.invalid:{site.port}/page", config=config_for(site))
    assert result.outcome == LinkOutcome.DNS_ERROR
    assert result.is_transient


def test_a_refused_connection_is_a_connection_error():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens on this port now
    policy = GuardPolicy(allowed_ports=frozenset({port}), allowed_networks=parse_networks(["127.0.0.1/32"]))
    result = check_url(f"http://127.0.0.1:{port}/", config=CheckerConfig(policy=policy, timeout=3))
    assert result.outcome == LinkOutcome.CONNECTION_ERROR
    assert result.is_transient


def test_the_fingerprint_ignores_markup_and_script_but_not_text(site):
    site.routes["/v1"] = page(200, "<html><body><p>Ran  8,000</p><script>var t=1</script></body></html>")
    site.routes["/v2"] = page(200, "<html><body><div>ran 8,000</div><script>var t=2</script></body></html>")
    site.routes["/v3"] = page(200, "<html><body><p>Ran 6,000</p></body></html>")
    config = config_for(site, detect_soft_404=False)
    first, same, changed = (check_url(site.url(p), config=config) for p in ("/v1", "/v2", "/v3"))
    assert first.content_fingerprint == same.content_fingerprint
    assert first.content_fingerprint != changed.content_fingerprint


def test_a_body_that_cannot_be_decoded_is_a_connection_error_not_a_crash(site):
    site.routes["/broken-gzip"] = page(200, b"this is not gzip at all", Content_Encoding="gzip")
    result = check_url(site.url("/broken-gzip"), config=config_for(site))
    assert result.outcome == LinkOutcome.CONNECTION_ERROR
    assert "Decoding" in result.detail
