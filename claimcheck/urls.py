from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_page

from claims.sitemaps import SITEMAPS
from claims.views import PUBLIC_MAX_AGE_SECONDS


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe for the container health check: the process answers, nothing more."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Building the sitemap takes ~1.7 s at 20,000 claims (docs/benchmarks.md): serve it from the cache for as long
    # as shared caches may keep any public page.
    path("sitemap.xml", cache_page(PUBLIC_MAX_AGE_SECONDS)(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]
