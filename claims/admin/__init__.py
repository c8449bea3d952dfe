"""The editors' desk: importing the modules registers every ModelAdmin with the default admin site."""

from django.contrib import admin

from claims.admin import claims, lockouts, readers, sources, verdicts  # noqa: F401

# The admin index shows the editors' dashboard above the model list (claims/templates/admin/claims_index.html).
admin.site.index_template = "admin/claims_index.html"
admin.site.site_header = "ClaimCheck editors’ desk"
admin.site.site_title = "ClaimCheck"
