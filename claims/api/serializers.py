"""What the API shows (read serializers) and accepts (write serializers).

Read serializers expect claims loaded by queries.public_claims(): every nested list comes from a prefetch, so a page
costs the same number of queries whatever its size. Write serializers hold no rules of their own: they parse the
JSON, then the model's full_clean() (the same validation the admin's forms run) decides.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.fields import DeskDateField
from claims.claimreview import absolute_url
from claims.deskdates import EditorDateField
from claims.models import Claim, Claimant, ClaimSource, Correction, Rating, Source, Topic, Verdict

LABEL_HELP = (
    "The textual verdict, e.g. “Half true”, in the language asked for (`?lang=` or Accept-Language); "
    "`slug` is the same in every language."
)


class RatingSummarySerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="label_in", read_only=True, help_text=LABEL_HELP)

    class Meta:
        model = Rating
        fields = ["label", "slug", "value"]
        extra_kwargs = {
            "value": {"help_text": "Position on the numeric scale; null for a rating outside it (e.g. “Unproven”)."},
        }


class RatingSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="label_in", read_only=True, help_text=LABEL_HELP)
    description = serializers.CharField(
        source="description_in", read_only=True, help_text="In the language asked for, as `label`."
    )

    class Meta:
        model = Rating
        fields = ["label", "slug", "value", "description", "colour", "order"]


class ClaimantSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Claimant
        fields = ["id", "name", "slug"]


class ClaimantSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The claimant's public page.")
    website = serializers.CharField(source="url", read_only=True, help_text="A URL, or an empty string.")

    class Meta:
        model = Claimant
        fields = ["id", "name", "slug", "kind", "role", "website", "description", "url"]

    def get_url(self, claimant: Claimant) -> str:
        return absolute_url(claimant.get_absolute_url())


class LinkStateMixin(serializers.Serializer):
    """The link checker's view of a source (filled by the link-check work; `unchecked` until then)."""

    link_status = serializers.ChoiceField(
        source="link_health",
        choices=Source._meta.get_field("link_health").choices,
        read_only=True,
        help_text=(
            "ok, failing, dead (gone for good: use archive_url), unverified (a login or bot wall: a person must"
            " look), unchecked, or no_url."
        ),
    )
    last_checked = serializers.DateTimeField(source="last_checked_at", read_only=True, allow_null=True)
    archive_url = serializers.CharField(read_only=True, help_text="An archived copy, or an empty string.")
    archived_at = serializers.DateTimeField(read_only=True, allow_null=True)


class SourceSerializer(LinkStateMixin, serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, help_text="The address, or an empty string (an interview, a letter).")

    class Meta:
        model = Source
        fields = [
            "id", "url", "title", "publisher", "published_on", "kind",
            "link_status", "last_checked", "archive_url", "archived_at",
        ]  # fmt: skip


class CitedSourceSerializer(serializers.Serializer):
    """A source as a claim cites it: the source itself, plus the role and the quoted excerpt."""

    id = serializers.IntegerField(source="source.id", read_only=True)
    url = serializers.CharField(source="source.url", read_only=True)
    title = serializers.CharField(source="source.title", read_only=True)
    publisher = serializers.CharField(source="source.publisher", read_only=True)
    published_on = serializers.DateField(source="source.published_on", read_only=True, allow_null=True)
    kind = serializers.ChoiceField(source="source.kind", choices=Source.Kind.choices, read_only=True)
    role = serializers.ChoiceField(
        choices=ClaimSource.Role.choices,
        read_only=True,
        help_text="appearance (where the claim was made), supports, refutes or context.",
    )
    excerpt = serializers.CharField(read_only=True)
    link_status = serializers.ChoiceField(
        source="source.link_health", choices=Source._meta.get_field("link_health").choices, read_only=True
    )
    last_checked = serializers.DateTimeField(source="source.last_checked_at", read_only=True, allow_null=True)
    archive_url = serializers.CharField(source="source.archive_url", read_only=True)


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["note", "published_at"]


class VerdictSerializer(serializers.ModelSerializer):
    rating = RatingSummarySerializer(read_only=True)
    explanation = serializers.CharField(read_only=True, help_text="Markdown.")

    class Meta:
        model = Verdict
        fields = ["rating", "conclusion", "explanation", "published_at", "updated_at"]


class RelatedClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    relation = serializers.ChoiceField(
        choices=["contradicts", "supports", "repeats", "contradicted_by", "supported_by", "repeated_by"],
        read_only=True,
        help_text="How this claim relates to the other one: this claim `contradicts` it, or it is "
        "`contradicted_by` it (likewise supports/supported_by, repeats/repeated_by).",
    )


INVERSE_RELATION = {"contradicts": "contradicted_by", "supports": "supported_by", "repeats": "repeated_by"}


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["name", "slug"]


class ClaimSerializer(serializers.ModelSerializer):
    """One published claim with its verdict, as readers see it on the verdict page."""

    claimant = ClaimantSummarySerializer(read_only=True)
    topics = TopicSerializer(many=True, read_only=True)
    verdict = VerdictSerializer(read_only=True)
    sources = CitedSourceSerializer(source="claim_sources", many=True, read_only=True)
    related_claims = serializers.SerializerMethodField()
    corrections = CorrectionSerializer(source="verdict.corrections", many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="The public verdict page.")

    class Meta:
        model = Claim
        fields = [
            "id", "slug", "text", "summary", "language", "stated_on", "appeared_in", "claimant", "topics",
            "verdict", "sources", "related_claims", "corrections", "url",
        ]  # fmt: skip
        extra_kwargs = {"language": {"help_text": "BCP-47 tag of the claim's language, e.g. en, fa."}}

    def get_url(self, claim: Claim) -> str:
        return absolute_url(claim.get_absolute_url())

    @staticmethod
    def _relations(claim: Claim) -> list[dict]:
        return [
            {
                "id": related.claim.pk,
                "slug": related.claim.slug,
                "relation": related.relation if related.outgoing else INVERSE_RELATION[related.relation],
            }
            for related in claim.public_related_claims()
        ]

    @extend_schema_field(RelatedClaimSerializer(many=True))
    def get_related_claims(self, claim: Claim) -> list[dict]:
        return RelatedClaimSerializer(self._relations(claim), many=True).data


