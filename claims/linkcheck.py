"""Fetch and judge one URL. No database access: the task records the result through services.source_record_check.

The checker asks HEAD first (cheap, and enough for a 404), and GETs when the server refuses HEAD or when the
answer is a page whose text we fingerprint. It follows redirects itself, at most LINKCHECK_MAX_REDIRECTS, and
every hop's connection goes through the URL guard (claims/urlguard.py). The body is streamed and abandoned at
LINKCHECK_MAX_BYTES; a whole check, every hop included, ends at LINKCHECK_TIMEOUT.

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
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
import idna

from claims.linkcheck_outcomes import LinkOutcome, is_transient
from claims.urlguard import (
    GuardError,
    GuardPolicy,
    Resolver,
    UnresolvableHost,
    check_url_syntax,
    guarded_transport,
)

PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Statuses with which servers say "not HEAD, ask with GET" (or wrongly refuse HEAD altogether).
HEAD_REFUSED_STATUSES = frozenset({400, 403, 405, 501})
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


class _TooLarge(Exception):
    pass


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
    if status in (401, 403, 451):
        return LinkOutcome.FORBIDDEN
    if status == 429:
        return LinkOutcome.RATE_LIMITED
    if 400 <= status < 500:
        return LinkOutcome.CLIENT_ERROR
    if status >= 500:
        return LinkOutcome.SERVER_ERROR
    return LinkOutcome.OK


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
        result = CheckResult(url=url, outcome=LinkOutcome.OK)
        try:
            self._check(url, result)
        except GuardError as exc:
            result.outcome, result.detail = exc.outcome, str(exc)
        except UnresolvableHost as exc:
            result.outcome, result.detail = LinkOutcome.DNS_ERROR, str(exc)
        except _Deadline:
            result.outcome, result.detail = LinkOutcome.TIMEOUT, f"no complete answer within {self.config.timeout}s"
        except _TooLarge:
            result.outcome = LinkOutcome.TOO_LARGE
            result.detail = f"body larger than {self.config.max_bytes} bytes"
        except httpx.TimeoutException as exc:
            result.outcome, result.detail = LinkOutcome.TIMEOUT, f"{type(exc).__name__}: {exc}"
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            result.outcome, result.detail = LinkOutcome.INVALID_URL, str(exc)
        except idna.IDNAError as exc:  # httpx reads a redirect's Location host as IDNA even when not following it
            result.outcome, result.detail = LinkOutcome.INVALID_URL, f"unreadable host: {exc}"
        except httpx.TransportError as exc:
            result.outcome, result.detail = _transport_outcome(exc), f"{type(exc).__name__}: {exc}"
        except httpx.HTTPError as exc:  # e.g. a body that says gzip and is not: the server sent nothing readable
            result.outcome, result.detail = LinkOutcome.CONNECTION_ERROR, f"{type(exc).__name__}: {exc}"
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
        return result

    # Steps -------------------------------------------------------------------------------------------------------

    def _check(self, url: str, result: CheckResult) -> None:
        check_url_syntax(url, self.config.policy)
        answer = self._follow("HEAD", url, result)
        if answer is None:
            return
        status = answer.response.status_code
        if 200 <= status < 300 and self._declared_too_large(answer.response):
            self._judge(answer, result)
            result.outcome = LinkOutcome.TOO_LARGE
            result.detail = f"declared length over {self.config.max_bytes} bytes"
            return
        if status in HEAD_REFUSED_STATUSES or 200 <= status < 300:
            # Either HEAD was refused, or the page is fine and we want its text: ask again with GET.
            answer = self._follow("GET", url, result)
            if answer is None:
                return
        self._judge(answer, result)
        healthy = result.outcome in (LinkOutcome.OK, LinkOutcome.REDIRECTED)
        if healthy and self.config.detect_soft_404 and self._is_soft_404(answer):
            result.outcome = LinkOutcome.SOFT_404
            result.detail = "the server answers a URL that cannot exist with the same page"

    def _declared_too_large(self, response: httpx.Response) -> bool:
        length = response.headers.get("content-length", "")
        return length.isdigit() and int(length) > self.config.max_bytes

    def _follow(self, method: str, url: str, result: CheckResult) -> _Answer | None:
        """Request `url`, following redirects ourselves; None when the chain ended in an outcome (loop, too many)."""
        chain: list[dict] = []
        seen = {url}
        current = url
        for _hop in range(self.config.max_redirects + 1):
            check_url_syntax(current, self.config.policy)
            response, body, bytes_read = self._request(method, current)
            if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                chain.append({"url": current, "status": response.status_code})
                target = urljoin(current, response.headers["location"])
                result.redirect_chain = list(chain)
                if target in seen:
                    result.outcome = LinkOutcome.TOO_MANY_REDIRECTS
                    result.status_code = response.status_code
                    result.final_url = target
                    result.detail = f"redirect loop back to {target}"
                    return None
                seen.add(target)
                current = target
                continue
            result.redirect_chain = chain
            return _Answer(response=response, url=current, chain=chain, body=body, bytes_read=bytes_read)
        result.outcome = LinkOutcome.TOO_MANY_REDIRECTS
        result.final_url = current
        result.detail = f"more than {self.config.max_redirects} redirects"
        return None

    def _request(self, method: str, url: str) -> tuple[httpx.Response, bytes, int]:
        self._check_deadline()
        with self.client.stream(method, url) as response:
            body = bytearray()
            if method == "GET" and response.status_code not in REDIRECT_STATUSES:
                for chunk in response.iter_bytes():  # decoded, as it arrives: the cap also stops zip bombs
                    body.extend(chunk)
                    if len(body) > self.config.max_bytes:
                        raise _TooLarge
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
        if outcome == LinkOutcome.OK:
            if 300 <= response.status_code < 400:
                outcome = LinkOutcome.CLIENT_ERROR  # a redirect with no Location, or 304 to a plain request
            elif any(hop["status"] in PERMANENT_REDIRECTS for hop in answer.chain):
                outcome = LinkOutcome.REDIRECTED
            if answer.body or response.request.method == "GET":
                result.content_fingerprint = fingerprint(answer.body, result.content_type)
        if response.status_code in (429, 503):
            result.retry_after_seconds = parse_retry_after(response.headers.get("retry-after"))
        result.outcome = outcome

    def _is_soft_404(self, page: _Answer) -> bool:
        probe_name = secrets.token_hex(16)
        probe_url = sibling_url(page.url, probe_name)
        probe = CheckResult(url=probe_url, outcome=LinkOutcome.OK)
        try:
            answer = self._follow("GET", probe_url, probe)
        except (httpx.HTTPError, GuardError, UnresolvableHost, _Deadline, _TooLarge):
            return False  # we could not tell: do not accuse the page
        if answer is None or not 200 <= answer.response.status_code < 300:
            return False  # the server says "not found" properly, so it would have said so for the page too
        if answer.url == page.url and answer.chain:
            return True  # a URL that cannot exist redirects to the same place the page ended at
        content_type = answer.response.headers.get("content-type", "")
        # Not-found pages often echo the path asked for: leave each URL's own name out of the comparison.
        page_name = urlsplit(page.url).path.rstrip("/").rpartition("/")[2].casefold()
        page_text = normalised_text(page.body, content_type)
        if page_name:
            page_text = page_text.replace(page_name, "")
        page_text = page_text[:SOFT_404_COMPARE_CHARS]
        probe_text = normalised_text(answer.body, content_type).replace(probe_name, "")[:SOFT_404_COMPARE_CHARS]
        if not page_text and not probe_text:
            return False
        return difflib.SequenceMatcher(None, page_text, probe_text, autojunk=False).ratio() >= SOFT_404_SIMILARITY


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


def check_url(url: str, *, config: CheckerConfig | None = None) -> CheckResult:
    """Check one URL with the project's settings (or the given config)."""
    with LinkChecker(config or CheckerConfig.from_settings()) as checker:
        return checker.check(url)
