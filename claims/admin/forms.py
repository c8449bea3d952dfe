"""Admin forms: where the editors' desk checks input before anything is saved.

The rules themselves live in the models (validators, clean()) and in claims.services; these forms only present
them, add the workflow step and the correction note, and make sure a verdict's status never comes from a form.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from claims import services
from claims.models import Claim, Claimant, Rating, Source, Verdict

# `/admin/claims/claim/add/?cite_source=<id>`: a new claim whose first citation row holds that source (the
# duplicate-URL error's "cite it from the claim page", through SourceAdmin.cite_view).
CITE_SOURCE_PARAMETER = "cite_source"


class WorkflowStep:
    """The admin's name for "no move"; the moves themselves are claims.services.TRANSITIONS' steps."""

    KEEP = ""


def _auto_direction(widget: forms.Widget) -> forms.Widget:
    # Persian and English text share the desk: let the browser pick the direction from the first strong character.
    widget.attrs.setdefault("dir", "auto")
    return widget


class ClaimAdminForm(forms.ModelForm):
    """A claim, with the option to name a new claimant in the same save, and the correction note that changing a
    published claim's text, summary or claimant needs (claims.services.published_edit_check decides)."""

    new_claimant_name = forms.CharField(
        label=_("or a new claimant"),
        max_length=200,
        required=False,
        help_text=_("Type a name to create the claimant with this claim, when they are not in the list yet."),
    )
    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_(
            "Required when you change the text, summary or claimant of a published claim: readers see it on the "
            "verdict page."
        ),
    )

    # Set per request by the admin (bind_user).
    user = None

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
        self._check_published_edit(cleaned)
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

    def _check_published_edit(self, cleaned: dict) -> None:
        self.published_verdict = services.published_verdict_of(claim_id=self.instance.pk)
        changed = []
        if self.published_verdict is not None:
            stored = Claim.objects.get(pk=self.instance.pk)
            changed = changed_against(stored, self.instance, cleaned, services.CLAIM_FIELDS_READERS_SEE)
        if (cleaned.get("new_claimant_name") or "").strip():
            changed.append("claimant")
        self.needs_correction = _published_edit_errors(
            self, verdict=self.published_verdict, changed=changed, note=cleaned.get("correction_note") or ""
        )

    def apply_correction(self, *, user) -> None:
        """After the claim is saved, in the same transaction: the public correction its edit needs."""
        if getattr(self, "needs_correction", False):
            services.published_edit_record(
                verdict=self.published_verdict, correction_note=self.cleaned_data["correction_note"], user=user
            )

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
    """A verdict's content, a workflow step (with its reason or asked reviewer), and the correction note.

    `status`, `published_at` and `reviewer` are never form fields: whatever a POST says, save() keeps the values in
    the database (or a draft's, for a new verdict). The steps offered, their checks and the correction rule all
    come from claims.services (TRANSITIONS, published_edit_check); this form only presents them.
    """

    next_step = forms.ChoiceField(label=_("Workflow"), required=False, choices=[])
    step_reason = forms.CharField(
        label=_("Reason for returning"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Required to return a verdict to its editor: they see it on the claim and on the dashboard."),
    )
    ask_reviewer = forms.ModelChoiceField(
        label=_("Ask reviewer"),
        required=False,
        queryset=get_user_model().objects.none(),
        help_text=_("Optional, when sending to review: this reviewer sees it as “waiting for me”."),
    )
    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_(
            "Required when you change the rating, conclusion or explanation of a published verdict: readers see it "
            "on the verdict page."
        ),
    )

    # Set per request by the admin (bind_user): the workflow choices depend on who asks.
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
        if "ask_reviewer" in self.fields:
            self.fields["ask_reviewer"].queryset = reviewers_queryset()
        for name in ("conclusion", "explanation"):
            if name in self.fields:
                _auto_direction(self.fields[name].widget)

    def _step_choices(self) -> list[tuple[str, str]]:
        status = self.current.status if self.current else services.INITIAL_STATUS
        steps = services.steps_available(status=status, user=self.user)
        return [(WorkflowStep.KEEP, _("Keep the status")), *((t.step, t.label) for t in steps)]

    def substantive_changes(self) -> list[str]:
        """Fields readers see whose value after this save would differ from the verdict in the database."""
        if self.current is None:
            return []
        return changed_against(self.current, self.instance, self.cleaned_data, services.VERDICT_FIELDS_READERS_SEE)

    def clean(self) -> dict:
        cleaned = super().clean()
        note = cleaned.get("correction_note") or ""
        self.needs_correction = _published_edit_errors(
            self, verdict=self.current, changed=self.substantive_changes(), note=note
        )
        published = self.current is not None and self.current.is_published
        if note.strip() and not published:
            self.add_error("correction_note", _("Corrections are for published verdicts; edit a draft directly."))
        elif note.strip() and not self.needs_correction and not services.user_can_publish(self.user):
            self.add_error("correction_note", _("Only a reviewer can add a correction."))
        # A note alone on a published verdict is a correction too (a fact outside these fields was wrong).
        self.records_correction = published and bool(note.strip())
        transition = services.TRANSITIONS.get(cleaned.get("next_step") or "")
        if transition is not None:
            if transition.needs_reason and not (cleaned.get("step_reason") or "").strip():
                self.add_error(
                    "step_reason" if "step_reason" in self.fields else None, _("Say why: the editor reads this reason.")
                )
            if transition.checks_publishable:
                candidate = Verdict(rating=cleaned.get("rating"), conclusion=cleaned.get("conclusion") or "")
                if "rating" not in self.fields and self.current is not None:
                    candidate = self.current
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
            verdict.status = services.INITIAL_STATUS
            verdict.published_at = None
            verdict.reviewer = None
            if verdict.author_id is None and self.user is not None and self.user.is_authenticated:
                verdict.author = self.user
        return super().save(commit=commit)

    def apply_workflow(self, *, user) -> None:
        """After the verdict is saved: the correction note, then the workflow step, each through its service."""
        verdict = self.instance
        if getattr(self, "records_correction", False):
            services.published_edit_record(
                verdict=verdict,
                correction_note=self.cleaned_data["correction_note"],
                user=user,
                previous_rating=self.current.rating,
            )
        step = self.cleaned_data.get("next_step")
        if step:
            services.verdict_take_step(
                verdict=verdict,
                step=step,
                user=user,
                reason=self.cleaned_data.get("step_reason") or "",
                reviewer=self.cleaned_data.get("ask_reviewer"),
            )


