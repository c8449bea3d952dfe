"""The public endpoints of ClaimReview exchange: the DataFeed and the Fact Check Tools-compatible search."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from claims.interop.datafeed import feed_chunks, feed_stamp
from claims.interop.factchecktools import SearchError, claims_search, parse_search_params

FEED_CONTENT_TYPE = "application/ld+json; charset=utf-8"


class BadModifiedSince(ValueError):
    pass


def _modified_since(request: HttpRequest) -> datetime | None:
    raw = request.GET.get("modified_since", "").strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw.replace(" ", "+"))  # a "+" left unencoded in a query string arrives as a space
    except ValueError:
        moment = None
    if moment is None:
        raise BadModifiedSince(raw)
    return make_aware(moment) if is_naive(moment) else moment


def _feed_stamp_for(request: HttpRequest) -> tuple[int, datetime | None] | None:
    if not hasattr(request, "_claimreview_feed_stamp"):
        try:
            request._claimreview_feed_stamp = feed_stamp(modified_since=_modified_since(request))
        except BadModifiedSince:
            request._claimreview_feed_stamp = None
    return request._claimreview_feed_stamp


def _feed_etag(request: HttpRequest) -> str | None:
    stamp = _feed_stamp_for(request)
    if stamp is None or stamp[1] is None:
        return None
    count, newest = stamp
    return f"claimreview-{count}-{newest.timestamp():.6f}-{request.GET.get('modified_since', '')}"


def _feed_last_modified(request: HttpRequest) -> datetime | None:
    stamp = _feed_stamp_for(request)
    return stamp[1] if stamp else None


@require_safe
@condition(etag_func=_feed_etag, last_modified_func=_feed_last_modified)
def claimreview_feed(request: HttpRequest) -> HttpResponse:
    """GET /feeds/claimreview.json[?modified_since=<ISO 8601 date-time>]: a schema.org DataFeed, streamed."""
    try:
        modified_since = _modified_since(request)
    except BadModifiedSince as exc:
        message = _("modified_since must be an ISO 8601 date-time such as 2026-11-30T12:00:00Z, not “%(value)s”.")
        return JsonResponse({"detail": message % {"value": str(exc)[:60]}, "code": "invalid"}, status=400)
    response = StreamingHttpResponse(feed_chunks(modified_since=modified_since), content_type=FEED_CONTENT_TYPE)
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def factchecktools_claims_search(request: HttpRequest) -> HttpResponse:
    """GET /factchecktools/v1alpha1/claims:search, answering as Google's claims.search does (errors included)."""
    if request.method not in ("GET", "HEAD"):
        error = SearchError(_("Method not allowed."), code=405, status="INVALID_ARGUMENT")
        return JsonResponse(error.as_json(), status=405, headers={"Allow": "GET, HEAD"})
    try:
        params = parse_search_params(request.GET)
    except SearchError as exc:
        return JsonResponse(exc.as_json(), status=exc.code)
    response = JsonResponse(claims_search(params), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def factchecktools_not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other Fact Check Tools method (pages, ClaimReview markup writes): not offered, said in Google's shape."""
    error = SearchError(_("Only claims:search is offered here."), code=404, status="NOT_FOUND")
    return JsonResponse(error.as_json(), status=404)
