"""What a reader or API client gets when the server fails: 503 + Retry-After while the database is unreachable.

Django calls handler500 inside its exception handler, so sys.exc_info() still names the error, whether a view, a
middleware (sessions, axes) or a template raised it. A database outage is temporary and says so (503, Retry-After,
so crawlers and clients come back); anything else stays a 500. Neither page touches the database or a template
that might, and /api/ gets the API's JSON error shape.
"""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

# Seconds a client is asked to wait before trying again while the database is down.
RETRY_AFTER_SECONDS = 30

# psycopg2 raises these through Django's wrappers when the server is down, restarting or refusing connections.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, UNAVAILABLE_ERRORS) or (
        isinstance(exc, DatabaseError) and isinstance(exc.__cause__, UNAVAILABLE_ERRORS)
    )


def _plain(request: HttpRequest, *, status: int, detail: str, code: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "code": code}, status=status)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 + Retry-After for a database outage, a plain 500 otherwise."""
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        response = _plain(
            request,
            status=503,
            detail=_("The service is briefly unavailable. Please try again in a minute."),
            code="service_unavailable",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _plain(request, status=500, detail=_("Server error."), code="server_error")
