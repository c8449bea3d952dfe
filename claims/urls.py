from __future__ import annotations

from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from claims import views
from claims.feeds import CorrectionsAtomFeed, CorrectionsFeed, LatestVerdictsAtomFeed, LatestVerdictsFeed
from claims.pagecache import cached_public_page

app_name = "claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("claims/<slug:slug>/card.png", views.share_card, name="share-card"),
    path("claimants/<slug:slug>/", views.claimant_detail, name="claimant-detail"),
    path("ratings/", views.ratings_index, name="rating-index"),
    path("ratings/<slug:slug>/", views.rating_detail, name="rating-detail"),
    path("topics/", views.topic_index, name="topic-index"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("pages/<slug:slug>/", views.info_page, name="info-page"),
    path("search/", views.search, name="search"),
    path("ratings.css", views.rating_styles, name="rating-styles"),
    # Feed readers poll every few minutes: the rendered feed is kept under the public stamp.
    path("feeds/latest/", cached_public_page(LatestVerdictsFeed()), name="feed-latest"),
    path("feeds/latest/atom/", cached_public_page(LatestVerdictsAtomFeed()), name="feed-latest-atom"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/feed/", cached_public_page(CorrectionsFeed()), name="feed-corrections"),
    path("corrections/atom/", cached_public_page(CorrectionsAtomFeed()), name="feed-corrections-atom"),
    # The reader pages' language switch. Exempt from CSRF so that public pages carry no token and no cookie
    # (they stay cacheable); a forged request could only change a reader's interface language.
    path("language/", csrf_exempt(set_language), name="set-language"),
]
