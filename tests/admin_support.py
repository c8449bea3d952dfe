"""Helpers for the admin tests: the POST data a browser would send from what an admin page renders."""

from __future__ import annotations

from typing import Any

from django import forms


def _field_data(bound_field: forms.BoundField) -> dict[str, Any]:
    value = bound_field.value()
    widget = bound_field.field.widget
    name = bound_field.html_name
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value) if not isinstance(value, list) else value
        named = zip(widget.widgets_names, parts, strict=True)
        return {f"{name}{suffix}": "" if part is None else part for suffix, part in named}
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if value else {}
    if value is None:
        many = isinstance(bound_field.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        return {name: [] if many else ""}
    if isinstance(value, list | tuple):
        return {name: [str(v) for v in value]}
    return {name: value}


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound_field in form:
        data.update(_field_data(bound_field))
    return data


def change_page_data(response) -> dict[str, Any]:
    """The POST a browser would send from this add/change page, unchanged: tests edit what they need."""
    context = response.context
    data = form_data(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data
