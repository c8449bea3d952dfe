"""The one URL guard: the link checker must never become a way into the newsroom's own network (SSRF).

Two layers, both needed:

1. `check_url_syntax` refuses, before any network activity, what is not an http(s) URL on an allowed port, what
   parsers read differently (backslashes, control characters, userinfo), and `localhost` by name.
2. `GuardedNetworkBackend` sits where httpcore opens TCP connections. It resolves the host ONCE, judges every
   address the resolver returned, and connects to the address it judged. The URL, the Host header and the TLS
   SNI keep the name (httpcore passes the name to `start_tls`), so there is no window between check and connect
   for DNS rebinding, and numeric spellings such as `http://2130706433/` are judged as the 127.0.0.1 they
   resolve to. Every redirect hop opens its connection through the same backend, so every hop is judged.

Written by hand on httpx's documented transport layer rather than adopting a library: Advocate is requests-only
and unmaintained; this is about a hundred lines we can read and test with a battery of payloads.
"""

from __future__ import annotations

import concurrent.futures
import functools
import ipaddress
import socket
import ssl
import typing
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urlsplit

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[..., list]

DEFAULT_PORTS = {"http": 80, "https": 443}
LOCALHOST_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
# NAT64 well-known prefix: 64:ff9b::7f00:1 reaches 127.0.0.1 through a NAT64 gateway; ipaddress calls it global.
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
# Characters that browsers and Python's parsers treat differently inside a URL, or that smuggle requests.
AMBIGUOUS_CHARACTERS = frozenset("\\\t\r\n\x00 ")


class GuardError(Exception):
    """Base of the guard's refusals; `outcome` is the link-check outcome code it maps to."""

    outcome = "unsafe_url"


class BlockedURL(GuardError):
    """Refused by policy: no connection was opened."""

    outcome = "unsafe_url"


class InvalidURL(GuardError):
    """Not a URL we can read unambiguously."""

    outcome = "invalid_url"


class UnresolvableHost(Exception):
    """DNS knows no address for the host."""


@dataclass(frozen=True)
class GuardPolicy:
    allowed_ports: frozenset[int] = frozenset({80, 443})
    # The only way around the guard: networks the tests (and nobody in production) allow. See claimcheck/checks.py.
    allowed_networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_settings(cls) -> GuardPolicy:
        from django.conf import settings

        return cls(
            allowed_ports=frozenset(int(port) for port in settings.LINKCHECK_ALLOWED_PORTS),
            allowed_networks=parse_networks(settings.LINKCHECK_ALLOWED_NETWORKS),
        )


def parse_networks(cidrs: Iterable[str]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs if cidr.strip())


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries (mapped, 6to4, IPv4-compatible, NAT64), which is what it reaches."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64_PREFIX:
        return ipaddress.IPv4Address(ip.packed[-4:])
    if ip.packed[:12] == bytes(12) and int(ip) > 1:  # deprecated IPv4-compatible ::a.b.c.d (:: and ::1 excluded)
        return ipaddress.IPv4Address(ip.packed[-4:])
    return None


