"""Reader pages. A plain placeholder until the reader-pages issue: every view starts from Claim.objects.public()."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.models import Claim, Claimant, Rating


def home(request: HttpRequest) -> HttpResponse:
    claims = Claim.objects.public().for_display().newest_first()[:50]
    return render(request, "claims/home.html", {"claims": claims})


def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.public().for_display(), slug=slug)
    return render(request, "claims/claim_detail.html", {"claim": claim})


def claimant_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claimant = get_object_or_404(Claimant.objects.public(), slug=slug)
    claims = Claim.objects.public().for_display().filter(claimant=claimant).newest_first()
    return render(request, "claims/home.html", {"claims": claims, "heading": claimant.name})


def rating_detail(request: HttpRequest, slug: str) -> HttpResponse:
    rating = get_object_or_404(Rating, slug=slug)
    claims = Claim.objects.public().for_display().filter(verdict__rating=rating).newest_first()
    return render(request, "claims/home.html", {"claims": claims, "heading": rating.label})
