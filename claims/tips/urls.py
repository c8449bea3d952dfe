from __future__ import annotations

from django.urls import path

from claims.tips import views

app_name = "tips"

urlpatterns = [
    path("new/", views.tip_new, name="new"),
    path("thanks/", views.tip_thanks, name="thanks"),
]
