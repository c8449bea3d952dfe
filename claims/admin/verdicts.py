"""Verdicts (with the workflow actions), the rating scale and the public corrections."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from claims import services
from claims.admin.badinput import BadInputTolerantAdmin
from claims.admin.claims import TextWidgetsAutoDirection, published_fields_for, published_readonly_for
from claims.admin.forms import RatingAdminForm, VerdictAdminForm, bind_user
from claims.admin.history import GuardedHistoryAdmin
from claims.admin.readonly import ReadOnlyModelAdmin
from claims.admin.workflow import VerdictWorkflowActions
from claims.models import Correction, Rating, Verdict


class CorrectionInline(admin.TabularInline):
    """Corrections are added through the verdict form's correction note (claims.services.correction_add)."""

    model = Correction
    extra = 0
    fields = ["published_at", "note", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Verdict)
class VerdictAdmin(VerdictWorkflowActions, TextWidgetsAutoDirection, BadInputTolerantAdmin, GuardedHistoryAdmin):
    form = VerdictAdminForm
    inlines = [CorrectionInline]
    autocomplete_fields = ["claim"]
    fields = [
        "claim",
        "status",
        "rating",
        "conclusion",
        "explanation",
        "next_step",
        "step_reason",
        "ask_reviewer",
        "correction_note",
        "author",
        "reviewer",
        "published_at",
    ]
    list_display = ["claim_text", "rating", "status", "published_at", "author", "reviewer", "updated_at"]
    list_select_related = ["claim", "rating", "author", "reviewer"]
    list_filter = ["status", "rating"]
    search_fields = ["claim__text", "conclusion"]
    date_hierarchy = "published_at"
    actions = ["send_to_review", "publish", "unpublish"]
    history_list_display = ["status"]

    def get_readonly_fields(self, request: HttpRequest, obj: Verdict | None = None) -> list[str]:
        # The claim is chosen once; the workflow fields are set by claims.services only.
        readonly = ["status", "author", "reviewer", "published_at"]
        if obj is None:
            return readonly
        return published_readonly_for(request, obj, [*readonly, "claim"], services.VERDICT_FIELDS_READERS_SEE)

    def get_form(self, request: HttpRequest, obj: Verdict | None = None, change: bool = False, **kwargs):
        if obj is None:
            kwargs["fields"] = ["claim", "rating", "conclusion", "explanation", "next_step", "ask_reviewer"]
        else:
            editable = [
                "rating", "conclusion", "explanation", "next_step", "step_reason", "ask_reviewer", "correction_note"
            ]  # fmt: skip
            readonly = self.get_readonly_fields(request, obj)
            kwargs.setdefault("fields", [f for f in editable if f not in readonly])
        return bind_user(super().get_form(request, obj, change=change, **kwargs), request.user)

    def get_fields(self, request: HttpRequest, obj: Verdict | None = None) -> list[str]:
        if obj is None:
            return ["claim", "status", "rating", "conclusion", "explanation", "next_step", "ask_reviewer"]
        return published_fields_for(request, obj, self.fields, ("correction_note",))

    def save_model(self, request: HttpRequest, obj: Verdict, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if hasattr(form, "apply_workflow"):
            form.apply_workflow(user=request.user)

    def verdicts_for(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("claim")

    @admin.display(description=_("claim"), ordering="claim__text")
    def claim_text(self, verdict: Verdict) -> str:
        return format_html('<span lang="{}" dir="auto">{}</span>', verdict.claim.language, str(verdict.claim))


@admin.register(Rating)
class RatingAdmin(BadInputTolerantAdmin, GuardedHistoryAdmin):
    form = RatingAdminForm
    list_display = ["label", "badge", "value", "order", "published_count"]
    list_editable = ["order"]
    search_fields = ["label"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        published = Count("verdicts", filter=Q(verdicts__status=Verdict.Status.PUBLISHED))
        return super().get_queryset(request).annotate(published_count=published)

    @admin.display(description=_("badge"))
    def badge(self, rating: Rating) -> str:
        return format_html(
            '<span style="background:{};color:#fff;padding:2px 8px;border-radius:3px">{}</span>',
            rating.colour,
            rating.label_in(),
        )

    @admin.display(description=_("published verdicts"), ordering="published_count")
    def published_count(self, rating: Rating) -> int:
        return rating.published_count


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyModelAdmin):
    """A public record: read-only here. Reviewers add corrections through the verdict form."""

    list_display = ["published_at", "claim_text", "note_text", "created_by"]
    list_select_related = ["verdict__claim", "created_by"]
    search_fields = ["note", "verdict__claim__text"]
    date_hierarchy = "published_at"

    @admin.display(description=_("claim"))
    def claim_text(self, correction: Correction) -> str:
        return format_html('<span dir="auto">{}</span>', str(correction.verdict.claim))

    @admin.display(description=_("note"))
    def note_text(self, correction: Correction) -> str:
        return format_html('<span dir="auto">{}</span>', correction.note)
