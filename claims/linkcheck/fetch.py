"""Fetch and judge one URL. No database access: the task records the result through services.source_record_check.

The checker judges a URL the way a browser reaches it: GET (never a HEAD answer, which servers mishandle), its own
redirect following with Location read by the WHATWG URL rules, cookies kept along one check's chain, meta refresh
and bare script redirects in small pages, and a browser-like second GET after a 403. Every hop's connection goes
through the URL guard (guard.py). Bot walls and refusals are "could not verify" outcomes, not failures of the
page. The body is streamed and abandoned at LINKCHECK_MAX_BYTES; a whole check, every hop included, ends at
LINKCHECK_TIMEOUT.

`fetch_guarded` (at the end) is the public guarded GET for the rest of ClaimCheck.

A 200 page may be a "soft 404": the site's not-found page served as success. Following Bar-Yossef et al.
(WWW 2004), the checker asks the same server for a random sibling URL that cannot exist and compares answers.
"""

from __future__ import annotations

import difflib
import email.utils
import hashlib
import re
import secrets
import socket
import ssl
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

import ada_url
import httpx
import idna

from claims.linkcheck.guard import (
    GuardError,
    GuardPolicy,
    InvalidURL,
    Resolver,
    UnresolvableHost,
    check_url_syntax,
    guarded_transport,
)
from claims.linkcheck.outcomes import LinkOutcome, is_transient

PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# What a browser sends for a page. The second, browser-like GET after a 403 carries it (our User-Agent stays).
BROWSER_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    "Accept-Language": "fa,en-US;q=0.9,en;q=0.8",
    "Upgrade-Insecure-Requests": "1",
}
# A 200 page at most this long may be a redirect page (meta refresh or a bare `location = "..."` script).
REDIRECT_PAGE_MAX_BYTES = 16 * 1024
# A meta refresh that waits longer than this is a page that reloads itself, not a redirect.
META_REFRESH_MAX_DELAY = 30
# An error page is read this far at most: enough to recognise a bot wall's challenge page.
ERROR_PAGE_MAX_BYTES = 256 * 1024
# Pages whose text we fingerprint; anything else is fingerprinted on its bytes.
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# Two answers this similar (after removing the random probe name) are the same "not found" template.
SOFT_404_SIMILARITY = 0.9
SOFT_404_COMPARE_CHARS = 20_000


@dataclass(frozen=True)
class CheckerConfig:
    timeout: float = 15.0
    connect_timeout: float = 5.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 10
    user_agent: str = "ClaimCheckLinkChecker/1.0"
    policy: GuardPolicy = field(default_factory=GuardPolicy)
    detect_soft_404: bool = True
    resolver: Resolver = socket.getaddrinfo  # the DNS lookup the guard uses (tests give names local answers)
    probe_cache_seconds: float = 0.0  # how long a directory's soft-404 probe answer is reused (see _probe)

    @classmethod
    def from_settings(cls, **overrides) -> CheckerConfig:
        from django.conf import settings

        values = {
            "timeout": settings.LINKCHECK_TIMEOUT,
            "connect_timeout": settings.LINKCHECK_CONNECT_TIMEOUT,
            "max_bytes": settings.LINKCHECK_MAX_BYTES,
            "max_redirects": settings.LINKCHECK_MAX_REDIRECTS,
            "user_agent": settings.LINKCHECK_USER_AGENT,
            "policy": GuardPolicy.from_settings(),
            "probe_cache_seconds": settings.LINKCHECK_PROBE_CACHE_SECONDS,
        }
        return cls(**{**values, **overrides})


@dataclass
class CheckResult:
    url: str
    outcome: str
    status_code: int | None = None
    final_url: str = ""
    redirect_chain: list[dict] = field(default_factory=list)  # [{"url": ..., "status": 301}, ...]
    elapsed_ms: int = 0
    content_type: str = ""
    bytes_read: int = 0
    content_fingerprint: str = ""
    retry_after_seconds: int | None = None
    detail: str = ""

    @property
    def is_transient(self) -> bool:
        return is_transient(self.outcome)

    def as_dict(self) -> dict:
        return {**asdict(self), "is_transient": self.is_transient}


