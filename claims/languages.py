"""Languages of claims as BCP-47 tags, stored in one canonical spelling, picked from a list that names them.

`FA`, `per`, `fas` and `fa` are one language; stored as typed they split filters, feeds and the API's
`language` parameter. `LanguageTagField` canonicalises every value it is given (langcodes' standardize_tag:
case, ISO 639-2/3 codes to their two-letter form, deprecated codes such as `iw` to `he`), and its admin widget
offers the languages Django knows by name in English and in their own script (a datalist: type "Persian",
"فارسی" or "fa").
"""

from __future__ import annotations

import langcodes
from django import forms
from django.conf.locale import LANG_INFO
from django.db import models


def canonical_language_tag(value: str) -> str:
    """The canonical spelling of a BCP-47 tag ("FA" → "fa", "pt-br" → "pt-BR", "per" → "fa").

    A value that is no tag at all ("Farsi") comes back unchanged, for the field's validator to refuse.
    """
    text = (value or "").strip()
    try:
        return langcodes.standardize_tag(text)
    except (ValueError, LookupError):
        return text


def language_options() -> list[tuple[str, str]]:
    """(tag, "English name — own name") for every language Django describes, sorted by English name."""
    options = []
    for code, info in LANG_INFO.items():
        if "name" not in info:
            continue  # an alias entry ("zh-cn": {"fallback": ...})
        tag = canonical_language_tag(code)
        label = info["name"] if info["name_local"] == info["name"] else f"{info['name']} — {info['name_local']}"
        options.append((tag, label))
    return sorted(set(options), key=lambda option: option[1])


class LanguageTagInput(forms.TextInput):
    """A text box with a datalist of named languages: searchable by name or tag, still free for rare tags."""

    template_name = "claims/widgets/language_tag.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs'].get('id', name)}-languages"
        context["widget"]["options"] = language_options()
        return context


class LanguageTagField(models.CharField):
    """A BCP-47 language tag, canonicalised on every assignment path (forms, the API's full_clean, save)."""

    def to_python(self, value):
        value = super().to_python(value)
        return canonical_language_tag(value) if value else value

    def pre_save(self, model_instance, add):
        value = canonical_language_tag(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # The admin passes its own text box (AdminTextInputWidget); the language list replaces any text box.
        widget = kwargs.get("widget")
        is_text_box = widget is None or (
            isinstance(widget, forms.TextInput) or (isinstance(widget, type) and issubclass(widget, forms.TextInput))
        )
        if is_text_box:
            kwargs["widget"] = LanguageTagInput(attrs={"class": "vTextField"})
        return super().formfield(**kwargs)
