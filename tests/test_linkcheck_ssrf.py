"""The SSRF battery: each payload is refused, and a listener placed on the address it aims at accepts nothing.

The listener is dual-stack on `::` at one port, so a connection to 127.0.0.1, 127.0.0.2, ::1, ::ffff:127.0.0.2 or
0.0.0.0 on that port would reach it; every payload names that port and the policy allows the port, so the guard
refuses on the address, not on the port.
"""

from __future__ import annotations

import socket

import pytest

from claims.linkcheck.fetch import CheckerConfig, check_url
from claims.linkcheck.guard import (
    BlockedURL,
    GuardPolicy,
    address_allowed,
    is_public_address,
    parse_networks,
    resolve_checked,
)
from claims.linkcheck.outcomes import LinkOutcome
from tests.conftest import wait_for
from tests.linkcheck_sites import Listener, local_site, redirect

BLOCKED_PAYLOADS = [
    # Loopback, in every spelling the resolver accepts.
    "http://127.0.0.1:{port}/",
    "http://127.0.0.2:{port}/",
    "http://127.255.255.254:{port}/",
    "http://127.1:{port}/",
    "http://2130706433:{port}/",
    "http://0x7f000001:{port}/",
    "http://0x7f.0.0.1:{port}/",
    "http://0177.1:{port}/",
    "http://127。0。0。1:{port}/",  # ideographic full stops, mapped to dots by IDNA
    "HTTP://127.0.0.2:{port}/",
    "http://[::1]:{port}/",
    "http://[0:0:0:0:0:0:0:1]:{port}/",
    # IPv6 forms that carry an IPv4 loopback address.
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://[::ffff:7f00:2]:{port}/",
    "http://[::127.0.0.1]:{port}/",
    "http://[2002:7f00:1::]:{port}/",
    "http://[::ffff:0:127.0.0.1]:{port}/",
    "http://[::ffff:a9fe:a9fe]:{port}/latest/meta-data/",  # 169.254.169.254, mapped
    "http://[64:ff9b::7f00:1]:{port}/",
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:{port}/",  # Teredo, client 127.0.0.1: 2001::/32 is not global
    # Unspecified: connecting to 0.0.0.0 reaches the local host on Linux.
    "http://0.0.0.0:{port}/",
    "http://0:{port}/",
    "http://[::]:{port}/",
    # localhost by name, before any DNS.
    "http://localhost:{port}/",
    "http://LOCALHOST:{port}/",
    "http://localhost.:{port}/",
    "http://api.localhost:{port}/",
    "http://localhost.localdomain:{port}/",
    # Cloud metadata, private, CGNAT, link-local, multicast, reserved, broadcast.
    "http://169.254.169.254:{port}/latest/meta-data/",
    "http://[fd00:ec2::254]:{port}/latest/meta-data/",
    "http://100.100.100.200:{port}/latest/meta-data/",
    "http://100.64.0.1:{port}/",
    "http://10.0.0.1:{port}/",
    "http://172.16.0.1:{port}/",
    "http://192.168.1.1:{port}/",
    "http://192.0.0.1:{port}/",
    "http://198.18.0.1:{port}/",
    "http://[fe80::1]:{port}/",
    "http://[fc00::1]:{port}/",
    "http://224.0.0.1:{port}/",
    "http://[ff02::1]:{port}/",
    "http://240.0.0.1:{port}/",
    "http://255.255.255.255:{port}/",
    # Other schemes.
    "file:///etc/passwd",
    "gopher://127.0.0.1:{port}/_GET%20/",
    "ftp://127.0.0.1:{port}/",
    "dict://127.0.0.1:{port}/info",
    "ws://127.0.0.1:{port}/",
    # A port that is not allowed.
    "http://example.org:22/",
]

# What parsers read differently is not guessed at: refused as invalid_url. Leading zeros are octal to
# inet_aton and decimal to others, so httpx refuses them outright.
INVALID_PAYLOADS = [
    "http://0177.0.0.1:{port}/",
    "http://127.000.000.001:{port}/",
    "http://127.0.0.1:{port}\\@example.org/",
    "http://example.org\\@127.0.0.1:{port}/",
    "http://example.org@127.0.0.1:{port}/",
    "http://user:pass@127.0.0.1:{port}/",
    "http://example.org%40127.0.0.1@127.0.0.1:{port}/",
    "http://127.0.0.1:{port}/\r\nHost: internal",
    "http://127.0.0.1:{port}/ /",
    "http://127.0.0.1:{port}\t/",
    "http://%31%32%37.0.0.1:{port}/",
    "http://127.0.0.1%00.example.org:{port}/",
    "http://[fe80::1%25lo]:{port}/",
    "http://①②⑦.0.0.1:{port}/",
    "http:/127.0.0.2:{port}/",
]


@pytest.fixture
def listener():
    trap = Listener("::")
    yield trap
    trap.close()