def is_public_address(ip: IPAddress) -> bool:
    """Globally routable unicast only. `not is_global` catches CGNAT (100.64/10): neither private nor global."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None:
            return is_public_address(inner)
    # is_site_local: fec0::/10, deprecated (RFC 3879) but still routed inside some networks; ipaddress calls it global.
    site_local = isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local
    return ip.is_global and not (
        ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_link_local or site_local
    )


def address_allowed(ip: IPAddress, policy: GuardPolicy) -> bool:
    if any(ip.version == net.version and ip in net for net in policy.allowed_networks):
        return True
    return is_public_address(ip)


def check_url_syntax(url: str, policy: GuardPolicy) -> SplitResult:
    """Refuse, without touching the network, what is not plainly an http(s) URL we may fetch."""
    if not isinstance(url, str) or not url:
        raise InvalidURL("empty URL")
    if any(ch in AMBIGUOUS_CHARACTERS for ch in url) or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise InvalidURL("URL contains a backslash, white space or control character that parsers read differently")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(f"unreadable URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BlockedURL(f"scheme {parts.scheme!r} is not http or https")
    if "@" in parts.netloc:
        # Userinfo is where parsers disagree (http://a@b@c/, http://a%40b@c/): a cited page never needs it.
        raise InvalidURL("URL carries a user name or password")
    host = parts.hostname
    if not host:
        raise InvalidURL("URL has no host")
    try:
        # httpx decodes an xn-- host as IDNA and raises for a bad label ("xn--a"): refuse it here, not crash later.
        _ = httpx.URL(url).host
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise InvalidURL(f"unreadable host: {exc}") from exc
    if "%" in host:
        # Browsers decode %31%32%37.0.0.1 to 127.0.0.1, resolvers do not; %25 also smuggles IPv6 zone ids.
        raise InvalidURL("percent-encoded host")
    if host.rstrip(".") in LOCALHOST_NAMES or host.rstrip(".").endswith(".localhost"):
        raise BlockedURL(f"{host!r} is loopback by name")
    effective_port = port if port is not None else DEFAULT_PORTS[scheme]
    if effective_port not in policy.allowed_ports:
        raise BlockedURL(f"port {effective_port} is not allowed")
    return parts


# getaddrinfo has no timeout of its own (the system resolver may take 10 s or more): ask from a small pool and
# stop waiting at the connect timeout. A lookup still running finishes in the background, unused.
_dns_pool = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="linkcheck-dns")


def _resolve_within(resolver: Resolver, name: str, port: int, timeout: float | None) -> list:
    if timeout is None:
        return resolver(name, port, type=socket.SOCK_STREAM)
    return _dns_pool.submit(resolver, name, port, type=socket.SOCK_STREAM).result(timeout=timeout)


def resolve_checked(
    host: str,
    port: int,
    policy: GuardPolicy,
    *,
    resolver: Resolver = socket.getaddrinfo,
    timeout: float | None = None,
) -> list[IPAddress]:
    """Resolve once and judge every answer: one private address among public ones refuses the host."""
    if port not in policy.allowed_ports:
        raise BlockedURL(f"port {port} is not allowed")
    name = host.strip("[]")
    if name.rstrip(".").lower() in LOCALHOST_NAMES or name.rstrip(".").lower().endswith(".localhost"):
        raise BlockedURL(f"{host!r} is loopback by name")
    try:
        infos = _resolve_within(resolver, name, port, timeout)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnresolvableHost(f"cannot resolve {host!r}: {exc}") from exc
    except concurrent.futures.TimeoutError as exc:
        raise UnresolvableHost(f"no DNS answer for {host!r} within {timeout}s") from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if not address_allowed(ip, policy):
            raise BlockedURL(f"{host!r} resolves to {ip}, which is not a public address")
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise UnresolvableHost(f"no address for {host!r}")
    return addresses


@dataclass
class GuardedNetworkBackend(httpcore.SyncBackend):
    """httpcore's synchronous backend, connecting only to addresses the guard judged (see the module docstring)."""

    policy: GuardPolicy
    resolver: Resolver = socket.getaddrinfo
    # The latest addresses connected to, for the caller's record (bounded: a thread's checker lives for a sweep).
    connected_to: deque[str] = field(default_factory=lambda: deque(maxlen=64))

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable | None = None,
    ) -> httpcore.NetworkStream:
        addresses = resolve_checked(host, port, self.policy, resolver=self.resolver, timeout=timeout)
        last_error: Exception | None = None
        for ip in addresses:
            try:
                stream = super().connect_tcp(
                    str(ip), port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as exc:
                last_error = exc
                continue
            self.connected_to.append(str(ip))
            return stream
        assert last_error is not None
        raise last_error

    def connect_unix_socket(self, *args, **kwargs):
        raise BlockedURL("unix sockets are never used by the link checker")


@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every check: building one (loading the CA bundle) costs ~15 ms."""
    return httpx.create_ssl_context()


def guarded_transport(policy: GuardPolicy, *, resolver: Resolver = socket.getaddrinfo, **kwargs) -> httpx.HTTPTransport:
    """An httpx transport whose every connection goes through GuardedNetworkBackend. Never uses a proxy."""
    kwargs.setdefault("verify", shared_ssl_context())
    transport = httpx.HTTPTransport(trust_env=False, **kwargs)
    pool: httpcore.ConnectionPool = transport._pool  # type: ignore[assignment]
    # httpx has no public hook for a network backend; rebuild its pool with the same options and ours.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=pool._ssl_context,
        max_connections=pool._max_connections,
        max_keepalive_connections=pool._max_keepalive_connections,
        keepalive_expiry=pool._keepalive_expiry,
        http1=pool._http1,
        http2=pool._http2,
        retries=0,
        network_backend=GuardedNetworkBackend(policy=policy, resolver=resolver),
    )
    return transport


def backend_of(transport: httpx.HTTPTransport) -> GuardedNetworkBackend:
    return transport._pool._network_backend  # type: ignore[attr-defined,return-value]
