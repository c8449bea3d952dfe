"""History pages that cannot be used to write around a permission.

django-simple-history's "Revert" view (`history_form_view`) saves the form it is sent after checking only the
history *view* permission (upstream issues 529 and 1017): a view-only user, or an editor on the rating scale,
could change what the change form refuses them. Every ModelAdmin with history uses GuardedHistoryAdmin instead of
SimpleHistoryAdmin; tests/test_admin_post_permissions.py walks every registered admin to keep it so.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

# The history list shows changed values whole: a reviewer must read what changed, not "[597 chars]".
HISTORY_CHANGE_CHARS = 100_000


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """An empty reference (no reviewer yet) reads as "–", not as django-simple-history's "Deleted user (pk=None)"."""

    def prepare_delta_change_value(self, change, value):
        if isinstance(value, DeletedObject) and value.pk is None:
            return "–"
        return super().prepare_delta_change_value(change, value)


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        """django-simple-history filters the history by the raw id: "abc" was a 500, it is a 404 as on /change/."""
        try:
            self.model._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            # The same permission as the change form: a revert is a change (of a deleted row: an add).
            allowed = (
                self.has_change_permission(request, obj)
                if obj is not None
                else self.has_add_permission(request) and self.has_change_permission(request)
            )
            if not allowed:
                raise PermissionDenied
            # As the change form does: the save, its inlines' side effects and its correction, or nothing.
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request: HttpRequest, historical_record):
        return ReadableHistoryHelper(
            self.model, historical_record, max_displayed_delta_change_chars=HISTORY_CHANGE_CHARS
        )

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, obj)