def production_config(port: int) -> CheckerConfig:
    """The production policy (no allowed networks), with the listener's port allowed so only the address is judged."""
    return CheckerConfig(policy=GuardPolicy(allowed_ports=frozenset({80, 443, port})), timeout=3, connect_timeout=1)


def test_the_battery_has_at_least_thirty_payloads():
    assert len(BLOCKED_PAYLOADS) + len(INVALID_PAYLOADS) >= 30


def test_the_listener_would_see_a_connection_if_one_were_made(listener):
    # Proof that the trap works: the same addresses, reached directly, are accepted.
    for host in ("127.0.0.2", "::1"):
        with socket.create_connection((host, listener.port), timeout=2):
            pass
    wait_for(lambda: len(listener.accepted) == 2, timeout=5, message="the listener to accept")


@pytest.mark.parametrize("template", BLOCKED_PAYLOADS)
def test_it_blocks_the_payload_without_connecting(listener, template):
    result = check_url(template.format(port=listener.port), config=production_config(listener.port))
    assert result.outcome == LinkOutcome.UNSAFE_URL, result.detail
    assert result.status_code is None
    assert listener.accepted == []


@pytest.mark.parametrize("template", INVALID_PAYLOADS)
def test_it_refuses_an_ambiguous_url_as_invalid_without_connecting(listener, template):
    result = check_url(template.format(port=listener.port), config=production_config(listener.port))
    assert result.outcome == LinkOutcome.INVALID_URL, result.detail
    assert listener.accepted == []


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/internal",
        "http://[::1]:{port}/internal",
        "http://[::ffff:127.0.0.2]:{port}/internal",
        "http://2130706434:{port}/internal",
        "http://localhost:{port}/internal",
        "file:///etc/passwd",
    ],
)
def test_a_redirect_from_the_allowed_test_address_to_another_local_address_is_blocked(listener, target):
    with local_site() as site:
        site.routes["/out"] = redirect(target.format(port=listener.port), 302)
        policy = GuardPolicy(
            allowed_ports=frozenset({80, 443, site.port, listener.port}),
            allowed_networks=parse_networks(["127.0.0.1/32"]),
        )
        result = check_url(site.url("/out"), config=CheckerConfig(policy=policy, timeout=3))
    assert result.outcome == LinkOutcome.UNSAFE_URL, result.detail
    assert result.redirect_chain == [{"url": site.url("/out"), "status": 302}]
    assert listener.accepted == []


def test_the_allowlist_opens_only_its_own_network(listener):
    policy = GuardPolicy(allowed_ports=frozenset({listener.port}), allowed_networks=parse_networks(["127.0.0.1/32"]))
    config = CheckerConfig(policy=policy, timeout=3)
    for host in ("127.0.0.2", "[::1]", "[::ffff:127.0.0.2]"):
        assert check_url(f"http://{host}:{listener.port}/", config=config).outcome == LinkOutcome.UNSAFE_URL
    assert listener.accepted == []


def test_one_private_answer_among_public_ones_blocks_the_host():
    def resolver(host, port, type):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port)),
        ]

    with pytest.raises(BlockedURL):
        resolve_checked("rebind.example", 80, GuardPolicy(), resolver=resolver)


def test_the_host_is_resolved_once_and_the_checked_address_is_the_one_connected(listener):
    """A DNS-rebinding resolver answers a public address first and loopback after: only one answer is ever used."""
    answers = iter(["203.0.113.10", "127.0.0.1"])  # TEST-NET-3 is not global either: allow it explicitly
    calls = []

    def rebinding_resolver(host, port, type):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    policy = GuardPolicy(allowed_ports=frozenset({listener.port}), allowed_networks=parse_networks(["203.0.113.0/24"]))
    addresses = resolve_checked("rebind.example", listener.port, policy, resolver=rebinding_resolver)
    assert [str(ip) for ip in addresses] == ["203.0.113.10"]
    assert calls == ["rebind.example"]
    assert listener.accepted == []


def test_a_resolver_that_never_answers_is_given_up_at_the_timeout():
    import threading

    from claims.linkcheck.guard import UnresolvableHost

    never = threading.Event()

    def stuck_resolver(host, port, type):
        never.wait(5)
        return []

    try:
        with pytest.raises(UnresolvableHost, match="within"):
            resolve_checked("slow-dns.example", 80, GuardPolicy(), resolver=stuck_resolver, timeout=0.1)
    finally:
        never.set()


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("100.64.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:93.184.216.34", True),
        ("2002:7f00:1::", False),
        ("64:ff9b::a00:1", False),
        ("224.0.0.1", False),
    ],
)
def test_it_judges_addresses_after_unwrapping_ipv4_forms(address, public):
    import ipaddress

    assert is_public_address(ipaddress.ip_address(address)) is public
    assert address_allowed(ipaddress.ip_address(address), GuardPolicy()) is public
