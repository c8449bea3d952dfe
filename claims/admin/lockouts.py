"""django-axes' lock-out records in the admin, with its clean-up action held to the rules of every other admin write.

Upstream's "Clean up expired attempts" action deletes rows for anyone who may view the list (it declares no
permission) and reads `request.axes_attempt_time`, which only login requests carry (a 500 elsewhere). Staff unlock
an editor by deleting their attempt, or with `manage.py axes_reset_username` (docs/operations.md).
"""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GuardedAccessAttemptAdmin(AccessAttemptAdmin):
    actions = ["cleanup_expired_attempts"]

    @admin.action(description=_("Clean up expired attempts"), permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        if getattr(request, "axes_attempt_time", None) is None:
            request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, GuardedAccessAttemptAdmin)
