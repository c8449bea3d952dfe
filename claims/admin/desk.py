"""The claim page for the desk: shortcut buttons, citation order, fields that explain themselves, Markdown preview.

Additive to ClaimAdmin (a mixin): the workflow rule itself stays in claims.services (verdict_submit_for_review).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from claims import services
from claims.admin.forms import CITE_SOURCE_PARAMETER
from claims.models import Claim, ClaimSource, Source, Verdict
from claims.rendering import render_markdown
from claims.services.citations import source_for_cited_url

# Where each field the desk types ends up, said in its help text (the model's own help stays for the API).
WHERE_IT_APPEARS = {
    (Claim, "text"): gettext_lazy(
        "What was said, verbatim where we have it. Shown in full on the verdict page and in the feed item's text."
    ),
    (Claim, "summary"): gettext_lazy(
        "The public headline: the verdict page's title, ClaimReview's claimReviewed and the feed item's title. "
        "About 75 characters; never include the rating. Left empty, the claim's first 80 characters are used."
    ),
    (Claim, "claimant"): gettext_lazy(
        "Who said it: shown beside the claim, as ClaimReview's claim author and in the feed item's text."
    ),
    (Claim, "stated_on"): gettext_lazy("When it was said: ClaimReview's claim date (datePublished)."),
    (Verdict, "rating"): gettext_lazy("The badge readers see, ClaimReview's rating and the start of the feed title."),
    (Verdict, "conclusion"): gettext_lazy(
        "One line: the verdict page's summary, ClaimReview's headline and the end of the feed item's text."
    ),
    (Verdict, "explanation"): gettext_lazy(
        "Markdown, shown under “Why” on the verdict page (not in ClaimReview or the feed). Cite the sources; the "
        "preview below is rendered as readers will see it."
    ),
}

# A preview is for one explanation, not a document store: anything longer is refused with a 400.
PREVIEW_MAX_CHARACTERS = 100_000

ADD_VERDICT = "_save_add_verdict"
SEND_TO_REVIEW = "_save_send_review"


def assign_citation_positions(forms: list) -> None:
    """Number the kept citation forms 0, 1, 2… in the order entered: an explicit order first, then form order.

    `forms` are the inline's bound, valid forms in page order; their instances are updated before saving.
    """
    kept = [f for f in forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    ordered = sorted(enumerate(kept), key=lambda pair: (pair[1].cleaned_data.get("position") or 0, pair[0]))
    for position, (_index, form) in enumerate(ordered):
        form.instance.position = position


class CitationForm(forms.ModelForm):
    """A citation row: pick a source, or paste its URL (an existing source with that URL is cited, not copied)."""

    source_url = forms.URLField(
        label=_("or paste its URL"),
        required=False,
        assume_scheme="https",
        max_length=2000,
        help_text=gettext_lazy("A source with this address already? It is cited. If not, one is made."),
    )

    class Meta:
        model = ClaimSource
        fields = ["source", "role", "excerpt", "position"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].required = False
        self.pasted_url = ""
        if "position" in self.fields:
            # The words of claims/static/claims/admin/citation_order.js's up and down buttons, translated here.
            self.fields["position"].widget.attrs.update(
                {
                    "data-move-up": gettext_lazy("Move this citation up"),
                    "data-move-down": gettext_lazy("Move this citation down"),
                    "data-moved": gettext_lazy("Citation moved to position %(position)s."),
                    "data-drag": gettext_lazy("Drag to move this citation"),
                }
            )

    def has_changed(self) -> bool:
        # A new row is a citation once it names a source, even one the page put there (?cite_source=): Django
        # would skip an extra row left as it was given. The page numbers every row, an untouched new one too, so
        # a number alone does not make a citation.
        if self.instance.pk is None:
            return bool(self["source"].value()) or any(name != "position" for name in self.changed_data)
        return super().has_changed()

    def clean(self) -> dict:
        cleaned = super().clean()
        source, url = cleaned.get("source"), (cleaned.get("source_url") or "").strip()
        if source is not None and url:
            self.add_error("source_url", gettext_lazy("Pick a source or paste a URL, not both."))
        elif source is None and not url and "source_url" not in self.errors:
            self.add_error("source", gettext_lazy("Pick a source, or paste its URL below."))
        elif url:
            existing = Source.objects.with_same_url(url).first()
            if existing is not None:
                cleaned["source"] = existing
                self.instance.source = existing
            else:
                self.pasted_url = url
        return cleaned

    def save(self, commit: bool = True) -> ClaimSource:
        if self.pasted_url and self.instance.source_id is None:
            self.instance.source, _created = source_for_cited_url(url=self.pasted_url)
        return super().save(commit=commit)


class ExplainedFields:
    """Mixin for the claim page's admins and inlines: help saying where a field appears; required fields marked.

    Required fields get aria-required (screen readers) besides the admin's `required` label class, which
    claims/admin/claims.css marks with a visible asterisk.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None:
            return None
        help_text = WHERE_IT_APPEARS.get((db_field.model, db_field.name))
        if help_text is not None:
            formfield.help_text = help_text
        if formfield.required:
            formfield.widget.attrs["aria-required"] = "true"
        if (db_field.model, db_field.name) == (Verdict, "explanation"):
            formfield.widget.attrs["data-markdown-preview"] = reverse("admin:claims_claim_markdown_preview")
            formfield.widget.attrs["data-preview-title"] = gettext_lazy("Preview, as readers will see it")
        return formfield


