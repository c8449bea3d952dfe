from __future__ import annotations

from django.urls import path

from claims.interop import views

app_name = "interop"

urlpatterns = [
    path("feeds/claimreview.json", views.claimreview_feed, name="claimreview-feed"),
    # The path Google's client builds from api_endpoint "<site>/factchecktools/" (discovery document: flatPath).
    path("factchecktools/v1alpha1/claims:search", views.factchecktools_claims_search, name="factchecktools-search"),
    path("factchecktools/<path:rest>", views.factchecktools_not_found),
]
