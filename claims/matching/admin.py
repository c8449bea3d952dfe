"""The claim page's "Possibly the same claim as…" panel and its Confirm / Not the same / Undo buttons.

A mixin for claims.admin.claims.ClaimAdmin: the admin only shows and forwards; the services decide.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _

from claims.matching import services
from claims.models import Claim

DECISIONS = ("confirm", "reject")


class RepeatCandidatesAdminMixin:
    change_form_template = "matching/claim_change_form.html"

    def get_urls(self):
        decide = self.admin_site.admin_view(self.repeat_decision_view)
        return [
            path(
                "<int:claim_id>/repeats/<int:candidate_id>/<str:decision>/",
                decide,
                name="claims_claim_repeat_decision",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        shown = request.method == "GET" and str(object_id).isdigit()
        if shown and Claim.objects.filter(pk=object_id).exists():
            extra_context["repeat_candidates"] = services.claim_repeat_candidates(claim_id=int(object_id))
            extra_context["may_decide_repeats"] = request.user.has_perm("claims.add_claimrelation")
        return super().change_view(request, object_id, form_url, extra_context)

    def response_add(self, request: HttpRequest, obj: Claim, post_url_continue=None):
        # Right after saving a new claim, show its page when it possibly repeats another, not the list.
        response = super().response_add(request, obj, post_url_continue)
        stays_on_page = "_addanother" in request.POST or "_popup" in request.POST
        if not stays_on_page and services.claim_repeat_candidates(claim_id=obj.pk):
            messages.warning(request, _("This claim is possibly the same as one already recorded: see below."))
            return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[obj.pk]))
        return response

    def repeat_decision_view(self, request: HttpRequest, claim_id: int, candidate_id: int, decision: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("claims.add_claimrelation"):
            raise PermissionDenied
        get_object_or_404(Claim, pk=claim_id)
        get_object_or_404(Claim, pk=candidate_id)
        if decision not in DECISIONS or claim_id == candidate_id:
            messages.error(request, _("Unknown decision."))
        elif decision == "confirm":
            try:
                services.pair_confirm(claim_id=claim_id, candidate_id=candidate_id, user=request.user)
            except services.MatchDecisionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Recorded: the same claim. The “repeats” relation links them."))
        else:
            services.pair_reject(claim_id=claim_id, candidate_id=candidate_id, user=request.user)
            messages.success(request, _("Recorded: not the same claim. This pair will not be suggested again."))
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim_id]))
