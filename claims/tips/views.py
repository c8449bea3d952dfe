"""/tips/new/: the public tip line. Not cached (it carries a CSRF token); rate-limited per address."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from claims.tips.forms import TipForm
from claims.tips.services import TipRateLimited, tip_rate_check, tip_submit


def client_address(request: HttpRequest) -> str:
    """The reader's address: REMOTE_ADDR, or the address NUM_PROXIES trusted proxies put in X-Forwarded-For."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.headers.get("x-forwarded-for", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


def tip_new(request: HttpRequest) -> HttpResponse:
    status = 200
    error = ""
    if request.method == "POST":
        form = TipForm(request.POST)
        try:
            tip_rate_check(address=client_address(request))
        except TipRateLimited:
            error = _("You have sent several tips in the last hour. Thank you! Please try again later.")
            status = 429
        else:
            if form.is_robot:
                return redirect("tips:thanks")  # a robot learns nothing; nothing is stored
            if form.is_valid():
                tip_submit(
                    text=form.cleaned_data["text"],
                    seen_at=form.cleaned_data["seen_at"],
                    contact_email=form.cleaned_data["contact_email"],
                    contact_consent=form.cleaned_data["contact_consent"],
                )
                return redirect("tips:thanks")
            status = 400
    else:
        form = TipForm()
    response = render(request, "tips/tip_form.html", {"form": form, "error": error}, status=status)
    add_never_cache_headers(response)
    return response


def tip_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "tips/tip_thanks.html")
