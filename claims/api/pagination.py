"""Cursor pagination (stable while new claims are published) in DRF's envelope: results, next, previous."""

from __future__ import annotations

from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class ApiCursorPagination(CursorPagination):
    """page_size defaults to 20; outside 1..100 it is refused with a 400 rather than silently clamped, so a client
    that asked for 10,000 rows learns at once that it must follow `next`. A cursor that does not decode is a 400
    (DRF answers 404)."""

    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    ordering = "id"

    page_size_query_description = (
        f"Results per page: {DEFAULT_PAGE_SIZE} unless given, at most {MAX_PAGE_SIZE}; a value outside 1 to "
        f"{MAX_PAGE_SIZE} is refused with a 400."
    )
    cursor_query_description = "The `next` or `previous` link's cursor; anything else is refused with a 400."

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

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound as exc:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from exc
        if cursor is not None and cursor.position is not None and not self._position_is_valid(request, cursor):
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})
        return cursor

    def _position_is_valid(self, request, cursor) -> bool:
        """The position must fit the ordering field it is compared with, or the database would reject it."""
        field = self.ordering[0].lstrip("-")
        if field in ("id", "pk"):
            return cursor.position.isdigit() and len(cursor.position) <= 18
        try:
            return parse_datetime(cursor.position) is not None
        except ValueError:
            return False
