"""Rendered public responses, cached under one stamp of the public data, so that a 200 costs about a 304.

The stamp is a random token kept in the shared cache (Redis in production, so every web process agrees). Any
write that can change what readers see replaces it, after the transaction commits: a save or delete of a claim,
verdict, correction, claimant, rating, topic, source, citation, relation, info page, the newsroom's
profile or another newsroom's imported review (signals below), and the link
services' queryset updates (they call `bump_public_stamp()` themselves). Replacing the stamp orphans every
cached page at once; orphans expire after `PAGE_CACHE_SECONDS`. Bumping after commit, never before, is what
keeps a concurrent reader from caching the old rows under the new stamp. Each replacement after a commit is
announced by the `public_stamp_replaced` signal (the sitemap build listens: claims/sitemaps/signals.py).

Only anonymous GET/HEAD requests are cached (staff may preview drafts at the same URLs), only 200s, never a
response that sets a cookie or used a CSRF token. Keys hold the stamp, the interface language and the full
path with its query string. When Redis is unreachable its backend fails open (claimcheck/cache.py): the page is
rendered as if there were no cache, and a warning is logged.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, set_response_etag
from django.utils.functional import cached_property

STAMP_KEY = "claims:public-stamp"
# Pages orphaned by a new stamp leave the cache within a day; a live stamp's pages are rebuilt no sooner.
PAGE_CACHE_SECONDS = 24 * 3600

# Sent (no arguments besides the sender) each time a commit has replaced the stamp, never for the replacement made
# inside the still-open transaction: what a receiver reads from the database is then what the new stamp stands
# for. Receivers only enqueue (the sitemap build, claims/sitemaps/signals.py); they must not raise.
public_stamp_replaced = Signal()


def public_stamp() -> str | None:
    """The current stamp of the public data (a hex token), or None when the cache cannot be reached.

    The Redis cache fails open (claimcheck/cache.py): while Redis is down, reads answer None and writes are
    dropped, so pages are served uncached.
    """
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        cache.add(STAMP_KEY, uuid.uuid4().hex, None)
        stamp = cache.get(STAMP_KEY)
    return stamp


def bump_public_stamp() -> None:
    """Orphan every cached public response: now, and again once the current transaction commits.

    The second replacement is the one that matters in production (a reader who rendered the old rows while the
    transaction was open cached them under the first replacement); the first one makes the change visible to
    code that runs inside the same transaction (tests, shell sessions).
    """
    _replace_stamp(committed=False)
    transaction.on_commit(_replace_stamp)


def _replace_stamp(*, committed: bool = True) -> None:
    """Replace the stamp; `committed`: the caller's transaction has committed (on_commit calls it bare)."""
    cache.set(STAMP_KEY, uuid.uuid4().hex, None)
    if committed:
        public_stamp_replaced.send(sender=_replace_stamp)


def remembered_under_stamp(name: str, compute: Callable[[], object], *, seconds: int) -> object:
    """compute()'s answer, kept in the shared cache under the public stamp for at most `seconds`.

    For values read on every request that only a change of the public data can move (a page's own validator):
    any bump forgets them at once; `seconds` bounds how stale anything that moves without a bump may get.
    `name` identifies the value (hashed into the key). None is remembered like any other answer. Without a
    reachable cache, compute() runs every time.
    """
    stamp = public_stamp()
    if stamp is None:
        return compute()
    key = f"claims:memo:{stamp}:{hashlib.sha256(name.encode()).hexdigest()}"
    hit = cache.get(key)
    if hit is not None:
        return hit[0]
    value = compute()
    cache.set(key, (value,), seconds)
    return value