class _Deadline(Exception):
    """The whole check ran past its total time."""


# What ends a check (or a fetch) without an answer to judge; LinkChecker._failure names the outcome.
FAILURES = (GuardError, UnresolvableHost, _Deadline, httpx.HTTPError, idna.IDNAError)


class _TooLarge(Exception):
    def __init__(self, url: str, status_code: int, content_type: str) -> None:
        super().__init__(url)
        self.url, self.status_code, self.content_type = url, status_code, content_type


@dataclass(frozen=True)
class _ProbeAnswer:
    """The server's answer for a URL that cannot exist (status 0: the chain ended without an answer)."""

    status: int
    url: str
    redirected: bool
    text: str  # normalised, without the probe's own name


PROBE_CACHE_MAX_ENTRIES = 10_000
_probe_cache: dict[str, tuple[float, _ProbeAnswer]] = {}
_probe_cache_lock = threading.Lock()


@dataclass
class _Answer:
    """One final (non-redirect) answer after following redirects."""

    response: httpx.Response
    url: str
    chain: list[dict]
    body: bytes = b""
    bytes_read: int = 0


class _TextExtractor(HTMLParser):
    SKIPPED = frozenset({"script", "style", "noscript", "template", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skip_depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data):
        if not self._skip_depth:
            self.parts.append(data)


def normalised_text(body: bytes, content_type: str) -> str:
    """The page's visible text, case-folded with white space collapsed: markup and script churn do not count."""
    charset = "utf-8"
    match = re.search(r"charset=([\w-]+)", content_type or "", re.IGNORECASE)
    if match:
        charset = match.group(1)
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    if "html" in (content_type or "").lower():
        extractor = _TextExtractor()
        extractor.feed(text)
        extractor.close()
        text = " ".join(extractor.parts)
    return " ".join(text.split()).casefold()


def fingerprint(body: bytes, content_type: str) -> str:
    if is_text_type(content_type):
        return hashlib.sha256(normalised_text(body, content_type).encode()).hexdigest()
    return hashlib.sha256(body).hexdigest()


def is_text_type(content_type: str) -> bool:
    return (content_type or "").split(";")[0].strip().lower() in TEXT_TYPES


def parse_retry_after(value: str | None, *, now: float | None = None) -> int | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now_dt = datetime.fromtimestamp(now if now is not None else time.time(), tz=UTC)
    return max(0, int((when - now_dt).total_seconds()))


def outcome_for_status(status: int) -> str:
    if status == 404:
        return LinkOutcome.NOT_FOUND
    if status == 410:
        return LinkOutcome.GONE
    if status in (401, 403):
        return LinkOutcome.FORBIDDEN
    if status in (451, 999):  # unavailable for legal reasons; LinkedIn's and others' "no robots" answer
        return LinkOutcome.BLOCKED
    if status == 429:
        return LinkOutcome.RATE_LIMITED
    if 400 <= status < 500:
        return LinkOutcome.CLIENT_ERROR
    if status >= 500:
        return LinkOutcome.SERVER_ERROR
    return LinkOutcome.OK


# Bot walls and challenges of the common providers: a person would see the page, a program cannot tell.
# (header, value fragment or "" for any value); matched case-insensitively.
BOT_WALL_HEADERS = (
    ("cf-mitigated", "challenge"),  # Cloudflare managed challenge
    ("x-amzn-waf-action", ""),  # AWS WAF captcha / challenge (sent with a 202 or 405)
    ("x-datadome", ""),  # DataDome
    ("x-dd-b", ""),  # DataDome
    ("x-sucuri-block", ""),  # Sucuri firewall
)
# Page markers of challenge pages, looked for only in refusals (4xx, 5xx) and pages with a bot-wall header.
BOT_WALL_MARKERS = (
    "cf-chl-",  # Cloudflare challenge scripts and forms
    "challenge-platform",  # Cloudflare
    "captcha-delivery.com",  # DataDome
    "px-captcha",  # HUMAN (PerimeterX)
    "_incapsula_resource",  # Imperva Incapsula
    "sucuri website firewall",
    "ddos-guard",
    "awswafintegration",  # AWS WAF challenge script
    "/_sec/cp_challenge/",  # Akamai Bot Manager
)
# Servers whose bare 403 (no marker) is their bot manager's refusal.
BOT_WALL_SERVERS = ("akamaighost", "cloudflare", "ddos-guard", "sucuri/cloudproxy")


def bot_wall(response: httpx.Response, body: bytes) -> str:
    """The provider's sign when `response` is a bot wall or challenge rather than the page; "" otherwise."""
    headers = response.headers
    for name, fragment in BOT_WALL_HEADERS:
        value = headers.get(name)
        if value is not None and fragment in value.lower():
            return f"{name}: {value[:100]}"
    if response.status_code < 400:
        return ""
    text = body[: REDIRECT_PAGE_MAX_BYTES * 4].decode("utf-8", errors="replace").lower()
    for marker in BOT_WALL_MARKERS:
        if marker in text:
            return f"page marker {marker!r}"
    servers = [value.lower() for value in headers.get_list("server")]
    for server in servers:
        if response.status_code == 403 and server.startswith(BOT_WALL_SERVERS):
            return f"403 from {server[:60]}"
    return ""


class _RedirectPageParser(HTMLParser):
    """Finds `<meta http-equiv="refresh" content="0; url=...">` in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refresh: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag != "meta" or self.refresh is not None:
            return
        values = {name.lower(): value or "" for name, value in attrs}
        if values.get("http-equiv", "").strip().lower() == "refresh":
            self.refresh = values.get("content", "")


# The HTML standard's "shared declarative refresh steps", reduced: a delay, then optionally `url=` and the target.
_REFRESH = re.compile(r"^\s*(\d+)(?:\.[\d.]*)?\s*(?:[;,]\s*(?:url\s*=\s*)?(.*))?$", re.IGNORECASE | re.DOTALL)
# A bare script redirect: location = "...", location.href = '...', location.replace("..."), location.assign(...).
_SCRIPT_LOCATION = re.compile(
    r"""(?:\b(?:window|document|self|top)\.)?\blocation(?:\.href)?\s*=\s*(["'])([^"'\n]+)\1"""
    r"""|(?:\b(?:window|document|self|top)\.)?\blocation\.(?:replace|assign)\(\s*(["'])([^"'\n]+)\3\s*\)"""
)


def page_redirect_target(body: bytes, content_type: str) -> str | None:
    """The target of a meta refresh or a bare JavaScript `location` redirect in a small HTML page, unresolved."""
    if "html" not in (content_type or "").lower() or not body or len(body) > REDIRECT_PAGE_MAX_BYTES:
        return None
    lowered = body.lower()
    if b"location" not in lowered and not (b"<meta" in lowered and (b"refresh" in lowered or b"&" in body)):
        return None  # neither can be there: the HTML parser (pure Python) costs a sweep ~1 ms a page
    text = body.decode("utf-8", errors="replace")
    parser = _RedirectPageParser()
    try:
        parser.feed(text)
        parser.close()
    except AssertionError:  # HTMLParser on some malformed markup
        pass
    if parser.refresh is not None:
        match = _REFRESH.match(parser.refresh)
        if match and match.group(2) and int(match.group(1)) <= META_REFRESH_MAX_DELAY:
            target = match.group(2).strip()
            if target[:1] in "'\"":
                target = target[1:].split(target[0], 1)[0]
            return target.strip() or None
    match = _SCRIPT_LOCATION.search(text)
    if match:
        return match.group(2) or match.group(4)
    return None


def location_target(base: str, location: str) -> str:
    """Resolve a redirect target as browsers do (WHATWG URL Standard, through ada): relative references resolved,
    spaces and raw non-ASCII percent-encoded. The result is then judged by the guard like any URL.

    Raises InvalidURL when a browser would not follow it either.
    """
    try:
        return ada_url.join_url(base, location)
    except ValueError as exc:
        raise InvalidURL(f"unreadable redirect target {location[:200]!r}") from exc


def _page_address(url: str) -> str:
    """The URL without its fragment and an empty query: `page#top` and `page?` are the page itself."""
    return url.partition("#")[0].removesuffix("?")


def _location_header(response: httpx.Response) -> str | None:
    """The Location header as a browser reads it: its bytes as UTF-8 (httpx decodes headers as Latin-1)."""
    for name, value in response.headers.raw:
        if name.lower() == b"location":
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                return value.decode("latin-1")
    return None


class LinkChecker:
    """One checker per check (or per thread): it owns an httpx client on the guarded transport."""

    def __init__(self, config: CheckerConfig) -> None:
        self.config = config
        self.client = httpx.Client(
            transport=guarded_transport(config.policy, resolver=config.resolver),
            timeout=httpx.Timeout(config.timeout, connect=config.connect_timeout),
            follow_redirects=False,  # we follow them ourselves, judging every hop
            trust_env=False,  # never a proxy from the environment: it would bypass the guard
            headers={"User-Agent": config.user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
        )
        self._deadline = 0.0
        self._truncate_at: int | None = None  # set by fetch_guarded: truncate bodies instead of "too large"
        self._truncated = False

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> LinkChecker:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # The public entry point -------------------------------------------------------------------------------------

    def check(self, url: str) -> CheckResult:
        started = time.monotonic()
        self._deadline = started + self.config.timeout
        self.client.cookies.clear()  # cookies live for one check's redirect chain, never from one check to the next
        result = CheckResult(url=url, outcome=LinkOutcome.OK)
        try:
            self._check(url, result)
        except _TooLarge as exc:
            result.outcome = LinkOutcome.TOO_LARGE
            result.status_code, result.final_url = exc.status_code, exc.url
            result.content_type = exc.content_type[:200]
            result.detail = f"body larger than {self.config.max_bytes} bytes"
        except FAILURES as exc:
            result.outcome, result.detail = self._failure(exc)
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
        return result

    def _failure(self, exc: Exception) -> tuple[str, str]:
        """The outcome and detail for a check (or fetch) that ended without an answer to judge."""
        if isinstance(exc, GuardError):
            return exc.outcome, str(exc)
        if isinstance(exc, UnresolvableHost):
            return LinkOutcome.DNS_ERROR, str(exc)
        if isinstance(exc, _Deadline):
            return LinkOutcome.TIMEOUT, f"no complete answer within {self.config.timeout}s"
        if isinstance(exc, httpx.TimeoutException):
            return LinkOutcome.TIMEOUT, f"{type(exc).__name__}: {exc}"
        if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
            return LinkOutcome.INVALID_URL, str(exc)
        if isinstance(exc, idna.IDNAError):  # httpx reads a redirect's Location host as IDNA even when not following
            return LinkOutcome.INVALID_URL, f"unreadable host: {exc}"
        if isinstance(exc, httpx.TransportError):
            return _transport_outcome(exc), f"{type(exc).__name__}: {exc}"
        # e.g. a body that says gzip and is not: the server sent nothing readable
        return LinkOutcome.CONNECTION_ERROR, f"{type(exc).__name__}: {exc}"

    # Steps -------------------------------------------------------------------------------------------------------

    def _check(self, url: str, result: CheckResult) -> None:
        # GET only, as a browser does. HEAD was a cheap first question, but servers refuse or mishandle it in every
        # way (404, 403, 405, 500, a dropped connection) so its failures could never be believed, and a working
        # page's text is fingerprinted anyway: HEAD only cost a request. A declared length over the cap still
        # stops before the body is read (see _request).
        check_url_syntax(url, self.config.policy)
        answer = self._follow(url, result)
        if answer is None:
            return
        if answer.response.status_code == 403 or bot_wall(answer.response, answer.body):
            # Some sites refuse a program's first request and serve a browser's: ask once more as a browser asks.
            second = self._follow(url, CheckResult(url=url, outcome=LinkOutcome.OK), headers=BROWSER_HEADERS)
            if (
                second is not None
                and 200 <= second.response.status_code < 300
                and not bot_wall(second.response, second.body)
            ):
                answer = second
        self._judge(answer, result)
        healthy = result.outcome in (LinkOutcome.OK, LinkOutcome.REDIRECTED)
        if healthy and self.config.detect_soft_404 and self._is_soft_404(answer):
            result.outcome = LinkOutcome.SOFT_404
            result.detail = "the server answers a URL that cannot exist with the same page"

    def _declared_too_large(self, response: httpx.Response) -> bool:
        length = response.headers.get("content-length", "")
        return length.isdigit() and int(length) > self.config.max_bytes

    def _cookie_state(self) -> tuple:
        return tuple(sorted((c.domain, c.path, c.name, c.value or "") for c in self.client.cookies.jar))

    def _follow(
        self, url: str, result: CheckResult, *, headers: dict | None = None, page_redirects: bool = True
    ) -> _Answer | None:
        """GET `url`, following redirects ourselves as a browser would; None when the chain ended in an outcome.

        Redirects are HTTP 3xx with a Location (read by the WHATWG rules), and in a small 200 HTML page a meta
        refresh or a bare script `location` redirect. Every hop is checked by the guard again, syntax first and
        then the address at connect time. Cookies set along the chain are sent on later hops (the client's jar,
        cleared at the start of each check): a page that redirects to itself to set a cookie is not a loop; the
        same URL asked twice with the same cookies is.
        """
        chain: list[dict] = []
        current = url
        seen = {(url, self._cookie_state())}
        for _hop in range(self.config.max_redirects + 1):
            check_url_syntax(current, self.config.policy)
            response, body, bytes_read = self._request(current, headers=headers)
            status = response.status_code
            target, via = None, ""
            if status in REDIRECT_STATUSES:
                location = _location_header(response)
                if location is not None and location.strip():
                    target = location_target(current, location)
            elif page_redirects and 200 <= status < 300:
                in_page = page_redirect_target(body, response.headers.get("content-type", ""))
                if in_page:
                    resolved = location_target(current, in_page)
                    if _page_address(resolved) != _page_address(current):  # reloading itself is not a redirect
                        target, via = _page_address(resolved), "page"
            if target is None:
                result.redirect_chain = chain
                return _Answer(response=response, url=current, chain=chain, body=body, bytes_read=bytes_read)
            hop = {"url": current, "status": status}
            if via:
                hop["via"] = via
            chain.append(hop)
            result.redirect_chain = list(chain)
            state = (target, self._cookie_state())
            if state in seen:
                result.outcome = LinkOutcome.TOO_MANY_REDIRECTS
                result.status_code = status
                result.final_url = target
                result.detail = f"redirect loop back to {target}"
                return None
            seen.add(state)
            current = target
        result.outcome = LinkOutcome.TOO_MANY_REDIRECTS
        result.final_url = current
        result.detail = f"more than {self.config.max_redirects} redirects"
        return None

    def _request(self, url: str, *, headers: dict | None = None) -> tuple[httpx.Response, bytes, int]:
        self._check_deadline()
        with self.client.stream("GET", url, headers=headers) as response:
            body = bytearray()
            status = response.status_code
            if status not in REDIRECT_STATUSES and self._truncate_at is not None:
                # fetch_guarded: at most N bytes of any answer, the rest left unread.
                self._truncated = False
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > self._truncate_at:
                        del body[self._truncate_at :]
                        self._truncated = True
                        break
                    self._check_deadline()
            elif status not in REDIRECT_STATUSES:
                if 200 <= status < 300 and self._declared_too_large(response):
                    raise _TooLarge(url, status, response.headers.get("content-type", ""))
                # An error page is read only far enough to recognise a bot wall.
                limit = self.config.max_bytes if status < 400 else min(self.config.max_bytes, ERROR_PAGE_MAX_BYTES)
                for chunk in response.iter_bytes():  # decoded, as it arrives: the cap also stops zip bombs
                    body.extend(chunk)
                    if len(body) > limit:
                        if status >= 400:
                            del body[limit:]
                            break
                        raise _TooLarge(url, status, response.headers.get("content-type", ""))
                    self._check_deadline()
        return response, bytes(body), len(body)

    def _check_deadline(self) -> None:
        if time.monotonic() > self._deadline:
            raise _Deadline

    def _judge(self, answer: _Answer, result: CheckResult) -> None:
        response = answer.response
        result.status_code = response.status_code
        result.final_url = answer.url
        result.redirect_chain = answer.chain
        result.content_type = response.headers.get("content-type", "")[:200]
        result.bytes_read = answer.bytes_read
        outcome = outcome_for_status(response.status_code)
        wall = bot_wall(response, answer.body)
        if wall:
            outcome = LinkOutcome.BLOCKED
            result.detail = f"a bot wall or challenge answered ({response.status_code}, {wall}): a person must look"
        elif outcome == LinkOutcome.BLOCKED:
            result.detail = f"the server answered {response.status_code} to programs: a person must look"
        elif outcome == LinkOutcome.FORBIDDEN:
            result.detail = f"the server refused access ({response.status_code}): a person must look"
        elif outcome == LinkOutcome.OK:
            if 300 <= response.status_code < 400:
                outcome = LinkOutcome.CLIENT_ERROR  # a redirect with no Location, or 304 to a plain request
            elif any(hop["status"] in PERMANENT_REDIRECTS for hop in answer.chain):
                outcome = LinkOutcome.REDIRECTED
            result.content_fingerprint = fingerprint(answer.body, result.content_type)
        if response.status_code in (429, 503):
            result.retry_after_seconds = parse_retry_after(response.headers.get("retry-after"))
        result.outcome = outcome

    def _probe(self, page_url: str) -> _ProbeAnswer | None:
        """Ask the page's server for a sibling URL that cannot exist; None when we could not tell.

        Sites serve one not-found template per directory, so the answer is kept for `probe_cache_seconds` per
        process (keyed by scheme, host, port, directory and extension): a sweep asks once per directory, not once
        per page. 0 (the default for a bare CheckerConfig) asks every time.
        """
        key = sibling_url(page_url, "*")
        ttl = self.config.probe_cache_seconds
        if ttl > 0:
            with _probe_cache_lock:
                cached = _probe_cache.get(key)
            if cached is not None and cached[0] > time.monotonic():
                return cached[1]
        probe_name = secrets.token_hex(16)
        probe_url = sibling_url(page_url, probe_name)
        try:
            answer = self._follow(probe_url, CheckResult(url=probe_url, outcome=LinkOutcome.OK))
        except (httpx.HTTPError, GuardError, UnresolvableHost, _Deadline, _TooLarge):
            return None  # we could not tell (and do not remember that)
        if answer is None:
            probe = _ProbeAnswer(status=0, url=probe_url, redirected=False, text="")
        else:
            content_type = answer.response.headers.get("content-type", "")
            text = normalised_text(answer.body, content_type).replace(probe_name, "")[:SOFT_404_COMPARE_CHARS]
            probe = _ProbeAnswer(answer.response.status_code, answer.url, bool(answer.chain), text)
        if ttl > 0:
            with _probe_cache_lock:
                if len(_probe_cache) > PROBE_CACHE_MAX_ENTRIES:
                    _probe_cache.clear()
                _probe_cache[key] = (time.monotonic() + ttl, probe)
        return probe

    def _is_soft_404(self, page: _Answer) -> bool:
        probe = self._probe(page.url)
        if probe is None or not 200 <= probe.status < 300:
            return False  # could not tell, or the server says "not found" properly (so it would for the page too)
        if probe.url == page.url and probe.redirected:
            return True  # a URL that cannot exist redirects to the same place the page ended at
        content_type = page.response.headers.get("content-type", "")
        # Not-found pages often echo the path asked for: leave each URL's own name out of the comparison.
        page_name = urlsplit(page.url).path.rstrip("/").rpartition("/")[2].casefold()
        page_text = normalised_text(page.body, content_type)
        if page_name:
            page_text = page_text.replace(page_name, "")
        page_text = page_text[:SOFT_404_COMPARE_CHARS]
        if not page_text and not probe.text:
            return False
        return difflib.SequenceMatcher(None, page_text, probe.text, autojunk=False).ratio() >= SOFT_404_SIMILARITY


def sibling_url(url: str, name: str) -> str:
    """The URL of a page called `name` in the same directory as `url` (keeping its extension, if any)."""
    parts = urlsplit(url)
    directory, _slash, last = parts.path.rpartition("/")
    extension = ""
    if "." in last:
        extension = "." + last.rsplit(".", 1)[1]
    return urlunsplit((parts.scheme, parts.netloc, f"{directory}/{name}{extension}", "", ""))


def _transport_outcome(exc: httpx.TransportError) -> str:
    cause = exc.__cause__ or exc.__context__
    while cause is not None:
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            return LinkOutcome.TLS_ERROR
        cause = cause.__cause__ or cause.__context__
    if "SSL" in str(exc) or "CERTIFICATE" in str(exc).upper():
        return LinkOutcome.TLS_ERROR
    return LinkOutcome.CONNECTION_ERROR


_thread_checker = threading.local()


def check_url(url: str, *, config: CheckerConfig | None = None) -> CheckResult:
    """Check one URL with the project's settings (or the given config).

    Each thread keeps its checker (and so its connections, alive for httpx's keep-alive expiry, 5 s) from one check
    to the next while the config stays the same: a sweep checks many pages of one site, and a new client and
    connection per check cost a sweep about a tenth of its CPU (docs/benchmarks.md). A kept connection goes to an
    address the guard judged when it was opened; cookies are still cleared at the start of every check.
    """
    config = config or CheckerConfig.from_settings()
    checker: LinkChecker | None = getattr(_thread_checker, "checker", None)
    if checker is None or checker.config != config:
        if checker is not None:
            checker.close()
        checker = _thread_checker.checker = LinkChecker(config)
    return checker.check(url)


@dataclass(frozen=True)
class FetchedPage:
    """What fetch_guarded got: the last answer after redirects."""

    status_code: int
    final_url: str
    headers: dict[str, str]  # lower-case names; a repeated header's values joined with ", "
    body: bytes  # at most max_bytes, decoded from any Content-Encoding
    truncated: bool  # the body went on past max_bytes and was left unread


class FetchRefused(Exception):
    """fetch_guarded got no answer: `outcome` is a LinkOutcome value (unsafe_url, invalid_url, dns_error, timeout,
    connection_error, tls_error or too_many_redirects) and the message says why."""

    def __init__(self, outcome: str, detail: str) -> None:
        super().__init__(detail)
        self.outcome = outcome


def fetch_guarded(
    url: str, *, max_bytes: int = 1024 * 1024, accept: str = "*/*", config: CheckerConfig | None = None
) -> FetchedPage:
    """GET `url` through the SSRF guard, following HTTP redirects (every hop judged by the guard, at most
    LINKCHECK_MAX_REDIRECTS), within LINKCHECK_TIMEOUT for the whole fetch, with the link checker's User-Agent.

    Returns the final answer whatever its status (a 404 is an answer), with at most `max_bytes` of its body.
    Raises FetchRefused when there is no answer (the guard refused the URL or a hop, DNS, network, timeout, a loop).
    No database access; safe to call from a request, a task or a command.
    """
    config = config or CheckerConfig.from_settings()
    with LinkChecker(config) as fetcher:
        fetcher._deadline = time.monotonic() + config.timeout
        fetcher._truncate_at = max_bytes
        result = CheckResult(url=url, outcome=LinkOutcome.OK)
        try:
            check_url_syntax(url, config.policy)
            answer = fetcher._follow(url, result, headers={"Accept": accept}, page_redirects=False)
        except FAILURES as exc:
            outcome, detail = fetcher._failure(exc)
            raise FetchRefused(outcome, detail) from exc
        if answer is None:
            raise FetchRefused(result.outcome, result.detail)
        headers: dict[str, str] = {}
        for name, value in answer.response.headers.multi_items():
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return FetchedPage(
            status_code=answer.response.status_code,
            final_url=answer.url,
            headers=headers,
            body=answer.body,
            truncated=fetcher._truncated,
        )
