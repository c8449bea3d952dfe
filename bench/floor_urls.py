"""The project's URLs plus the floor: a minimal Django view that reads one claim by primary key as JSON.

Used only by bench/http_load.py (loaded through bench/floor_wsgi.py), so that the floor is measured in the same
gunicorn, with the same middleware and settings, as the pages it is compared with, without touching the
project's own claimcheck/urls.py.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from claims.models import Claim


def floor(request: HttpRequest, pk: int) -> JsonResponse:
    """One indexed read and a small JSON body: the least a Django request here can cost."""
    claim = Claim.objects.only("pk", "slug", "text").get(pk=pk)
    return JsonResponse({"id": claim.pk, "slug": claim.slug, "text": claim.text})


urlpatterns = [path("__floor__/<int:pk>/", floor), path("", include("claimcheck.urls"))]