def reviewers_queryset():
    """Active users who may publish (directly or through a group): the people one can ask for a review."""
    User = get_user_model()
    codename = services.PUBLISH_PERMISSION.split(".", 1)[1]
    can = Q(user_permissions__codename=codename) | Q(groups__permissions__codename=codename) | Q(is_superuser=True)
    return User.objects.filter(can, is_active=True).distinct().order_by("username")


class CitationFormSet(forms.BaseInlineFormSet):
    """A claim's citations: on a published claim, adding, removing or re-roling one needs the publish permission."""

    user = None

    def _construct_form(self, i: int, **kwargs) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        saved = self.initial_form_count()
        if i >= saved:
            # A new row comes after the saved ones, with or without the page's script (the queryset is the one the
            # saved rows were built from: no query).
            positions = [citation.position for citation in self.get_queryset()[:saved]] if saved else []
            after = max(positions, default=-1) + 1
            form.initial["position"] = after + i - saved
        return form

    def citations_changed(self) -> bool:
        return any(
            form.has_changed() or (self.can_delete and self._should_delete_form(form))
            for form in self.forms
            if form.instance.pk or form.has_changed()
        )

    def clean(self) -> None:
        super().clean()
        self.published_verdict = None
        if self.instance.pk and self.citations_changed():
            try:
                self.published_verdict = services.citation_edit_check(claim_id=self.instance.pk, user=self.user)
            except PermissionDenied as exc:
                raise forms.ValidationError(str(exc)) from exc


def changed_against(stored, instance, cleaned: dict, names) -> list[str]:
    """Which of `names` this save changes, compared with the row in the database.

    A value comes from the form when the form has the field, else from the instance: a history "revert" form's
    instance is an old copy, and save() writes its fields that the form does not show, too.
    """

    def key(value):
        return value.pk if hasattr(value, "pk") else value

    changed = []
    for name in names:
        field = stored._meta.get_field(name)
        new = cleaned[name] if name in cleaned else getattr(instance, field.attname)
        old = getattr(stored, field.attname)
        if key(new) != key(old):
            changed.append(name)
    return changed


def _published_edit_errors(form: forms.BaseForm, *, verdict, changed: list[str], note: str) -> bool:
    """Ask the workflow whether this edit of a published page is allowed; put its refusal on the form."""
    try:
        return services.published_edit_check(
            verdict=verdict, changed_fields=changed, user=form.user, correction_note=note
        )
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    except forms.ValidationError as exc:
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    return False


def bind_user(form_class: type[forms.BaseForm], user) -> type[forms.BaseForm]:
    """A subclass of form_class that knows the user (for choices and permission checks)."""
    return type(form_class.__name__, (form_class,), {"user": user})


