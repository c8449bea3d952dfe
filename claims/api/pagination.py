"""Cursor pagination (stable while new claims are published) in DRF's envelope: results, next, previous."""

from __future__ import annotations

from django.core import signing
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class ApiCursorPagination(CursorPagination):
    """page_size defaults to 20; outside 1..100 it is refused with a 400 rather than silently clamped, so a client
    that asked for 10,000 rows learns at once that it must follow `next`.

    Cursors are signed (django.core.signing, keyed on SECRET_KEY) for the endpoint and ordering that issued
    them: DRF's are plain base64, so any text decoded to a first page or a hidden offset (`o=5`), and a forged
    position reached the database. A cursor the API did not issue, or issued for another endpoint or order,
    is a 400.
    """

    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    ordering = "id"

    page_size_query_description = (
        f"Results per page: {DEFAULT_PAGE_SIZE} unless given, at most {MAX_PAGE_SIZE}; a value outside 1 to "
        f"{MAX_PAGE_SIZE} is refused with a 400."
    )
    cursor_query_description = (
        "The `next` or `previous` link's cursor, opaque and signed: one the API did not issue for this endpoint "
        "and ordering is refused with a 400."
    )
    invalid_cursor_message = "Invalid cursor: pass the `next` or `previous` link of this endpoint unchanged."

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
        return parameters

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"Must be a whole number from 1 to {self.max_page_size}."]}
            )
        return size

    def get_ordering(self, request, queryset, view):
        # Views without an ordering parameter name their own fixed order.
        if not getattr(view, "ordering_fields", None):
            return (getattr(view, "cursor_ordering", self.ordering),)
        return super().get_ordering(request, queryset, view)

    def _signing_salt(self, request) -> str:
        return f"claims.api.cursor:{request.path}:{','.join(self.ordering)}"

    def encode_cursor(self, cursor: Cursor) -> str:
        tokens = {"o": cursor.offset, "r": cursor.reverse, "p": cursor.position}
        signed = signing.dumps(tokens, salt=self._salt, compress=False)
        return replace_query_param(self.base_url, self.cursor_query_param, signed)

    def decode_cursor(self, request) -> Cursor | None:
        # paginate_queryset sets self.ordering before it decodes, and encodes only after.
        self._salt = self._signing_salt(request)
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            tokens = signing.loads(encoded, salt=self._salt)
            cursor = Cursor(offset=tokens["o"], reverse=tokens["r"], position=tokens["p"])
        except (signing.BadSignature, TypeError, KeyError, ValueError) as exc:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from exc
        valid = (
            isinstance(cursor.offset, int)
            and cursor.offset >= 0
            and isinstance(cursor.reverse, bool)
            and (cursor.position is None or (isinstance(cursor.position, str) and self._position_is_valid(cursor)))
        )
        if not valid:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})
        # As DRF does: past offset_cutoff rows sharing one position, pages repeat rather than scan without end.
        return cursor._replace(offset=min(cursor.offset, self.offset_cutoff))

    def _position_is_valid(self, cursor: Cursor) -> bool:
        """The position must fit the ordering field it is compared with, or the database would reject it."""
        field = self.ordering[0].lstrip("-")
        if field in ("id", "pk"):
            # isdigit() alone accepts "²", which int() and the database refuse.
            return cursor.position.isascii() and cursor.position.isdigit() and len(cursor.position) <= 18
        try:
            return parse_datetime(cursor.position) is not None
        except ValueError:
            return False
