"""One spelling per URL, so that "HTTP://Example.com:80/a#top" and "http://example.com/a" are one source."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, drop the default port, the fragment and surrounding white space.

    Path and query are kept as given: servers may treat their case and order as meaningful.
    Raises ValueError for a URL with no scheme or host.
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"Not an http(s) URL with a host: {url!r}")
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()  # hostname is already lower-cased and stripped of brackets and userinfo
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"Invalid port in {url!r}") from exc
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += f":{parts.password}"
        netloc = f"{userinfo}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
