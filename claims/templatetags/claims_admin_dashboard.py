"""{% editors_dashboard %}: the editors' dashboard on the admin index."""

from __future__ import annotations

from django import template

from claims.admin.dashboard import editors_dashboard

register = template.Library()


@register.inclusion_tag("admin/claims/dashboard.html", takes_context=True)
def editors_dashboard_panel(context) -> dict:
    user = context["request"].user
    if not user.has_perm("claims.view_verdict"):
        return {"visible": False}
    return {"visible": True, **editors_dashboard(user=user)}
