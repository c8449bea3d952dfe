from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.tips.models import TIP_TEXT_MAX_LENGTH

HONEYPOT_FIELD = "website"


class TipForm(forms.Form):
    """The public "suggest a claim" form. `website` is a honeypot: hidden from people (CSS and aria-hidden),
    filled in by form-filling robots; a filled one is answered as a success and stored nowhere."""

    text = forms.CharField(
        label=_("What claim should we check?"),
        max_length=TIP_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_("Quote it as exactly as you can, and say who said it."),
    )
    seen_at = forms.URLField(
        label=_("Where did you see it? (optional)"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text=_("A link to the post, article or video."),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        required=False,
        help_text=_("Only if you want us to tell you when we publish a check."),
    )
    contact_consent = forms.BooleanField(
        label=_(
            "You may use this address to contact me about this tip. It is never published, and it is deleted "
            "when no longer needed."
        ),
        required=False,
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if len(text) < 10:
            raise forms.ValidationError(_("Please describe the claim in a few words at least."), code="too_short")
        return text

    def clean(self) -> dict:
        data = super().clean()
        if data.get("contact_email") and not data.get("contact_consent"):
            self.add_error(
                "contact_consent", _("Tick this box so that we may keep your address, or leave the address empty.")
            )
        return data

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