def stamped_key(prefix: str, request: HttpRequest, stamp: str) -> str:
    """The cache key of `request`'s answer under `stamp`: language and full path, hashed to a fixed length."""
    raw = f"{translation.get_language()}|{request.get_full_path()}|{request.headers.get('Accept', '')}"
    return f"claims:{prefix}:{stamp}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _cacheable_request(request: HttpRequest) -> bool:
    # request.user reads the session only when there is a session cookie: anonymous readers cost no query.
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def cached_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a view's anonymous 200s from the cache while the public stamp stands (see the module docstring).

    Use as `@cached_public_page`, or `cached_public_page(view)` for a view object (a feed).
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable_request(request) or (stamp := public_stamp()) is None:
            return view(request, *args, **kwargs)
        key = stamped_key("page", request, stamp)
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if _cacheable_response(request, response):
            # One chunk: a feed is written in thousands of small pieces, and the WSGI server sends each piece of a
            # response with its own system call (9 ms for a 62 kB feed under gunicorn).
            response.content = response.content
            directives = {d.lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
            if not response.has_header("ETag") and "no-store" not in directives:
                # The ETag ConditionalGetMiddleware would otherwise hash out of the whole page on every hit (its own
                # rule: none for no-store).
                set_response_etag(response)
            cache.set(key, response, PAGE_CACHE_SECONDS)
        return response

    return wrapper


# The API shows link-check dates that move without replacing the stamp (only health changes replace it):
# its cached answers live one minute at most.
API_CACHE_SECONDS = 60
_API_CACHE_KEY = "_claims_api_cache_key"


def cached_api_data(request, build: Callable[[], object]):
    """A DRF list or detail answer for an anonymous reader, from the cache when its stamp stands.

    `request` is DRF's Request after `initial()` (authentication, throttles and content negotiation have run).
    `build()` returns the DRF Response the view would give. A hit returns a plain HttpResponse holding the
    rendered bytes and the headers the view set (pagination's Link, Content-Type), so a cached answer costs no
    serialiser and no renderer. A miss returns build()'s Response and marks the request, so that
    `cache_rendered_api_response` (called from the view's finalize_response) stores it once rendered. Keys hold
    the public stamp, the scheme and host (absolute links), the negotiated media type, the language and the full path.
    """
    if not _cacheable_request(request) or (stamp := public_stamp()) is None:
        return build()
    # Scheme and host: pagination's links are absolute (request.build_absolute_uri).
    origin = f"{request.scheme}://{request.get_host()}"
    key = stamped_key("api", request, f"{stamp}:{origin}:{request.accepted_media_type}")
    hit = cache.get(key)
    if hit is not None:
        content, headers = hit
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response
    setattr(request, _API_CACHE_KEY, key)
    return build()


def cache_rendered_api_response(request, response: HttpResponse) -> HttpResponse:
    """Render a DRF Response that cached_api_data marked as a miss and store its bytes; returns `response`.

    Call it from the view's finalize_response, after DRF has given the response its renderer. Only 200s are
    stored, for API_CACHE_SECONDS.
    """
    key = getattr(request, _API_CACHE_KEY, None)
    if key is None or response.status_code != 200 or response.streaming or response.cookies:
        return response
    if hasattr(response, "render"):
        response.render()
    cache.set(key, (response.content, list(response.items())), API_CACHE_SECONDS)
    return response


class StampedCountPaginator(Paginator):
    """A Paginator whose count (a COUNT(*) over the whole list) is cached under the public stamp.

    `count_key` names the list (e.g. "home" or "claimant:42"); without a stamp the count is computed.
    """

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        stamp = public_stamp()
        if stamp is None:
            return super().count
        key = f"claims:count:{stamp}:{self.count_key}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, PAGE_CACHE_SECONDS)
        return count


def _connect_stamp_signals() -> None:
    """Every editorial save or delete of what readers see replaces the stamp (after commit)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from claims.interop.models import ExternalFactCheck
    from claims.models import (
        Claim,
        Claimant,
        ClaimRelation,
        ClaimSource,
        Correction,
        InfoPage,
        NewsroomProfile,
        Rating,
        Source,
        Topic,
        Verdict,
    )

    def on_change(sender, **kwargs) -> None:
        if not kwargs.get("raw"):  # fixtures being loaded: nothing has been served from them yet
            bump_public_stamp()

    # The newsroom's profile (publisher name and logo in every page's ClaimReview), its info pages (methodology,
    # corrections policy: linked from every footer) and other newsrooms' reviews ("Also checked by") are public too.
    public_models = (
        Claim,
        Verdict,
        Correction,
        Claimant,
        Rating,
        Topic,
        Source,
        ClaimSource,
        ClaimRelation,
        InfoPage,
        NewsroomProfile,
        ExternalFactCheck,
    )
    for model in public_models:
        post_save.connect(on_change, sender=model, weak=False, dispatch_uid=f"pagecache.save.{model.__name__}")
        post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=f"pagecache.delete.{model.__name__}")
    m2m_changed.connect(on_change, sender=Claim.topics.through, weak=False, dispatch_uid="pagecache.topics")
