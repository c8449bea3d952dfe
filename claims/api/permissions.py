"""Who may write beyond DRF's DjangoModelPermissions (the Editors and Reviewers groups of migration 0003)."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissionsOrAnonReadOnly


class ModelPermissionsOrAnonReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """DRF's DjangoModelPermissionsOrAnonReadOnly (the API's default), deciding reads without the view's queryset.

    DRF builds the view's queryset only to learn its model, then requires no permission at all for GET, HEAD and
    OPTIONS (its `perms_map`). Building ClaimCheck's public querysets (filtered prefetches) cost about 2 ms of CPU
    per request, more than serving a cached answer (docs/benchmarks.md, "Newsroom scale"). A read whose method
    needs no permission is allowed at once; everything else goes through DRF's check unchanged.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS and request.user is not None and not self.perms_map.get(request.method):
            return True
        return super().has_permission(request, view)


class CorrectionPermission(BasePermission):
    """Adding a correction to a verdict needs `claims.add_correction` (reviewers), not the verdict's own perms."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.has_perm("claims.add_correction"))
