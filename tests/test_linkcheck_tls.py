"""The pinned connection keeps the name: Host header and TLS SNI carry it, the socket goes to the checked address."""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading

import pytest

from claims.linkcheck.fetch import CheckerConfig, check_url
from claims.linkcheck.guard import GuardPolicy, parse_networks
from claims.linkcheck.outcomes import LinkOutcome
from tests.linkcheck_sites import local_site, respond


def resolve_everything_to_localhost(host, port, type):  # a DNS answer for names that exist only in this test
    return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]


def config(port: int, **overrides) -> CheckerConfig:
    policy = GuardPolicy(allowed_ports=frozenset({port}), allowed_networks=parse_networks(["127.0.0.1/32"]))
    return CheckerConfig(policy=policy, timeout=3, resolver=resolve_everything_to_localhost, **overrides)


def test_the_request_to_the_pinned_address_carries_the_names_host_header():
    with local_site() as site:
        seen = []

        def record(handler):
            seen.append(handler.headers["Host"])
            respond(handler, 200, b"<html><body>news</body></html>")

        site.routes["/story"] = record
        result = check_url(f"http://news.example.test:{site.port}/story", config=config(site.port))
    assert result.outcome == LinkOutcome.OK
    assert seen[0] == f"news.example.test:{site.port}"


@pytest.fixture
def self_signed_tls_server(tmp_path):
    """A TLS listener with a self-signed certificate that records the SNI name each client sends."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=news.example.test",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server_names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sslsock, name, ctx: server_names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            try:
                with context.wrap_socket(conn, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                pass  # the client refuses the certificate: expected

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], server_names
    stop.set()
    listener.close()
    thread.join(timeout=6)


def test_an_untrusted_certificate_is_a_tls_error_and_the_handshake_named_the_host(self_signed_tls_server):
    port, server_names = self_signed_tls_server
    result = check_url(f"https://news.example.test:{port}/", config=config(port))
    assert result.outcome == LinkOutcome.TLS_ERROR, result.detail
    assert result.is_transient
    assert server_names == ["news.example.test"]
