"""The claim page's shortcuts for the desk: "Save and add verdict", "Save and send to review", citation order.

Additive to ClaimAdmin (a mixin): the workflow rule itself stays in claims.services (verdict_submit_for_review).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from claims import services
from claims.models import Claim, ClaimSource, Verdict

ADD_VERDICT = "_save_add_verdict"
SEND_TO_REVIEW = "_save_send_review"


def assign_citation_positions(forms: list) -> None:
    """Number the kept citation forms 0, 1, 2… in the order entered: an explicit order first, then form order.

    `forms` are the inline's bound, valid forms in page order; their instances are updated before saving.
    """
    kept = [f for f in forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    ordered = sorted(enumerate(kept), key=lambda pair: (pair[1].cleaned_data.get("position") or 0, pair[0]))
    for position, (_index, form) in enumerate(ordered):
        form.instance.position = position


class DeskShortcuts:
    """Mixin for ClaimAdmin (before ModelAdmin in the bases)."""

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is ClaimSource:
            assign_citation_positions(formset.forms)
        super().save_formset(request, form, formset, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if SEND_TO_REVIEW in request.POST:
            self._send_to_review(request, form.instance)

    def _send_to_review(self, request: HttpRequest, claim: Claim) -> None:
        verdict = Verdict.objects.filter(claim=claim).first()
        if verdict is None:
            self.message_user(request, _("Saved. There is no verdict to send to review yet."), messages.WARNING)
            return
        if verdict.status == Verdict.Status.IN_REVIEW:
            return  # the verdict's own workflow step already sent it
        try:
            services.verdict_submit_for_review(verdict=verdict, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            reasons = "; ".join(getattr(exc, "messages", [str(exc)]))
            self.message_user(request, _("Saved, but not sent to review: %s") % reasons, messages.WARNING)
        else:
            self.message_user(request, _("Sent to review."), messages.SUCCESS)

    def _verdict_anchor(self, request: HttpRequest, claim: Claim) -> HttpResponse:
        self.message_user(request, _("Saved. Now the verdict."), messages.SUCCESS)
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        return HttpResponseRedirect(f"{url}#verdict-group")

    def response_add(self, request: HttpRequest, obj: Claim, post_url_continue=None) -> HttpResponse:
        if ADD_VERDICT in request.POST:
            return self._verdict_anchor(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Claim) -> HttpResponse:
        if ADD_VERDICT in request.POST:
            return self._verdict_anchor(request, obj)
        return super().response_change(request, obj)
