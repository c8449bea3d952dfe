"""Admin forms: where the editors' desk checks input before anything is saved.

The rules themselves live in the models (validators, clean()) and in claims.services; these forms only present
them, add the workflow step and the correction note, and make sure a verdict's status never comes from a form.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from claims import services
from claims.models import Claim, Claimant, Source, Verdict

# Edits to these fields of a published verdict change what readers were told: they need a public correction.
SUBSTANTIVE_VERDICT_FIELDS = ("rating", "conclusion", "explanation")


class WorkflowStep:
    KEEP = ""
    SUBMIT = "submit"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"


def _auto_direction(widget: forms.Widget) -> forms.Widget:
    # Persian and English text share the desk: let the browser pick the direction from the first strong character.
    widget.attrs.setdefault("dir", "auto")
    return widget


class ClaimAdminForm(forms.ModelForm):
    """A claim, with the option to name a new claimant in the same save."""

    new_claimant_name = forms.CharField(
        label=_("or a new claimant"),
        max_length=200,
        required=False,
        help_text=_("Type a name to create the claimant with this claim, when they are not in the list yet."),
    )

    class Meta:
        model = Claim
        fields = ["text", "summary", "claimant", "language", "stated_on", "appeared_in", "topics", "slug"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "claimant" in self.fields:
            self.fields["claimant"].required = False
        if "slug" in self.fields:
            # Claim.save() makes one from the summary or the text.
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave empty to make one from the summary.")
        for name in ("text", "summary", "appeared_in", "new_claimant_name"):
            if name in self.fields:
                _auto_direction(self.fields[name].widget)

    def clean(self) -> dict:
        cleaned = super().clean()
        if "claimant" not in self.fields:
            return cleaned
        claimant = cleaned.get("claimant")
        new_name = (cleaned.get("new_claimant_name") or "").strip()
        if claimant and new_name:
            self.add_error("new_claimant_name", _("Pick a claimant from the list or type a new name, not both."))
        elif not claimant and not new_name:
            self.add_error("claimant", _("Pick the claimant, or type a new claimant's name below."))
        elif new_name:
            existing = Claimant.objects.filter(name__iexact=new_name).first()
            if existing is not None:
                self.add_error(
                    "new_claimant_name",
                    _("“%(name)s” is already a claimant: pick them from the list.") % {"name": existing.name},
                )
        return cleaned

    def save(self, commit: bool = True) -> Claim:
        # The admin calls save(commit=False) before it validates the inlines: the new claimant is only attached
        # here, and written with the claim (ClaimAdmin.save_model), so that a save refused by an inline (a
        # conclusion too long) leaves no claimant behind to block the corrected retry.
        new_name = (self.cleaned_data.get("new_claimant_name") or "").strip()
        if new_name and not self.instance.claimant_id:
            self.instance.claimant = Claimant(name=new_name)
        if commit:
            self.save_new_claimant()
        return super().save(commit=commit)

    def save_new_claimant(self) -> None:
        """Write the claimant named in the form, if it is new; call just before the claim itself is saved."""
        if self.instance.claimant_id is not None or not Claim.claimant.is_cached(self.instance):
            return
        claimant = self.instance.claimant
        if claimant is not None and claimant.pk is None:
            claimant.save()
            self.instance.claimant = claimant


class VerdictAdminForm(forms.ModelForm):
    """A verdict's content, a workflow step, and the correction note a published verdict's edits need.

    `status`, `published_at` and `reviewer` are never form fields: whatever a POST says, save() keeps the values in
    the database (or a draft's, for a new verdict), and status moves only through claims.services.
    """

    next_step = forms.ChoiceField(label=_("Workflow"), required=False, choices=[])
    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_(
            "Required when you change the rating, conclusion or explanation of a published verdict: readers see it "
            "on the verdict page."
        ),
    )

    # Set per request by the admin (VerdictFormMixin.bind_user): the workflow choices depend on who asks.
    user = None

    class Meta:
        model = Verdict
        fields = ["rating", "conclusion", "explanation"]
        widgets = {"conclusion": forms.Textarea(attrs={"rows": 2, "maxlength": 280})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # What the database holds now: a history "revert" form carries an old copy as its instance.
        self.current = Verdict.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        self.fields["next_step"].choices = self._step_choices()
        for name in ("conclusion", "explanation"):
            if name in self.fields:
                _auto_direction(self.fields[name].widget)

    def _step_choices(self) -> list[tuple[str, str]]:
        status = self.current.status if self.current else Verdict.Status.DRAFT
        can_publish = services.user_can_publish(self.user)
        choices = [(WorkflowStep.KEEP, _("Keep the status"))]
        if status == Verdict.Status.DRAFT:
            choices.append((WorkflowStep.SUBMIT, _("Send to review")))
        if status in (Verdict.Status.DRAFT, Verdict.Status.IN_REVIEW) and can_publish:
            choices.append((WorkflowStep.PUBLISH, _("Publish")))
        if status == Verdict.Status.PUBLISHED and can_publish:
            choices.append((WorkflowStep.UNPUBLISH, _("Unpublish")))
        return choices

    def substantive_changes(self) -> list[str]:
        """Fields whose submitted value differs from the published verdict in the database."""
        if self.current is None or self.current.status != Verdict.Status.PUBLISHED:
            return []
        changed = []
        for name in SUBSTANTIVE_VERDICT_FIELDS:
            if name not in self.cleaned_data:
                continue
            new = self.cleaned_data[name]
            old = getattr(self.current, name)
            if (new.pk if hasattr(new, "pk") else new) != (old.pk if hasattr(old, "pk") else old):
                changed.append(name)
        return changed

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.current is not None and self.current.status == Verdict.Status.PUBLISHED:
            # Nothing to compare for a form that is being deleted or was left untouched.
            if self.substantive_changes():
                try:
                    # The API asks the same service: changing what readers see is publishing.
                    services.verdict_require_editable(verdict=self.current, user=self.user)
                except PermissionDenied as exc:
                    raise forms.ValidationError(
                        _(
                            "This verdict is published: only a reviewer can change its rating, conclusion or "
                            "explanation."
                        )
                    ) from exc
                if not (cleaned.get("correction_note") or "").strip():
                    self.add_error(
                        "correction_note",
                        _("This verdict is published: say what changed and why. Readers see this note."),
                    )
        elif (cleaned.get("correction_note") or "").strip():
            self.add_error("correction_note", _("Corrections are for published verdicts; edit a draft directly."))
        if cleaned.get("next_step") == WorkflowStep.PUBLISH:
            candidate = Verdict(rating=cleaned.get("rating"), conclusion=cleaned.get("conclusion") or "")
            try:
                services.verdict_validate_publishable(candidate)
            except forms.ValidationError as exc:
                self._add_errors_for_present_fields(exc)
        return cleaned

    def _add_errors_for_present_fields(self, exc: forms.ValidationError) -> None:
        for field, messages in exc.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)

    def has_changed(self) -> bool:
        # A workflow step alone is a change worth saving (an inline form with only "Publish" picked).
        return super().has_changed() or bool(self.data and self["next_step"].data)

    def save(self, commit: bool = True) -> Verdict:
        verdict = self.instance
        if self.current is not None:
            verdict.status = self.current.status
            verdict.published_at = self.current.published_at
            verdict.reviewer_id = self.current.reviewer_id
        else:
            verdict.status = Verdict.Status.DRAFT
            verdict.published_at = None
            verdict.reviewer = None
            if verdict.author_id is None and self.user is not None and self.user.is_authenticated:
                verdict.author = self.user
        return super().save(commit=commit)

    def apply_workflow(self, *, user) -> None:
        """After the verdict is saved: the correction note, then the status change, each through its service."""
        verdict = self.instance
        note = (self.cleaned_data.get("correction_note") or "").strip()
        if note:
            services.correction_add(verdict=verdict, note=note, user=user)
        step = self.cleaned_data.get("next_step")
        if step == WorkflowStep.SUBMIT:
            services.verdict_submit_for_review(verdict=verdict, user=user)
        elif step == WorkflowStep.PUBLISH:
            services.verdict_publish(verdict=verdict, user=user)
        elif step == WorkflowStep.UNPUBLISH:
            services.verdict_unpublish(verdict=verdict, user=user)


def bind_user(form_class: type[forms.BaseForm], user) -> type[forms.BaseForm]:
    """A subclass of form_class that knows the user (for choices and permission checks)."""
    return type(form_class.__name__, (form_class,), {"user": user})


def _https_by_default(db_field, **kwargs) -> forms.Field | None:
    # A URL typed without a scheme ("example.org/a") means https, as Django 6 will assume.
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class SourceAdminForm(forms.ModelForm):
    class Meta:
        model = Source
        formfield_callback = _https_by_default
        fields = ["url", "title", "publisher", "published_on", "kind", "notes", "archive_url", "archived_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title", "publisher", "notes"):
            if name in self.fields:
                _auto_direction(self.fields[name].widget)

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url", "")
        # Source.clean() rejects the duplicate too (for the API); here the message links to the existing source.
        existing = Source.objects.with_same_url(url).exclude(pk=self.instance.pk).first()
        if existing is not None:
            link = reverse("admin:claims_source_change", args=[existing.pk])
            raise forms.ValidationError(
                format_html(
                    'This URL is already source <a href="{}">#{} “{}”</a>: cite that source instead.',
                    link,
                    existing.pk,
                    existing.title,
                ),
                code="duplicate_url",
            )
        return url
