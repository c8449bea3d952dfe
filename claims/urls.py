from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("claimants/<slug:slug>/", views.claimant_detail, name="claimant-detail"),
    path("ratings/<slug:slug>/", views.rating_detail, name="rating-detail"),
]
