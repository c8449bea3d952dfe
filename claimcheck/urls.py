from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from claims.sitemaps import cached_sitemap, cached_sitemap_section


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe for the container health check: the process answers, nothing more."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", cached_sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", cached_sitemap_section, name="sitemap-section"),
    path("api/", include("claims.api.urls")),
    path("", include("claims.interop.urls")),
    path("tips/", include("claims.tips.urls")),
    path("", include("claims.urls")),
]