def _https_by_default(db_field, **kwargs) -> forms.Field | None:
    # A URL typed without a scheme ("example.org/a") means https, as Django 6 will assume.
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class SourceAdminForm(forms.ModelForm):
    """A source. The title may be left empty when there is a URL: the source is titled by its URL until its page's
    title is read in the background (claims.services.pagemeta). A URL that is already a source's is refused with a
    way to cite that source instead: in the claim page's add-source popup (`popup_to_field` set by SourceAdmin),
    a button that picks it in the citation row; elsewhere, links to cite it on a claim and to open it."""

    # Set per request by SourceAdmin.get_form: the opener's `_to_field` when the form is in a popup, else None.
    popup_to_field: str | None = None

    class Meta:
        model = Source
        formfield_callback = _https_by_default
        fields = ["url", "title", "publisher", "published_on", "kind", "notes", "archive_url", "archived_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title", "publisher", "notes"):
            if name in self.fields:
                _auto_direction(self.fields[name].widget)
        if "title" in self.fields and "url" in self.fields:
            self.fields["title"].required = False
            self.fields["title"].help_text = _(
                "Leave empty to take the page's own title (with its publisher and date, when empty), read in the "
                "background after saving."
            )

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url", "")
        # Source.clean() rejects the duplicate too (for the API); here the message offers the way out.
        existing = Source.objects.with_same_url(url).exclude(pk=self.instance.pk).first()
        if existing is not None:
            message = duplicate_url_message(existing, popup_to_field=self.popup_to_field)
            raise forms.ValidationError(message, code="duplicate_url")
        return url

    def clean(self) -> dict:
        cleaned = super().clean()
        # With a URL, Source titles itself by it; with neither, say what is missing (the model's own "cannot be
        # blank" is not asked: the field is optional here).
        untitled = "title" in self.fields and not (cleaned.get("title") or "").strip()
        if untitled and not cleaned.get("url") and "url" not in self.errors:
            self.add_error("title", _("Give the source a title, or a URL to take its page's title from."))
        return cleaned


def duplicate_url_message(existing: Source, *, popup_to_field: str | None) -> SafeString:
    """The duplicate-URL error, as HTML, with its one-click fix (both go through SourceAdmin's cite view):

    in the claim page's add-source popup, a button that picks `existing` in the citation row and closes the popup;
    elsewhere, a link that opens a new claim citing it, and one to the source's own page.
    """
    cite = reverse("admin:claims_source_cite", args=[existing.pk])
    if popup_to_field is not None:
        query = urlencode({IS_POPUP_VAR: "1", TO_FIELD_VAR: popup_to_field})
        return format_html(
            '{} <a class="button cite-existing" href="{}?{}">{}</a>',
            _("This URL is already source #%(pk)s “%(title)s”.") % {"pk": existing.pk, "title": existing.title},
            cite,
            query,
            _("Cite the existing source"),
        )
    return format_html(
        '{} <a class="cite-existing" href="{}">{}</a> · <a href="{}">{}</a>',
        _("This URL is already source #%(pk)s “%(title)s”.") % {"pk": existing.pk, "title": existing.title},
        cite,
        _("Cite it from the claim page"),
        reverse("admin:claims_source_change", args=[existing.pk]),
        _("Open the source"),
    )


def translation_languages() -> list[tuple[str, str]]:
    """(code, name) of the newsroom's languages besides LANGUAGE_CODE, in which a rating has its own label."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _rating_translation_fields() -> dict[str, forms.Field]:
    label_field = Rating._meta.get_field("label")
    description_field = Rating._meta.get_field("description")
    fields: dict[str, forms.Field] = {}
    for code, name in translation_languages():
        fields[f"label_{code}"] = forms.CharField(
            label=format_lazy(_("Label ({language})"), language=name),
            max_length=label_field.max_length,
            required=False,
            help_text=_("Shown to readers of this language and in the ClaimReview of reviews in it."),
            widget=forms.TextInput(attrs={"dir": "auto", "lang": code}),
        )
        fields[f"description_{code}"] = forms.CharField(
            label=format_lazy(_("Description ({language})"), language=name),
            max_length=description_field.max_length,
            required=False,
            widget=forms.TextInput(attrs={"dir": "auto", "lang": code, "size": 80}),
        )
    return fields


class RatingAdminForm(forms.ModelForm):
    """A rating's label and description in each language of LANGUAGES, one pair of fields each, kept in
    Rating.translations. A language added to LANGUAGES gets its fields here without a migration."""

    class Meta:
        model = Rating
        fields = ["label", "slug", "value", "description", "colour", "order"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, stored in (self.instance.translations or {}).items():
            for part in ("label", "description"):
                if f"{part}_{code}" in self.fields:
                    self.fields[f"{part}_{code}"].initial = stored.get(part, "")

    def save(self, commit: bool = True) -> Rating:
        translations = dict(self.instance.translations or {})
        for code, _name in translation_languages():
            label = self.cleaned_data.get(f"label_{code}", "").strip()
            description = self.cleaned_data.get(f"description_{code}", "").strip()
            if label or description:
                translations[code] = {"label": label, "description": description}
            else:
                translations.pop(code, None)
        self.instance.translations = translations
        return super().save(commit=commit)


# Declared once, at import, like fields written in the class body: the admin lays out base_fields.
RatingAdminForm.declared_fields.update(_rating_translation_fields())
RatingAdminForm.base_fields.update(RatingAdminForm.declared_fields)
