"""Red-team additions to the SSRF battery (tests/test_linkcheck_ssrf.py): what it did not try."""

from __future__ import annotations

import ipaddress

import pytest

from claims.linkcheck.fetch import CheckerConfig, check_url
from claims.linkcheck.guard import GuardPolicy, is_public_address, parse_networks
from claims.linkcheck.outcomes import LinkOutcome
from tests.linkcheck_sites import local_site, redirect


def resolver_that_must_not_be_asked(host, port, type):
    raise AssertionError(f"the guard asked DNS for {host!r}: it should have refused the URL first")


@pytest.mark.parametrize("url", ["http://xn--a.com/", "https://xn--zz.example.org/page"])
def test_a_host_that_is_not_valid_idna_is_an_invalid_url_not_a_crash(url):
    # Django's URLValidator accepts these, so an editor can cite one; httpx's IDNA encoding refuses them.
    config = CheckerConfig(policy=GuardPolicy(), timeout=2, resolver=resolver_that_must_not_be_asked)

    result = check_url(url, config=config)

    assert result.outcome == LinkOutcome.INVALID_URL


def test_a_redirect_to_a_host_that_is_not_valid_idna_is_an_invalid_url_not_a_crash():
    with local_site() as site:
        site.routes["/out"] = redirect("http://xn--a.com/", 302)
        policy = GuardPolicy(
            allowed_ports=frozenset({80, 443, site.port}), allowed_networks=parse_networks(["127.0.0.1/32"])
        )
        result = check_url(site.url("/out"), config=CheckerConfig(policy=policy, timeout=3))

    assert result.outcome == LinkOutcome.INVALID_URL


@pytest.mark.parametrize("address", ["fec0::1", "fec0::ffff:7f00:1", "feff:ffff::1"])
def test_a_deprecated_site_local_ipv6_address_is_not_public(address):
    # fec0::/10 was IPv6's 10.0.0.0/8 (RFC 3879 deprecated it, networks still use it); ipaddress calls it global.
    assert is_public_address(ipaddress.ip_address(address)) is False
