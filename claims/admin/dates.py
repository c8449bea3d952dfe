"""Date columns of the admin lists as people read them: Solar Hijri with Persian digits in the Persian desk
(claims.dates), Django's own formats otherwise; sortable as the field they show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest

from claims.dates import human_date, human_datetime


@cache  # one column object per field: the admin finds sortable columns by identity (get_sortable_by)
def _date_column(field: models.DateField) -> Callable:
    @admin.display(description=field.verbose_name, ordering=field.name)
    def column(obj) -> str | None:
        value = getattr(obj, field.name)
        if value is None:
            return None  # the admin's empty value ("-")
        return human_datetime(value) if isinstance(value, dt.datetime) else human_date(value)

    column.__name__ = field.name  # keeps the column's CSS class (field-<name>)
    return column


class HumanDateColumns:
    """For a ModelAdmin: each date or date-time field named in list_display is shown by claims.dates."""

    def get_list_display(self, request: HttpRequest) -> Sequence:
        columns = []
        for item in super().get_list_display(request):
            field = None
            if isinstance(item, str):
                try:
                    field = self.model._meta.get_field(item)
                except FieldDoesNotExist:
                    field = None
            columns.append(_date_column(field) if isinstance(field, models.DateField) else item)
        return columns
