"""Browser-like following (meta refresh, script redirects, cookies, lenient Location parsing) opens no way past
the guard: every target it reaches is judged again, and a listener on the local addresses accepts nothing."""

from __future__ import annotations

import pytest

from claims.linkcheck.fetch import CheckerConfig, check_url
from claims.linkcheck.guard import GuardPolicy, parse_networks
from claims.linkcheck.outcomes import LinkOutcome
from tests.linkcheck_sites import Listener, local_site, page, respond

TARGETS = [
    "http://127.0.0.2:{port}/internal",
    "http://[::1]:{port}/internal",
    "http://[::ffff:127.0.0.2]:{port}/internal",
    "http://2130706434:{port}/internal",
    "http://localhost:{port}/internal",
    "http://%31%32%37.0.0.2:{port}/internal",  # percent-encoded host: decoded by the WHATWG parser, then judged
    "http://127.0.0.2:{port}/a b",  # a space, encoded by the browser rules
    "http://127.0.0.2\\:{port}/",  # backslash: a browser reads it as a slash
]
REFUSED = {LinkOutcome.UNSAFE_URL, LinkOutcome.INVALID_URL}


@pytest.fixture
def listener():
    trap = Listener("::")
    yield trap
    trap.close()


def config(site, listener) -> CheckerConfig:
    policy = GuardPolicy(
        allowed_ports=frozenset({80, 443, site.port, listener.port}),
        allowed_networks=parse_networks(["127.0.0.1/32"]),
    )
    return CheckerConfig(policy=policy, timeout=3)


@pytest.mark.parametrize("target", TARGETS)
def test_a_meta_refresh_to_a_local_address_is_refused_without_connecting(listener, target):
    with local_site() as site:
        body = f'<meta http-equiv="refresh" content="0; url={target.format(port=listener.port)}">'
        site.routes["/out"] = page(200, body)
        result = check_url(site.url("/out"), config=config(site, listener))
    assert result.outcome in REFUSED, result.detail
    assert listener.accepted == []


@pytest.mark.parametrize("target", TARGETS)
def test_a_script_redirect_to_a_local_address_is_refused_without_connecting(listener, target):
    with local_site() as site:
        site.routes["/out"] = page(200, f'<script>location.href = "{target.format(port=listener.port)}"</script>')
        result = check_url(site.url("/out"), config=config(site, listener))
    assert result.outcome in REFUSED, result.detail
    assert listener.accepted == []


@pytest.mark.parametrize("target", TARGETS)
def test_a_raw_location_to_a_local_address_is_refused_without_connecting(listener, target):
    def raw(handler):
        handler.send_response(302)
        handler._headers_buffer.append(b"Location: " + target.format(port=listener.port).encode() + b"\r\n")
        handler.send_header("Set-Cookie", "session=1")  # a cookie changes nothing about where we may go
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    with local_site() as site:
        site.routes["/out"] = raw
        result = check_url(site.url("/out"), config=config(site, listener))
    assert result.outcome in REFUSED, result.detail
    assert listener.accepted == []


def test_a_cookie_redirect_to_itself_then_to_a_local_address_is_refused(listener):
    def gate(handler):
        if "ok=1" in (handler.headers.get("Cookie") or ""):
            respond(handler, 302, b"", {"Location": f"http://127.0.0.2:{listener.port}/"})
        else:
            respond(handler, 302, b"", {"Location": handler.path, "Set-Cookie": "ok=1"})

    with local_site() as site:
        site.routes["/gate"] = gate
        result = check_url(site.url("/gate"), config=config(site, listener))
    assert result.outcome == LinkOutcome.UNSAFE_URL, result.detail
    assert len(result.redirect_chain) == 2
    assert listener.accepted == []


def test_a_cookie_is_never_sent_to_another_host_in_the_chain():
    seen = {}
    with local_site() as first, local_site("::1") as second:

        def record(handler):
            seen["cookie"] = handler.headers.get("Cookie")
            respond(handler, 200, b"<p>other host</p>")

        second.routes["/page"] = record
        first.routes["/start"] = lambda h: respond(
            h, 302, b"", {"Location": second.url("/page"), "Set-Cookie": "secret=1"}
        )
        policy = GuardPolicy(
            allowed_ports=frozenset({80, 443, first.port, second.port}),
            allowed_networks=parse_networks(["127.0.0.1/32", "::1/128"]),
        )
        result = check_url(first.url("/start"), config=CheckerConfig(policy=policy, timeout=3))
    assert result.outcome == LinkOutcome.OK, result.detail
    assert seen["cookie"] is None
