"""Sources with their link state, the "check links now" action, and the log of link checks."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.admin.badinput import BadInputTolerantAdmin
from claims.admin.forms import CITE_SOURCE_PARAMETER, SourceAdminForm
from claims.admin.history import GuardedHistoryAdmin
from claims.admin.readonly import ReadOnlyModelAdmin
from claims.linkcheck.models import LINK_STATE_FIELDS, LinkCheck
from claims.linkcheck.services import source_request_archive
from claims.linkcheck.tasks import enqueue_archive_request, enqueue_source_check
from claims.models import Source

ARCHIVE_STATE_FIELDS = ["archive_state", "archive_error", "archive_retry_at"]
# Fingerprints are hashes: they mean nothing to an editor, who sees content_changed_at instead.
EDITOR_VISIBLE_LINK_STATE = [
    name for name in LINK_STATE_FIELDS if not name.endswith("fingerprint") and name not in ARCHIVE_STATE_FIELDS
]


@admin.register(Source)
class SourceAdmin(BadInputTolerantAdmin, GuardedHistoryAdmin):
    form = SourceAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "source_title",
        "url_link",
        "publisher",
        "kind",
        "link_health",
        "last_outcome",
        "last_checked_at",
        "archive_link",
        "archive_state",
        "citation_count",
    ]
    list_filter = ["link_health", "kind", "last_outcome", "archive_state"]
    search_fields = ["title", "url", "publisher"]
    ordering = ["title", "pk"]  # the citation count's GROUP BY drops the default ordering
    date_hierarchy = "last_checked_at"
    actions = ["check_links_now", "archive_now"]
    readonly_fields = [*EDITOR_VISIBLE_LINK_STATE, "last_check_detail", *ARCHIVE_STATE_FIELDS]
    fieldsets = [
        (None, {"fields": ["url", "title", "publisher", "published_on", "kind", "notes"]}),
        (gettext_lazy("Archived copy"), {"fields": ["archive_url", "archived_at", *ARCHIVE_STATE_FIELDS]}),
        (
            gettext_lazy("Link state (written by the link checker)"),
            {"fields": [*EDITOR_VISIBLE_LINK_STATE, "last_check_detail"]},
        ),
    ]
    history_list_display = ["url"]

    class Media:
        css = {"all": ["claims/admin/sources.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    def get_form(self, request: HttpRequest, obj: Source | None = None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if IS_POPUP_VAR not in request.POST and IS_POPUP_VAR not in request.GET:
            return form
        # changeform_view has already refused a _to_field the admin does not allow (400).
        to_field = request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR)) or ""
        return type(form.__name__, (form,), {"popup_to_field": to_field})

    def get_urls(self):
        cite = path("<path:object_id>/cite/", self.admin_site.admin_view(self.cite_view), name="claims_source_cite")
        return [cite, *super().get_urls()]

    def cite_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Cite this (existing) source: the duplicate-URL error's one-click fix (forms.duplicate_url_message).

        In the claim page's add-source popup (`_popup`, with `_to_field`), the answer is the one the admin gives
        after adding an object in a popup (admin/popup_response.html): the opener's citation row picks the
        source and the popup closes. Elsewhere, a redirect to a new claim whose first citation is this source
        (ClaimAdmin reads `cite_source`). 404 for a source that does not exist or cannot be seen; 400 (the
        admin's DisallowedModelAdminToField) for a `_to_field` it does not allow.
        """
        source = self.get_object(request, object_id)
        if source is None or not self.has_view_permission(request, source):
            raise Http404
        if IS_POPUP_VAR not in request.GET:
            if not request.user.has_perm("claims.add_claim"):
                raise PermissionDenied
            query = urlencode({CITE_SOURCE_PARAMETER: source.pk})
            return HttpResponseRedirect(f"{reverse('admin:claims_claim_add')}?{query}")
        to_field = request.GET.get(TO_FIELD_VAR)
        if to_field and not self.to_field_allowed(request, to_field):
            raise DisallowedModelAdminToField(f"The field {to_field} cannot be referenced.")
        value = source.serializable_value(to_field or source._meta.pk.attname)
        data = json.dumps({"value": str(value), "obj": str(source)})
        return TemplateResponse(request, "admin/popup_response.html", {"popup_response_data": data})

    @admin.action(description=gettext_lazy("Check links now"), permissions=["change"])
    def check_links_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        source_ids = list(queryset.with_url().values_list("pk", flat=True))
        for source_id in source_ids:
            enqueue_source_check(source_id)
        skipped = queryset.count() - len(source_ids)
        message = _("Link checks queued for %(count)d source(s).") % {"count": len(source_ids)}
        if skipped:
            message += " " + _("%(count)d without a URL skipped.") % {"count": skipped}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Archive now"), permissions=["change"])
    def archive_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        source_ids = list(queryset.with_url().values_list("pk", flat=True))
        for source_id in source_ids:
            source_request_archive(source_id=source_id)
            enqueue_archive_request(source_id)
        message = _("Archive captures requested for %(count)d source(s).") % {"count": len(source_ids)}
        self.message_user(request, message, messages.SUCCESS)

    @admin.display(description=gettext_lazy("last check said"))
    def last_check_detail(self, source: Source) -> str:
        """Why the last check judged as it did: for "could not verify automatically", what a person should look at."""
        check = source.checks.order_by("-checked_at", "-pk").only("detail", "status_code").first()
        if check is None:
            return "–"
        return format_html('<span dir="ltr">{}</span>', check.detail or check.status_code or "–")

    @admin.display(description=gettext_lazy("title"), ordering="title")
    def source_title(self, source: Source) -> str:
        return format_html('<span dir="auto">{}</span>', source.title)

    @admin.display(description=gettext_lazy("URL"), ordering="url")
    def url_link(self, source: Source) -> str:
        if not source.url:
            return "–"
        shown = source.url if len(source.url) <= 60 else source.url[:59] + "…"
        return format_html('<a href="{}" rel="noopener noreferrer" dir="ltr">{}</a>', source.url, shown)

    @admin.display(description=gettext_lazy("archived copy"))
    def archive_link(self, source: Source) -> str:
        if not source.archive_url:
            return "–"
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', source.archive_url, _("archive"))

    @admin.display(description=gettext_lazy("cited by"), ordering="citation_count")
    def citation_count(self, source: Source) -> int:
        return source.citation_count


@admin.register(LinkCheck)
class LinkCheckAdmin(ReadOnlyModelAdmin):
    """The checker's log: read-only."""

    list_display = ["checked_at", "source", "outcome", "status_code", "elapsed_ms", "is_transient"]
    list_select_related = ["source"]
    list_filter = ["outcome", "is_transient"]
    search_fields = ["url", "source__title"]
    date_hierarchy = "checked_at"
