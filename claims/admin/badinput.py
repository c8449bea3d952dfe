"""Crafted admin URLs and POSTs are bad input like any other: Django's "invalid lookup" answer, a 404 or a
message, never a 500. Every ModelAdmin of the editors' desk mixes this in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext as _

from claims.admin.dates import HumanDateColumns
from claims.search import folded_admin_search


class TolerantChangeList(ChangeList):
    """A filter value the database cannot take (NUL, a year past any integer) is an incorrect lookup: Django's
    changelist then redirects to `?e=1`, as it does for other bad filters."""

    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except (ValueError, OverflowError) as exc:
            raise IncorrectLookupParameters(exc) from exc

    def get_results(self, request) -> None:
        try:
            super().get_results(request)
        except (ValueError, OverflowError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class TolerantAutocompleteMixin:
    """Django's autocomplete widget looks the submitted ids up to redraw a form with errors; an id of the wrong
    type ("zz" for a number) made that lookup raise. Such an id is left out: the form field reports it."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        valid = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class TolerantAutocompleteSelect(TolerantAutocompleteMixin, AutocompleteSelect):
    pass


class TolerantAutocompleteSelectMultiple(TolerantAutocompleteMixin, AutocompleteSelectMultiple):
    pass


TOLERANT_AUTOCOMPLETE = {
    AutocompleteSelect: TolerantAutocompleteSelect,
    AutocompleteSelectMultiple: TolerantAutocompleteSelectMultiple,
}


class TolerantAutocompleteFields:
    """For a ModelAdmin or an inline: autocomplete widgets that survive a forged id."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _tolerant(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _tolerant(super().formfield_for_manytomany(db_field, request, **kwargs))


def _tolerant(formfield):
    if formfield is not None and type(formfield.widget) in TOLERANT_AUTOCOMPLETE:
        formfield.widget.__class__ = TOLERANT_AUTOCOMPLETE[type(formfield.widget)]
    return formfield


class BadInputTolerantAdmin(HumanDateColumns, TolerantAutocompleteFields):
    """The common base of the desk's ModelAdmins: bad input tolerated, and (as every list needs them) dates
    shown as the interface language reads them and folded search (claims.search)."""

    class Media:
        # Editors' text in lists and forms keeps its own direction in either interface language.
        css = {"all": ["claims/admin/bidi.css"]}

    def get_changelist(self, request: HttpRequest, **kwargs):
        return TolerantChangeList

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        # Folded like the reader's search: `كتاب` finds `کتاب`, `1395` finds `۱۳۹۵` (claims.search).
        return folded_admin_search(queryset, search_fields=self.get_search_fields(request), search_term=search_term)

    def response_action(self, request: HttpRequest, queryset):
        """A selection of ids that cannot be ids (a forged POST) runs no action."""
        primary_key = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                primary_key.to_python(value)
        except ValidationError:
            self.message_user(request, _("The selection is not valid: no action was run."), messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        # django-simple-history's URL takes any text as the version; only a number can name one.
        if not str(version_id).isdigit():
            raise Http404(_("No such version."))
        return super().history_form_view(request, object_id, version_id, extra_context)
