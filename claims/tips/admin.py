"""The tip inbox: newest first, repeats grouped under the first tip, one click to turn a tip into a claim."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from claims.tips.models import Tip
from claims.tips.services import tip_reject, tip_to_claim


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    list_display = ["tip_text", "status", "repeat_count", "seen_at", "submitted_at", "claim_link"]
    list_filter = ["status"]
    search_fields = ["text"]
    list_select_related = ["claim"]
    date_hierarchy = "submitted_at"
    readonly_fields = [
        "text", "seen_at", "contact_email", "contact_consent", "duplicate_of", "status", "claim", "handled_by",
        "submitted_at",
    ]  # fmt: skip
    actions = ["turn_into_claim", "reject"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(repeat_total=Count("repeats"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tips come from readers only

    @admin.display(description=_("tip"))
    def tip_text(self, tip: Tip) -> str:
        return format_html('<span dir="auto">{}</span>', str(tip))

    @admin.display(description=_("repeats"), ordering="repeat_total")
    def repeat_count(self, tip: Tip) -> int:
        return tip.repeat_total

    @admin.display(description=_("claim"))
    def claim_link(self, tip: Tip) -> str:
        if tip.claim_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:claims_claim_change", args=[tip.claim_id]), _("open claim")
        )

    @admin.action(description=_("Turn into a claim"), permissions=["change"])
    def turn_into_claim(self, request: HttpRequest, queryset: QuerySet) -> None:
        if not request.user.has_perm("claims.add_claim"):
            self.message_user(request, _("You may not add claims."), messages.ERROR)
            return
        claims = {tip_to_claim(tip=tip, user=request.user).pk for tip in queryset}
        self.message_user(
            request,
            ngettext("%(count)d claim created from the tips.", "%(count)d claims created from the tips.", len(claims))
            % {"count": len(claims)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        for tip in queryset:
            tip_reject(tip=tip, user=request.user)
        self.message_user(request, _("Tips rejected."), messages.SUCCESS)
