"""The claim page: claim, verdict, cited sources and related claims in one save; the claim list editors work from."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from claims import services
from claims.admin.badinput import BadInputTolerantAdmin, TolerantAutocompleteFields
from claims.admin.desk import CitationForm, DeskShortcuts, ExplainedFields
from claims.admin.forms import CitationFormSet, ClaimAdminForm, VerdictAdminForm, bind_user
from claims.admin.history import GuardedHistoryAdmin
from claims.admin.timeline import claim_timeline
from claims.admin.workflow import VerdictWorkflowActions
from claims.linkcheck.outcomes import UNVERIFIABLE_OUTCOMES, LinkHealth
from claims.matching.admin import RepeatCandidatesAdminMixin
from claims.models import Claim, Claimant, ClaimRelation, ClaimSource, Correction, InternalNote, Topic, Verdict


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
            ("unverified", _("Cites a link that could not be verified automatically")),
            ("healthy", _("All links working")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "broken":
            return queryset.filter(Exists(_citations_with_health(LinkHealth.FAILING, LinkHealth.DEAD)))
        if value in ("dead", "failing", "unchecked", "unverified"):
            return queryset.filter(Exists(_citations_with_health(value)))
        if value == "healthy":
            not_ok = [h for h in LinkHealth.values if h not in (LinkHealth.OK, LinkHealth.NO_URL)]
            return queryset.exclude(Exists(_citations_with_health(*not_ok)))
        return queryset


def _read_only_for(request: HttpRequest, verdict: Verdict | None) -> bool:
    """A published page looks read-only to whoever may not change it (item 7: no inputs they would be refused on)."""
    return verdict is not None and verdict.is_published and not services.user_can_publish(request.user)


def published_fields_for(request, verdict, fields, drop, replace=None) -> list:
    """`fields` without the inputs only a publisher may use, for someone who may not change the published page."""
    if not _read_only_for(request, verdict):
        return list(fields)
    replace = replace or {}
    return [replace.get(f, f) for f in fields if f not in drop or f in replace]


def published_readonly_for(request, verdict, readonly, readers_see) -> list:
    """`readonly` plus the fields readers see, for someone who may not change the published page."""
    readonly = list(readonly)
    if _read_only_for(request, verdict):
        readonly += [name for name in readers_see if name not in readonly]
    return readonly


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
        "step_reason",
        "ask_reviewer",
        "correction_note",
        "published_at",
        "reviewer",
        "corrections",
    ]
    readonly_fields = ["status", "published_at", "reviewer", "corrections"]

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, form=bind_user(self.form, request.user), **kwargs)

    def get_fields(self, request, obj=None):
        return published_fields_for(request, verdict_of(obj) if obj else None, self.fields, ("correction_note",))

    def get_readonly_fields(self, request, obj=None):
        return published_readonly_for(
            request, verdict_of(obj) if obj else None, self.readonly_fields, services.VERDICT_FIELDS_READERS_SEE
        )

    @admin.display(description=_("corrections"))
    def corrections(self, verdict: Verdict) -> str:
        if not verdict.pk:
            return "–"
        notes = [f"{c.published_at:%Y-%m-%d}: {c.note}" for c in Correction.objects.filter(verdict=verdict)]
        return format_html("<br>".join(["{}"] * len(notes)), *notes) if notes else "–"


class ClaimSourceInline(TolerantAutocompleteFields, TextWidgetsAutoDirection, admin.TabularInline):
    model = ClaimSource
    formset = CitationFormSet
    form = CitationForm
    extra = 1
    fields = ["source", "source_url", "role", "excerpt", "position"]
    # The order the editor entered (claims.admin.desk.assign_citation_positions), not grouped by role.
    ordering = ["position", "pk"]
    autocomplete_fields = ["source"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}}
    verbose_name_plural = _("cited sources (role and quoted excerpt)")

    class Media:
        js = ["claims/admin/citation_order.js"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"user": request.user})


class InternalNoteInline(admin.TabularInline):
    """The desk's notes on the claim (a reviewer's reasons for returning a verdict among them): never public.

    Notes are written once, through claims.services.internal_note_add, by anyone who may edit claims.
    """

    model = InternalNote
    extra = 1
    fields = ["created_at", "kind", "author", "body"]
    readonly_fields = ["created_at", "kind", "author"]
    can_delete = False
    verbose_name_plural = _("internal notes (the desk only, never shown to readers)")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60, "dir": "auto"})}}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("claims.view_claim")

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is not None and request.user.has_perm("claims.change_claim")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ClaimRelationInline(TolerantAutocompleteFields, admin.TabularInline):
    model = ClaimRelation
    fk_name = "from_claim"
    extra = 0
    fields = ["relation", "to_claim"]
    autocomplete_fields = ["to_claim"]


@admin.register(Claim)
class ClaimAdmin(
    RepeatCandidatesAdminMixin, DeskShortcuts, VerdictWorkflowActions, BadInputTolerantAdmin, GuardedHistoryAdmin
):
    form = ClaimAdminForm
    inlines = [VerdictInline, InternalNoteInline, ClaimSourceInline, ClaimRelationInline]
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

    def get_urls(self):
        timeline = path(
            "<path:object_id>/timeline/",
            self.admin_site.admin_view(self.timeline_view),
            name="claims_claim_timeline",
        )
        return [timeline, *super().get_urls()]

    def timeline_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The claim's whole story for a reviewer (read-only: the view permission is enough)."""
        claim = self.get_object(request, object_id)
        if claim is None:
            raise Http404(_("No such claim."))
        if not self.has_view_permission(request, claim):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Timeline"),
            "subtitle": str(claim),
            "opts": self.model._meta,
            "original": claim,
            "events": claim_timeline(claim),
        }
        return TemplateResponse(request, "admin/claims/claim_timeline.html", context)

    def get_form(self, request: HttpRequest, obj: Claim | None = None, change: bool = False, **kwargs):
        return bind_user(super().get_form(request, obj, change=change, **kwargs), request.user)

    def get_fieldsets(self, request: HttpRequest, obj: Claim | None = None):
        verdict = verdict_of(obj) if obj else None
        first = ["text", "summary", ("claimant", "new_claimant_name"), "language"]
        if _read_only_for(request, verdict):
            first = ["text", "summary", "claimant", "language"]
        elif verdict is not None and verdict.is_published:
            first.append("correction_note")
        return [(None, {"fields": first}), *self.fieldsets[1:]]

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None):
        return published_readonly_for(
            request, verdict_of(obj) if obj else None, self.readonly_fields, services.CLAIM_FIELDS_READERS_SEE
        )

    def save_model(self, request: HttpRequest, obj: Claim, form, change: bool) -> None:
        if hasattr(form, "save_new_claimant"):
            form.save_new_claimant()  # only now that the claim and every inline are valid (ClaimAdminForm.save)
        super().save_model(request, obj, form, change)
        if hasattr(form, "apply_correction"):
            form.apply_correction(user=request.user)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is InternalNote:
            self._save_notes(request, form.instance, formset)
            return
        super().save_formset(request, form, formset, change)
        if formset.model is Verdict:
            for verdict_form in formset.forms:
                if verdict_form.instance.pk and verdict_form.has_changed():
                    verdict_form.apply_workflow(user=request.user)
        if formset.model is ClaimSource:
            services.citation_edit_record(verdict=getattr(formset, "published_verdict", None), user=request.user)

    @staticmethod
    def _save_notes(request: HttpRequest, claim: Claim, formset) -> None:
        # What formset.save() would have set: the admin's change message reads them.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for note_form in formset.forms:
            body = note_form.cleaned_data.get("body") if note_form.has_changed() else None
            if body and not note_form.instance.pk:
                formset.new_objects.append(services.internal_note_add(claim=claim, body=body, user=request.user))

    @admin.display(description=_("claim"), ordering="text")
    def claim_text(self, claim: Claim) -> str:
        return format_html('<span lang="{}" dir="auto">{}</span>', claim.language, str(claim))

    @admin.display(description=_("rating"), ordering="verdict__rating__order")
    def rating(self, claim: Claim) -> str:
        verdict = verdict_of(claim)
        return verdict.rating.label_in() if verdict and verdict.rating else "–"

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
class ClaimantAdmin(BadInputTolerantAdmin, GuardedHistoryAdmin):
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
class TopicAdmin(BadInputTolerantAdmin, GuardedHistoryAdmin):
    list_display = ["name", "slug", "claim_count"]
    search_fields = ["name"]
    ordering = ["name", "pk"]  # see ClaimantAdmin.ordering

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description=_("claims"), ordering="claim_count")
    def claim_count(self, topic: Topic) -> int:
        return topic.claim_count
