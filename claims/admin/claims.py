"""The claim page: claim, verdict, cited sources and related claims in one save; the claim list editors work from."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from claims.admin.badinput import BadInputTolerantAdmin, TolerantAutocompleteFields
from claims.admin.desk import CitationForm, DeskShortcuts, ExplainedFields
from claims.admin.forms import ClaimAdminForm, VerdictAdminForm, bind_user
from claims.admin.workflow import VerdictWorkflowActions
from claims.linkcheck_outcomes import UNVERIFIABLE_OUTCOMES, LinkHealth
from claims.models import Claim, Claimant, ClaimRelation, ClaimSource, Correction, Topic, Verdict


def verdict_of(claim: Claim) -> Verdict | None:
    try:
        return claim.verdict
    except Verdict.DoesNotExist:
        return None


def _citations_with_health(*health: str) -> QuerySet:
    return ClaimSource.objects.filter(claim=OuterRef("pk"), source__link_health__in=health)


def _citations_unverifiable() -> QuerySet:
    """Citations whose last check was refused by the server (could not verify), unless already called dead."""
    return ClaimSource.objects.filter(claim=OuterRef("pk"), source__last_outcome__in=UNVERIFIABLE_OUTCOMES).exclude(
        source__link_health=LinkHealth.DEAD
    )


# The claim list's link column, worst first: (annotation, CSS modifier, label). The legend under the list
# (templates/admin/claims/claim/change_list.html) explains each; a claim is "working" only when every cited
# link was checked and answered.
LINK_SUMMARY = [
    ("dead_sources", "dead", _("%(count)d dead")),
    ("failing_sources", "failing", _("%(count)d failing")),
    ("unverifiable_sources", "unverified", _("%(count)d could not verify")),
    ("unchecked_sources", "unchecked", _("%(count)d not checked yet")),
]


def _count_of(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) subquery: one query for the whole page, however many rows."""
    counted = queryset.order_by().values("claim").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"
    NO_VERDICT = "none"

    def lookups(self, request, model_admin):
        return [*Verdict.Status.choices, (self.NO_VERDICT, _("No verdict yet"))]

    def queryset(self, request, queryset):
        if self.value() == self.NO_VERDICT:
            return queryset.filter(verdict__isnull=True)
        if self.value() in Verdict.Status.values:
            return queryset.filter(verdict__status=self.value())
        return queryset


