"""/api/v1/... (the public contract, versioned by URL namespace), /api/schema/ and /api/docs/."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from claims.api import views
from claims.matching.api import ClaimMatchView

router = SimpleRouter()
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("claimants", views.ClaimantViewSet, basename="claimant")
router.register("sources", views.SourceViewSet, basename="source")
router.register("verdicts", views.VerdictViewSet, basename="verdict")
router.register("claim-sources", views.ClaimSourceViewSet, basename="claimsource")

v1_patterns = [
    # Before the router, so that "export.jsonl" is never read as a claim id.
    path("claims/export.jsonl", views.ClaimExportView.as_view(), name="claim-export"),
    path("claims/match/", ClaimMatchView.as_view(), name="claim-match"),
    path("ratings/", views.RatingListView.as_view(), name="rating-list"),
    *router.urls,
]

urlpatterns = [
    path("v1/", include((v1_patterns, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Under the Content-Security-Policy: Swagger UI's start-up script from a URL (the "split" view), our templates
    # without inline styles or Google fonts; Redoc (styled-components) inserts <style> elements, so its page
    # alone may use inline styles, and a blob: web worker (its search). Scripts stay our own origin's only.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="claims/api_docs/swagger_ui.html"),
        name="api-docs",
    ),
    path(
        "redoc/",
        csp_replace({"style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})(
            SpectacularRedocView.as_view(url_name="api-schema", template_name="claims/api_docs/redoc.html")
        ),
        name="api-redoc",
    ),
    # Anything else under /api/ answers in JSON too, whatever its path holds ([\s\S] also matches a newline);
    # api_not_found redirects /api/v1/claims to /api/v1/claims/ as APPEND_SLASH would.
    re_path(r"^[\s\S]*$", views.api_not_found),
]
