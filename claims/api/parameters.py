"""Strict query parameters: a list endpoint answers only the questions it was asked.

DRF and django-filter ignore a parameter they do not know, so `?query=marathon` (for `q`) or `?pageSize=5`
used to return every claim as if filtered. Every list endpoint refuses unknown parameters with a 400 that names
them and lists the accepted ones, derived from the view's own filters, ordering and pagination (so that the list
and the schema can never disagree).
"""

from __future__ import annotations

from collections.abc import Iterable

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

# Parameters of offset pagination, which a cursor endpoint does not have: the error points at `cursor`.
OFFSET_PAGINATION_PARAMETERS = frozenset({"page", "offset", "limit"})


def accepted_parameters(view) -> list[str]:
    """The query parameter names `view` reads when listing: its filterset's, its ordering's, its paginator's."""
    names: list[str] = []
    for backend in getattr(view, "filter_backends", ()):
        if issubclass(backend, DjangoFilterBackend):
            filterset_class = getattr(view, "filterset_class", None)
            names += list(filterset_class.base_filters) if filterset_class else []
        elif issubclass(backend, OrderingFilter):
            names.append(backend.ordering_param)
    names += list(getattr(view, "extra_query_parameters", ()))  # e.g. `lang` (claims.api.language)
    paginator = getattr(view, "paginator", None)
    if paginator is not None:
        names += [paginator.cursor_query_param, paginator.page_size_query_param]
    return names


def refuse_unknown_parameters(query_params: Iterable[str], accepted: list[str]) -> None:
    """Raises rest_framework's ValidationError (a 400) naming each unknown parameter; returns None otherwise."""
    unknown = sorted(set(query_params) - set(accepted))
    if not unknown:
        return
    listed = ", ".join(accepted) if accepted else "none"
    errors = {}
    for name in unknown:
        if name in OFFSET_PAGINATION_PARAMETERS and "cursor" in accepted:
            errors[name] = [f"Unknown parameter: this list pages by `cursor` (follow `next`). Accepted: {listed}."]
        else:
            errors[name] = [f"Unknown parameter. Accepted: {listed}."]
    raise ValidationError(errors)


class StrictParametersMixin:
    """For list views (a viewset's `list` action, a plain list or export view): refuse a request whose query
    string names a parameter the view does not read.

    Checked before DRF's content negotiation, which would otherwise answer `?format=xml` with a 404 that does
    not say why (the 400 needs no database and no user, so it may come before authentication and throttling).
    """

    def initial(self, request, *args, **kwargs) -> None:
        if getattr(self, "action", "list") == "list" and request.method in ("GET", "HEAD"):
            refuse_unknown_parameters(request.query_params.keys(), accepted_parameters(self))
        super().initial(request, *args, **kwargs)
