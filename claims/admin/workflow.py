"""The verdict workflow as admin actions, shared by the claim list and the verdict list.

Each action calls its claims.services function once per verdict; the services check the permission and the rules.
Only "send to review" is offered to editors; "publish" and "unpublish" need claims.publish_verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims import services
from claims.models import Verdict


def run_on_verdicts(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    verdicts: Iterable[Verdict],
    service: Callable[..., Verdict],
    *,
    done: str,
) -> None:
    """Apply `service` to each verdict in its own transaction; report successes and every refusal."""
    succeeded = 0
    for verdict in verdicts:
        try:
            service(verdict=verdict, user=request.user)
        except PermissionDenied as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
            return
        except ValidationError as exc:
            reasons = "; ".join(exc.messages)
            modeladmin.message_user(request, f"{verdict.claim}: {reasons}", messages.WARNING)
        else:
            succeeded += 1
    if succeeded:
        modeladmin.message_user(request, done % {"count": succeeded}, messages.SUCCESS)


class VerdictWorkflowActions:
    """Mixin for a ModelAdmin: `verdicts_for(queryset)` turns the selected rows into verdicts."""

    def verdicts_for(self, queryset) -> Iterable[Verdict]:
        raise NotImplementedError

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return services.user_can_publish(request.user)

    @admin.action(description=gettext_lazy("Send selected to review"), permissions=["change"])
    def send_to_review(self, request: HttpRequest, queryset) -> None:
        verdicts = self.verdicts_for(queryset).filter(status=Verdict.Status.DRAFT)
        run_on_verdicts(
            self, request, verdicts, services.verdict_submit_for_review, done=_("%(count)d sent to review.")
        )

    @admin.action(description=gettext_lazy("Publish selected (reviewers)"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset) -> None:
        verdicts = self.verdicts_for(queryset).exclude(status=Verdict.Status.PUBLISHED)
        run_on_verdicts(self, request, verdicts, services.verdict_publish, done=_("%(count)d published."))

    @admin.action(description=gettext_lazy("Unpublish selected (reviewers)"), permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset) -> None:
        verdicts = self.verdicts_for(queryset).filter(status=Verdict.Status.PUBLISHED)
        run_on_verdicts(self, request, verdicts, services.verdict_unpublish, done=_("%(count)d unpublished."))