# --- Writing -------------------------------------------------------------------------------------------------


class ModelCleanSerializer(serializers.ModelSerializer):
    """Parses JSON into model attributes, then lets the model's full_clean() judge them, as the admin's forms do.

    No rule is written here: the field types come from the model and every check from its validators, clean()
    and constraints, so the API and the admin cannot drift apart.
    """

    # Dates editors type are parsed by the one desk-date parser the admin uses (claims.dates).
    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping, EditorDateField: DeskDateField}
    # Fields the model fills in itself on save() when they are left empty (e.g. an automatic slug).
    auto_filled_fields: tuple[str, ...] = ()

    def validate(self, attrs: dict) -> dict:
        model = self.Meta.model
        instance = self.instance if self.instance is not None else model()
        many_to_many = {field.name for field in model._meta.many_to_many}
        # Write-only inputs that are not model fields (a correction note) are for the view, not the model.
        not_model = {name for name in attrs if name not in {f.name for f in model._meta.get_fields()}}
        many_to_many |= not_model
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(instance, name, value)
        exclude = [name for name in self.auto_filled_fields if not getattr(instance, name)]
        try:
            instance.full_clean(exclude=exclude)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        # clean() may normalise values (a source's URL): keep what the model settled on.
        for name in attrs:
            if name not in many_to_many:
                attrs[name] = getattr(instance, name)
        return attrs


CORRECTION_NOTE_HELP = (
    "Required, with claims.publish_verdict, when the change alters what readers see of a published verdict "
    "(claim text, summary or claimant; verdict rating, conclusion or explanation): saved as a public correction."
)


class ClaimWriteSerializer(ModelCleanSerializer):
    auto_filled_fields = ("slug",)
    correction_note = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=4000, help_text=CORRECTION_NOTE_HELP
    )
    claimant = serializers.PrimaryKeyRelatedField(queryset=Claimant.objects.all())
    topics = serializers.SlugRelatedField(slug_field="slug", queryset=Topic.objects.all(), many=True, required=False)

    class Meta:
        model = Claim
        fields = [
            "id", "text", "summary", "slug", "claimant", "stated_on", "appeared_in", "language", "topics",
            "correction_note",
        ]  # fmt: skip
        extra_kwargs = {"slug": {"required": False, "validators": []}}


class SourceWriteSerializer(LinkStateMixin, ModelCleanSerializer):
    class Meta:
        model = Source
        fields = [
            "id", "url", "title", "publisher", "published_on", "kind", "notes",
            "link_status", "last_checked", "archive_url", "archived_at",
        ]  # fmt: skip
        # The model's conditional unique constraint (checked by full_clean on the normalised URL) decides.
        extra_kwargs = {
            "url": {"validators": []},
            # The model titles an untitled source by its URL, and then by its page's title (claims.services.pagemeta).
            "title": {
                "required": False,
                "allow_blank": True,
                "help_text": "Optional with a url: the source is titled by its URL until its page's own title is "
                "read in the background (with its publisher and date, where those are empty).",
            },
        }


class ClaimSourceWriteSerializer(ModelCleanSerializer):
    class Meta:
        model = ClaimSource
        fields = ["id", "claim", "source", "role", "excerpt", "position"]
        validators: list = []  # the model's unique constraint, via full_clean()


class VerdictWriteSerializer(ModelCleanSerializer):
    """A verdict as editors write it. `status` moves only through claims.services (see views.VerdictViewSet)."""

    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    rating = serializers.SlugRelatedField(
        slug_field="slug", queryset=Rating.objects.all(), allow_null=True, required=False
    )
    status = serializers.ChoiceField(
        choices=Verdict.Status.choices,
        required=False,
        help_text="draft, in_review or published. Publishing (and unpublishing) needs `claims.publish_verdict`.",
    )
    correction_note = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=4000, help_text=CORRECTION_NOTE_HELP
    )

    class Meta:
        model = Verdict
        fields = [
            "id", "claim", "rating", "conclusion", "explanation", "status", "published_at", "updated_at",
            "correction_note",
        ]  # fmt: skip
        read_only_fields = ["published_at", "updated_at"]
        validators: list = []

    def validate(self, attrs: dict) -> dict:
        note = attrs.pop("correction_note", None)
        attrs = self._validate_verdict(attrs)
        if note is not None:
            attrs["correction_note"] = note
        return attrs

    def _validate_verdict(self, attrs: dict) -> dict:
        # The status is not an attribute to set: it is a transition the view hands to the services.
        requested_status = attrs.pop("status", None)
        if self.instance is not None and "claim" in attrs and attrs["claim"] != self.instance.claim:
            raise serializers.ValidationError({"claim": ["A verdict cannot move to another claim."]})
        attrs = super().validate(attrs)
        if requested_status is not None:
            attrs["status"] = requested_status
        return attrs


class CorrectionWriteSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="What changed and why.", allow_blank=True)


class ReturnToEditorSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=4000, help_text="Why the verdict goes back: an internal note, shown to the desk only."
    )


class SubmitForReviewSerializer(serializers.Serializer):
    reviewer = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Ask this reviewer (a user id); they see the verdict as “waiting for me”.",
    )
