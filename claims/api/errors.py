"""One JSON shape for every 4xx the API answers, and the mapping of service errors onto HTTP statuses.

Services raise Django's ValidationError (bad data: 400) and PermissionDenied (wrong user: 403); DRF knows the
second but not the first, which would otherwise surface as a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

# How many field errors the one-line `detail` summarises; `errors` always carries them all.
SUMMARY_FIELDS = 3


def _flatten(errors) -> list[tuple[str, str]]:
    """(field, message) pairs of a DRF error structure, nested serializer errors joined with dots."""
    pairs: list[tuple[str, str]] = []
    if isinstance(errors, dict):
        for field, value in errors.items():
            pairs.extend((f"{field}.{sub}" if sub else str(field), message) for sub, message in _flatten(value))
    elif isinstance(errors, list):
        for value in errors:
            pairs.extend(_flatten(value))
    else:
        pairs.append(("", str(errors)))
    return pairs


def _summary(errors) -> str:
    pairs = _flatten(errors)
    parts = [f"{field}: {message}" if field and field != "non_field_errors" else message for field, message in pairs]
    text = "; ".join(parts[:SUMMARY_FIELDS])
    if len(parts) > SUMMARY_FIELDS:
        text += f" (and {len(parts) - SUMMARY_FIELDS} more)"
    return text or "Invalid input."


def _as_field_errors(errors) -> dict[str, list[str]]:
    if isinstance(errors, list):
        errors = {"non_field_errors": errors}
    field_errors: dict[str, list[str]] = {}
    for field, message in _flatten(errors):
        field_errors.setdefault(field or "non_field_errors", []).append(message)
    return field_errors


def api_exception_handler(exc, context) -> Response | None:
    """DRF's handler, with Django ValidationError as 400 and the body reshaped to ErrorSerializer."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(detail=serializers.as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        # Django's own refusal would be an HTML 400 page; the API answers every bad body in its JSON shape.
        exc = exceptions.ParseError(
            f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
            if isinstance(exc, RequestDataTooBig)
            else "The request has too many fields."
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, ValidationError):
        body = {"detail": _summary(exc.detail), "code": "invalid", "errors": _as_field_errors(exc.detail)}
    else:
        body = {"detail": str(exc.detail), "code": getattr(exc.detail, "code", None) or code}
    response.data = body
    return response


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    detail = serializers.CharField(help_text="What went wrong, in one human-readable line.")
    code = serializers.CharField(
        help_text="A machine-readable code: invalid, parse_error, not_authenticated, authentication_failed, "
        "permission_denied, not_found, method_not_allowed, not_acceptable, unsupported_media_type, throttled."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400 only: the messages for each field (or parameter) at fault; `non_field_errors` for the "
        "object as a whole.",
    )


ERROR_STATUSES = {
    status.HTTP_400_BAD_REQUEST: "Bad request: a malformed body, an unknown filter value, a bad cursor or page_size.",
    status.HTTP_401_UNAUTHORIZED: "No valid token: writing needs `Authorization: Token <key>`; a bad token is refused "
    "on every request.",
    status.HTTP_403_FORBIDDEN: "The token's user lacks the model permission (or `claims.publish_verdict`).",
    status.HTTP_404_NOT_FOUND: "No published item with this id (drafts and verdicts in review are never shown).",
    status.HTTP_429_TOO_MANY_REQUESTS: "Throttled: wait for the number of seconds in the Retry-After header.",
}
