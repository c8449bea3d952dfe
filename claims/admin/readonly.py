"""A ModelAdmin for records that only the system writes (link checks, published corrections)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from claims.admin.badinput import BadInputTolerantAdmin


class ReadOnlyModelAdmin(BadInputTolerantAdmin, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