class LinkHealthFilter(admin.SimpleListFilter):
    title = _("link health of sources")
    parameter_name = "link_health"

    def lookups(self, request, model_admin):
        return [
            ("broken", _("Cites a failing or dead link")),
            ("dead", _("Cites a dead link")),
            ("failing", _("Cites a failing link")),
            ("unchecked", _("Cites an unchecked link")),
            ("healthy", _("All links working")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "broken":
            return queryset.filter(Exists(_citations_with_health(LinkHealth.FAILING, LinkHealth.DEAD)))
        if value in ("dead", "failing", "unchecked"):
            return queryset.filter(Exists(_citations_with_health(value)))
        if value == "healthy":
            not_ok = [h for h in LinkHealth.values if h not in (LinkHealth.OK, LinkHealth.NO_URL)]
            return queryset.exclude(Exists(_citations_with_health(*not_ok)))
        return queryset


class TextWidgetsAutoDirection:
    """Every text box follows its content's direction (Persian or English): mixed into inlines and admins."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.get_internal_type() in ("CharField", "TextField"):
            formfield.widget.attrs.setdefault("dir", "auto")
        return formfield


class VerdictInline(ExplainedFields, TextWidgetsAutoDirection, admin.StackedInline):
    model = Verdict
    form = VerdictAdminForm
    max_num = 1
    min_num = 0
    extra = 1
    can_delete = False
    fields = [
        "status",
        "rating",
        "conclusion",
        "explanation",
        "next_step",
        "correction_note",
        "published_at",
        "reviewer",
        "corrections",
    ]
    readonly_fields = ["status", "published_at", "reviewer", "corrections"]

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, form=bind_user(self.form, request.user), **kwargs)

    @admin.display(description=_("corrections"))
    def corrections(self, verdict: Verdict) -> str:
        if not verdict.pk:
            return "–"
        notes = [f"{c.published_at:%Y-%m-%d}: {c.note}" for c in Correction.objects.filter(verdict=verdict)]
        return format_html("<br>".join(["{}"] * len(notes)), *notes) if notes else "–"


class ClaimSourceInline(TolerantAutocompleteFields, TextWidgetsAutoDirection, admin.TabularInline):
    model = ClaimSource
    form = CitationForm
    extra = 1
    fields = ["source", "source_url", "role", "excerpt", "position"]
    # The order the editor entered (claims.admin.desk.assign_citation_positions), not grouped by role.
    ordering = ["position", "pk"]
    autocomplete_fields = ["source"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}}
    verbose_name_plural = _("cited sources (role and quoted excerpt)")


class ClaimRelationInline(TolerantAutocompleteFields, admin.TabularInline):
    model = ClaimRelation
    fk_name = "from_claim"
    extra = 0
    fields = ["relation", "to_claim"]
    autocomplete_fields = ["to_claim"]


@admin.register(Claim)
class ClaimAdmin(DeskShortcuts, VerdictWorkflowActions, BadInputTolerantAdmin, SimpleHistoryAdmin):
    form = ClaimAdminForm
    inlines = [VerdictInline, ClaimSourceInline, ClaimRelationInline]
    autocomplete_fields = ["claimant", "topics"]
    fieldsets = [
        (None, {"fields": ["text", "summary", ("claimant", "new_claimant_name"), "language"]}),
        (_("Where and when"), {"fields": ["stated_on", "appeared_in", "topics", "slug"]}),
    ]
    list_display = ["claim_text", "claimant", "rating", "status", "link_health", "updated_at"]
    list_select_related = ["claimant", "verdict__rating"]
    list_filter = [StatusFilter, "verdict__rating", "claimant", "topics", "language", LinkHealthFilter]
    search_fields = ["text", "summary", "claimant__name", "sources__title"]
    date_hierarchy = "created_at"
    actions = ["send_to_review", "publish", "unpublish"]
    save_on_top = True
    change_list_template = "admin/claims/claim/change_list.html"

    class Media:
        css = {"all": ["claims/admin/claims.css"]}
        js = ["claims/admin/markdown_preview.js"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                dead_sources=_count_of(_citations_with_health(LinkHealth.DEAD)),
                failing_sources=_count_of(_citations_with_health(LinkHealth.FAILING)),
                unverifiable_sources=_count_of(_citations_unverifiable()),
                unchecked_sources=_count_of(_citations_with_health(LinkHealth.UNCHECKED)),
                working_sources=_count_of(_citations_with_health(LinkHealth.OK)),
            )
        )

    def verdicts_for(self, queryset: QuerySet) -> QuerySet:
        return Verdict.objects.filter(claim__in=queryset.values("pk")).select_related("claim")

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is Verdict:
            for verdict_form in formset.forms:
                if verdict_form.instance.pk and verdict_form.has_changed():
                    verdict_form.apply_workflow(user=request.user)

    @admin.display(description=_("claim"), ordering="text")
    def claim_text(self, claim: Claim) -> str:
        return format_html('<span lang="{}" dir="auto">{}</span>', claim.language, str(claim))

    @admin.display(description=_("rating"), ordering="verdict__rating__order")
    def rating(self, claim: Claim) -> str:
        verdict = verdict_of(claim)
        return verdict.rating.label if verdict and verdict.rating else "–"

    @admin.display(description=_("status"), ordering="verdict__status")
    def status(self, claim: Claim) -> str:
        verdict = verdict_of(claim)
        return verdict.get_status_display() if verdict else _("No verdict yet")

    @admin.display(description=_("links"))
    def link_health(self, claim: Claim) -> str:
        marks = [
            format_html('<span class="link-mark link-mark--{}">{}</span>', modifier, label % {"count": count})
            for attribute, modifier, label in LINK_SUMMARY
            if (count := getattr(claim, attribute))
        ]
        if marks:
            return format_html_join(" ", "{}", ((mark,) for mark in marks))
        if claim.working_sources:
            return format_html('<span class="link-mark link-mark--ok">{}</span>', _("✓ working"))
        return format_html('<span class="link-mark link-mark--none">{}</span>', _("no links"))


@admin.register(Claimant)
class ClaimantAdmin(BadInputTolerantAdmin, SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["claimant_name", "kind", "role", "claim_count", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "role"]
    # Explicit: the Count annotation's GROUP BY drops the model's default ordering, and pages would shuffle.
    ordering = ["name", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description=_("name"), ordering="name")
    def claimant_name(self, claimant: Claimant) -> str:
        return format_html('<span dir="auto">{}</span>', claimant.name)

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, claimant: Claimant) -> int:
        return claimant.claim_count


@admin.register(Topic)
class TopicAdmin(BadInputTolerantAdmin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "claim_count"]
    search_fields = ["name"]
    ordering = ["name", "pk"]  # see ClaimantAdmin.ordering

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, topic: Topic) -> int:
        return topic.claim_count
