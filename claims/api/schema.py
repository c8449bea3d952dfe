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


ID_MAX = 10**18 - 1  # views.ID_PATTERN: up to 18 digits


def document_ids_as_integers(result: dict, generator, request, public) -> dict:
    """drf-spectacular describes a routed `{id}` by its URL pattern (a string); clients should see a number."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter["in"] == "path" and parameter["name"] == "id":
                    parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
    return result


# Example values for the query parameters, taken from the worked example in fixtures/ so that "Try it out" in
# /api/docs/ finds something (drf-spectacular would show "string").
QUERY_EXAMPLES = {
    "rating": "false",
    "claimant": "massoud-solanifar",
    "topic": "women-in-sport",
    "language": "en",
    "published_after": "2026-11-20",
    "published_before": "2026-11-30",
    "updated_since": "2026-11-21T10:00:00Z",
    "q": "marathon",
    "page_size": 20,
}


def add_query_examples(result: dict, generator, request, public) -> dict:
    """An `example` on each documented query parameter that has one in QUERY_EXAMPLES."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter["in"] == "query" and parameter["name"] in QUERY_EXAMPLES:
                    parameter["example"] = QUERY_EXAMPLES[parameter["name"]]
    return result