@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """POST text=<Markdown> → the sanitised HTML readers would see (claims.rendering.render_markdown).

    Staff only (wrapped in admin_site.admin_view) and for those who may edit claims; 400 for a missing or
    overlong text, 403 without the permission.
    """
    text = request.POST.get("text")
    if text is None:
        return HttpResponseBadRequest(_("Send the Markdown as “text”."))
    if len(text) > PREVIEW_MAX_CHARACTERS:
        return HttpResponseBadRequest(_("Too long to preview (at most %d characters).") % PREVIEW_MAX_CHARACTERS)
    return HttpResponse(render_markdown(text), content_type="text/html; charset=utf-8")


def cited_source_asked(request: HttpRequest) -> Source | None:
    """The source named by `?cite_source=<id>` on the new-claim page, if it is one the user may see; None for
    anything else (no parameter, not an id, no such source): a bad value is ignored, never an error."""
    value = request.GET.get(CITE_SOURCE_PARAMETER, "")
    # Past a 64-bit integer's digits it names nothing (and a few thousand digits would make int() refuse).
    if not value.isascii() or not value.isdigit() or len(value) > len(str(2**63 - 1)):
        return None
    if not request.user.has_perm("claims.view_source"):
        return None
    return Source.objects.filter(pk=int(value)).first()


class DeskShortcuts(ExplainedFields):
    """Mixin for ClaimAdmin (before ModelAdmin in the bases)."""

    def get_urls(self):
        def view(request: HttpRequest) -> HttpResponse:
            if not (self.has_change_permission(request) or self.has_add_permission(request)):
                raise PermissionDenied
            return markdown_preview(request)

        preview = path("preview-markdown/", self.admin_site.admin_view(view), name="claims_claim_markdown_preview")
        return [preview, *super().get_urls()]

    def get_formset_kwargs(self, request: HttpRequest, obj, inline, prefix: str) -> dict:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # On the add page `obj` is the form's new, unsaved claim.
        if inline.model is ClaimSource and request.method == "GET" and (obj is None or obj.pk is None):
            source = cited_source_asked(request)
            if source is not None:
                kwargs["initial"] = [{"source": source.pk}]
        return kwargs

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is ClaimSource:
            assign_citation_positions(formset.forms)
        super().save_formset(request, form, formset, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if SEND_TO_REVIEW in request.POST:
            self._send_to_review(request, form.instance)

    def _send_to_review(self, request: HttpRequest, claim: Claim) -> None:
        verdict = Verdict.objects.filter(claim=claim).first()
        if verdict is None:
            self.message_user(request, _("Saved. There is no verdict to send to review yet."), messages.WARNING)
            return
        if verdict.status == Verdict.Status.IN_REVIEW:
            return  # the verdict's own workflow step already sent it
        try:
            services.verdict_submit_for_review(verdict=verdict, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            reasons = "; ".join(getattr(exc, "messages", [str(exc)]))
            self.message_user(request, _("Saved, but not sent to review: %s") % reasons, messages.WARNING)
        else:
            self.message_user(request, _("Sent to review."), messages.SUCCESS)

    def _verdict_anchor(self, request: HttpRequest, claim: Claim) -> HttpResponse:
        self.message_user(request, _("Saved. Now the verdict."), messages.SUCCESS)
        url = reverse("admin:claims_claim_change", args=[claim.pk])
        return HttpResponseRedirect(f"{url}#verdict-group")

    def response_add(self, request: HttpRequest, obj: Claim, post_url_continue=None) -> HttpResponse:
        if ADD_VERDICT in request.POST:
            return self._verdict_anchor(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Claim) -> HttpResponse:
        if ADD_VERDICT in request.POST:
            return self._verdict_anchor(request, obj)
        return super().response_change(request, obj)
