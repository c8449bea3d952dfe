"""The editors' side of ClaimReview exchange: the rating mapping table, imported fact checks, and the import page.

The import page (Imports → "Import ClaimReview") takes a file or a URL and calls the one import service,
claims.interop.services, as `manage.py import_claimreview` does.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.admin.history import GuardedHistoryAdmin
from claims.admin.readonly import ReadOnlyModelAdmin
from claims.interop.models import ExternalFactCheck, ImportRun, RatingMapping
from claims.interop.services import ImportReport, claimreviews_import, claimreviews_import_url


@admin.register(RatingMapping)
class RatingMappingAdmin(GuardedHistoryAdmin):
    list_display = ["label", "language", "rating"]
    list_filter = ["rating", "language"]
    list_select_related = ["rating"]
    search_fields = ["label"]
    ordering = ["rating__order", "label", "pk"]
    fields = ["label", "language", "rating"]


@admin.register(ExternalFactCheck)
class ExternalFactCheckAdmin(ReadOnlyModelAdmin):
    list_display = ["claim", "publisher_name", "textual_rating", "language", "reviewed_at", "review_link"]
    list_filter = ["publisher_site", "language"]
    list_select_related = ["claim"]
    search_fields = ["title", "url", "publisher_name", "claim__text"]
    ordering = ["-reviewed_at", "pk"]
    raw_id_fields = ["claim", "import_run"]

    @admin.display(description=gettext_lazy("review"))
    def review_link(self, obj: ExternalFactCheck) -> str:
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', obj.url, obj.title or obj.url)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        required=False,
        help_text=gettext_lazy("A page with ClaimReview JSON-LD, a DataFeed, JSON Lines, or a claims:search response."),
    )
    url = forms.URLField(label=gettext_lazy("or URL"), required=False, assume_scheme="https", max_length=2000)

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Upload a file or give a URL (one of the two)."))
        upload = data.get("file")
        # The cap of a fetched URL (LINKCHECK_MAX_BYTES) also caps an upload: one limit for both paths.
        limit = settings.LINKCHECK_MAX_BYTES
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(_("The file is larger than %(limit)d bytes.") % {"limit": limit})
        return data


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyModelAdmin):
    list_display = ["started_at", "origin", "location", "imported_by", "created_count", "updated_count", "error_count"]
    list_filter = ["origin"]
    list_select_related = ["imported_by"]
    ordering = ["-started_at", "-pk"]
    change_list_template = "admin/interop/importrun/change_list.html"

    @admin.display(description=gettext_lazy("items refused"))
    def error_count(self, obj: ImportRun) -> int:
        return len(obj.errors)

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="interop_importrun_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("interop.add_importrun"):
            raise PermissionDenied
        report: ImportReport | None = None
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data.get("file")
                if upload is not None:
                    report = claimreviews_import(
                        content=upload.read(), location=upload.name, origin=ImportRun.Origin.FILE, user=request.user
                    )
                else:
                    report = claimreviews_import_url(url=form.cleaned_data["url"], user=request.user)
                level = messages.WARNING if report.errors else messages.SUCCESS
                self.message_user(
                    request,
                    _("%(created)d fact checks imported, %(updated)d updated, %(errors)d items refused.")
                    % {"created": report.created, "updated": report.updated, "errors": len(report.errors)},
                    level,
                )
                if not report.errors:
                    return HttpResponseRedirect(reverse("admin:interop_importrun_changelist"))
        else:
            form = ImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import ClaimReview"),
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/interop/import.html", context, status=400 if form.errors else 200)
