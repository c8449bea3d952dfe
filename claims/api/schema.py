"""OpenAPI helpers: every operation documents its error answers with the one error body (errors.ErrorSerializer)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse

from claims.api.errors import ERROR_STATUSES, ErrorSerializer

READ_ERRORS = (400, 401, 403, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 429)


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_STATUSES[code]) for code in statuses}


def with_errors(success: dict, statuses: tuple[int, ...] = READ_ERRORS) -> dict:
    return {**success, **error_responses(*statuses)}
