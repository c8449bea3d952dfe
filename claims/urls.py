from __future__ import annotations

from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from claims import views
from claims.feeds import LatestVerdictsAtomFeed, LatestVerdictsFeed

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("claimants/<slug:slug>/", views.claimant_detail, name="claimant-detail"),
    path("ratings/<slug:slug>/", views.rating_detail, name="rating-detail"),
    path("search/", views.search, name="search"),
    path("ratings.css", views.rating_styles, name="rating-styles"),
    path("feeds/latest/", LatestVerdictsFeed(), name="feed-latest"),
    path("feeds/latest/atom/", LatestVerdictsAtomFeed(), name="feed-latest-atom"),
    # The reader pages' language switch. Exempt from CSRF so that public pages carry no token and no cookie
    # (they stay cacheable); a forged request could only change a reader's interface language.
    path("language/", csrf_exempt(set_language), name="set-language"),
]
