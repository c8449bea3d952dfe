from django.contrib import admin
from django.urls import include, path

from claimcheck.health import healthz, readyz
from claims.sitemaps.views import sitemap_index, sitemap_section

# A database outage answers 503 + Retry-After, not a bare 500 (claimcheck/errors.py).
handler500 = "claimcheck.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
    path("api/", include("claims.api.urls")),
    path("", include("claims.interop.urls")),
    path("tips/", include("claims.tips.urls")),
    path("", include("claims.urls")),
]
