"""One spelling per URL, so that every way of writing one address is one source and the unique constraint sees it.

`HTTP://Example.com:80/a#top`, `http://example.com/a`, `http://example.com/%D8%AE%D8%A8%D8%B1/%DB%B1`,
`http://example.com/%d8%ae%d8%a8%d8%b1/%db%b1` and `http://example.com/خبر/۱` each have one stored spelling:

- parsed by the WHATWG URL Standard (ada-url, the parser browsers implement): scheme and host lower-cased, the
  host in its IDNA ASCII form (`xn--…`, so look-alike letters never hide in a host), default port dropped, dot
  segments resolved, the fragment dropped;
- path and query as an IRI: percent-escapes of UTF-8 letters are shown as the letters (a Persian path stays
  readable and short), escapes of unreserved ASCII (`%41` → `A`) decoded, every other escape kept and upper-cased;
  white space, controls and invisible format characters stay escaped.

Path and query are otherwise kept as given: servers may treat their case and order as meaningful.
"""

from __future__ import annotations

import re
import string
import unicodedata

import ada_url

DEFAULT_PORTS = {"http": 80, "https": 443}
UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# Characters that stay escaped even when they are valid UTF-8: white space, controls, bidi and other format marks
# (an invisible U+202E would make two different URLs look alike), private use and unassigned code points.
_KEEP_ESCAPED_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Co", "Cs", "Cn"})


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _decode_run(match: re.Match) -> str:
    data = bytes.fromhex(match.group(0).replace("%", ""))
    out: list[str] = []
    i = 0
    while i < len(data):
        byte = data[i]
        if byte < 0x80:
            char = chr(byte)
            out.append(char if char in UNRESERVED else f"%{byte:02X}")
            i += 1
            continue
        length = _utf8_length(byte)
        try:
            char = data[i : i + length].decode("utf-8") if length else ""
        except UnicodeDecodeError:
            char = ""
        if len(char) == 1 and unicodedata.category(char) not in _KEEP_ESCAPED_CATEGORIES:
            out.append(char)
            i += length
        else:
            out.append(f"%{byte:02X}")
            i += 1
    return "".join(out)


def _as_iri(component: str) -> str:
    return _ESCAPES.sub(_decode_run, component)


def normalize_url(url: str) -> str:
    """The one stored spelling of an http(s) URL (see the module docstring).

    Raises ValueError for a URL with no scheme or host, another scheme, or one a browser could not parse.
    """
    url = url.strip()
    try:
        parsed = ada_url.URL(url)
    except ValueError as exc:
        raise ValueError(f"Not an http(s) URL with a host: {url!r}") from exc
    scheme = parsed.protocol.rstrip(":")
    if scheme not in DEFAULT_PORTS or not parsed.hostname:
        raise ValueError(f"Not an http(s) URL with a host: {url!r}")
    if "://" not in url[:12] or url.split("://", 1)[1].startswith("/"):
        # WHATWG forgives `http:example.org` and `http:///example.org`; a cited URL that needs forgiving is a typo.
        raise ValueError(f"Not an http(s) URL with a host: {url!r}")
    netloc = parsed.host  # lower-case, IDNA ASCII, default port already dropped, IPv6 in brackets
    if parsed.username or parsed.password:
        userinfo = parsed.username + (f":{parsed.password}" if parsed.password else "")
        netloc = f"{userinfo}@{netloc}"
    path = _as_iri(parsed.pathname or "/")
    query = _as_iri(parsed.search)  # "" or "?…"
    return f"{scheme}://{netloc}{path}{query}"
