"""Who may write beyond DRF's DjangoModelPermissions (the Editors and Reviewers groups of migration 0003)."""

from __future__ import annotations

from rest_framework.permissions import BasePermission


class CorrectionPermission(BasePermission):
    """Adding a correction to a verdict needs `claims.add_correction` (reviewers), not the verdict's own perms."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.has_perm("claims.add_correction"))
