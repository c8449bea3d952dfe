"""Local HTTP servers for the link-check tests: real sockets on 127.0.0.1 (or another local address), port 0."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]

NOT_FOUND_BODY = b"<html><body><h1>Not found</h1><p>No page here.</p></body></html>"


def respond(
    handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> None:
    handler.send_response(status)
    headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
    for name, value in headers.items():
        handler.send_header(name, value)
    if "Content-Length" not in headers and "Transfer-Encoding" not in headers:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD" and body:
        handler.wfile.write(body)


def page(status: int = 200, body: bytes | str = b"", **headers: str) -> Route:
    data = body.encode() if isinstance(body, str) else body
    header_map = {name.replace("_", "-"): value for name, value in headers.items()}
    return lambda handler: respond(handler, status, data, header_map)


def redirect(location: str, status: int = 301) -> Route:
    return lambda handler: respond(handler, status, b"", {"Location": location})


class LocalSite:
    """A threaded HTTP server with routes by exact path; anything else answers a plain 404."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.default: Route = page(404, NOT_FOUND_BODY)
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _dispatch(self) -> None:
                with site.lock:
                    site.requests.append((self.command, self.path))
                route = site.routes.get(self.path.split("?")[0], site.default)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            do_GET = do_HEAD = do_POST = _dispatch

            def log_message(self, format, *args) -> None:
                pass

        family = socket.AF_INET6 if ":" in host else socket.AF_INET

        class Server(ThreadingHTTPServer):
            address_family = family
            daemon_threads = True

        self.server = Server((host, 0), Handler)
        self.host = host
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str = "/") -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"

    def hits(self, path: str) -> list[str]:
        with self.lock:
            return [method for method, p in self.requests if p.split("?")[0] == path]

    def start(self) -> LocalSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def local_site(host: str = "127.0.0.1") -> Iterator[LocalSite]:
    site = LocalSite(host).start()
    try:
        yield site
    finally:
        site.stop()


class Listener:
    """A bare TCP listener that only counts connections: proof that the guard opened none."""

    def __init__(self, host: str, port: int = 0) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            # Dual stack on "::": also catches IPv4 connections to any local address on this port.
            self.sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        self.sock.bind((host, port))
        self.sock.listen(16)
        self.sock.settimeout(0.02)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[tuple] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, peer = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted.append(peer)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


def allow_local_site(settings, site: LocalSite) -> None:
    """Point the project's settings at a local test site: its address allowed, its port allowed, short timeouts."""
    settings.LINKCHECK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.LINKCHECK_ALLOWED_PORTS = [80, 443, site.port]
    settings.LINKCHECK_TIMEOUT = 5.0
    settings.LINKCHECK_CONNECT_TIMEOUT = 2.0
