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
    """Mixin for a ModelAdmin: `verdicts_for(queryset)` turns the selected rows into verdicts.

    Each action takes one step of claims.services.TRANSITIONS on the selected verdicts that can take it. Returning
    to the editor needs a reason, so it is a step of the verdict form, not a bulk action.
    """

    def verdicts_for(self, queryset) -> Iterable[Verdict]:
        raise NotImplementedError

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return services.user_can_publish(request.user)

    def _take_step(self, request: HttpRequest, queryset, step: str, done: str) -> None:
        transition = services.TRANSITIONS[step]
        verdicts = self.verdicts_for(queryset).filter(status__in=transition.sources)

        def take(*, verdict: Verdict, user) -> Verdict:
            return services.verdict_take_step(verdict=verdict, step=step, user=user)

        run_on_verdicts(self, request, verdicts, take, done=done)

    @admin.action(description=gettext_lazy("Send selected to review"), permissions=["change"])
    def send_to_review(self, request: HttpRequest, queryset) -> None:
        self._take_step(request, queryset, services.Step.SUBMIT, _("%(count)d sent to review."))

    @admin.action(description=gettext_lazy("Publish selected (reviewers)"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset) -> None:
        self._take_step(request, queryset, services.Step.PUBLISH, _("%(count)d published."))

    @admin.action(description=gettext_lazy("Unpublish selected (reviewers)"), permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset) -> None:
        self._take_step(request, queryset, services.Step.UNPUBLISH, _("%(count)d unpublished."))
