"""What the newsroom tells readers about itself: its pages (methodology, corrections, funding) and bylines."""

from __future__ import annotations

from django.contrib import admin

from claims.admin.badinput import BadInputTolerantAdmin
from claims.admin.history import GuardedHistoryAdmin
from claims.models import InfoPage, NewsroomProfile


@admin.register(InfoPage)
class InfoPageAdmin(BadInputTolerantAdmin, GuardedHistoryAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(NewsroomProfile)
class NewsroomProfileAdmin(BadInputTolerantAdmin, GuardedHistoryAdmin):
    list_display = ["user", "public_name", "credit_desk"]
    list_select_related = ["user"]
    search_fields = ["user__username", "public_name"]
    autocomplete_fields = ["user"]
