"""ClaimCheck's data: who said what, the sources that bear on it, and the verdict.

Default managers are unfiltered (the admin and services need every row). What readers may see is defined once,
by `public_verdict_condition()` (a published verdict), which `Claim.objects.public()` applies; every public page,
feed, sitemap and API endpoint starts from it (list pages' ids from `Verdict.objects.published()`, the same rule).
"""

from __future__ import annotations

import contextlib
import uuid
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from unidecode import unidecode

from claims.deskdates import EditorDateField
from claims.languages import LanguageTagField
from claims.linkcheck.models import LINK_STATE_FIELDS, LinkCheck  # noqa: F401 (defined there, registered here)
from claims.linkcheck.outcomes import ArchiveState, LinkHealth, LinkOutcome
from claims.linkcheck.urls import normalize_url
from claims.validators import xml_text_validator

CLAIM_TEXT_MAX_LENGTH = 2000

# BCP-47 language tags as newsrooms use them: "en", "fa", "pt-BR", "zh-Hant", "es-419".
bcp47_validator = RegexValidator(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$",
    _("Enter a BCP-47 language tag such as “en”, “fa” or “pt-BR”."),
)
colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb."))

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ps", "ur", "yi", "ckb", "dv", "sd", "ug"})


def readable_slug(text: str, *, prefix: str, max_length: int = 80) -> str:
    """A slug readers can read: non-Latin text transliterated by unidecode ("ماراتن تهران" → "mrtn-thrn"), never
    empty and never a bare number (which reads as an id): "claim-370" rather than "370"."""
    base = slugify(unidecode(text))[:max_length].strip("-")
    if not base or base.replace("-", "").isdigit():
        base = f"{prefix}-{base}" if base else prefix
    return base[:max_length].strip("-")


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 80) -> str:
    """A slug for `text` that no row of `model` has yet (see readable_slug); a random suffix makes it unique."""
    base = readable_slug(text, prefix=model._meta.model_name, max_length=max_length)
    candidate = base
    while model._default_manager.filter(slug=candidate).exists():
        candidate = f"{base[: max_length - 9]}-{uuid.uuid4().hex[:8]}"
    return candidate


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class ClaimantQuerySet(models.QuerySet):
    def public(self) -> ClaimantQuerySet:
        """Claimants with at least one public claim."""
        return self.filter(Exists(Claim.objects.public().filter(claimant=OuterRef("pk"))))


class Claimant(TimeStamped):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organisation")

    name = models.CharField(_("name"), max_length=200, validators=[xml_text_validator])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(
        _("role or title"),
        max_length=200,
        blank=True,
        validators=[xml_text_validator],
        help_text=_("For example “Sports Minister of Iran”."),
    )
    url = models.URLField(_("website"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True, validators=[xml_text_validator])

    objects = ClaimantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("claimant")
        verbose_name_plural = _("claimants")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Claimant, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("claims:claimant-detail", kwargs={"slug": self.slug})


class TopicQuerySet(models.QuerySet):
    def public(self) -> TopicQuerySet:
        """Topics with at least one public claim: the only ones readers may list, open or find in the sitemap."""
        return self.filter(Exists(Claim.objects.public().filter(topics=OuterRef("pk"))))

    def with_public_claim_count(self) -> TopicQuerySet:
        """Adds `public_claim_count`: how many public claims carry the topic (one subquery, no join fan-out)."""
        return self.annotate(public_claim_count=_public_count(Claim.objects.public().filter(topics=OuterRef("pk"))))


def _public_count(claims: models.QuerySet) -> Coalesce:
    """COUNT(*) of a correlated Claim subquery, 0 when it finds nothing."""
    counted = claims.order_by().values(_group=Value(1)).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[xml_text_validator])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = TopicQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Topic, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("claims:topic-detail", kwargs={"slug": self.slug})


# Newest publication first, ties by claim id, on verdicts: exactly the index verdict_published_newest (status,
# published_at, claim_id), so that the OFFSET of a deep list page walks that index (VerdictQuerySet.newest_claim_ids).
VERDICTS_NEWEST_FIRST = ("-published_at", "-claim_id")
# The same order on claims. The tie is read from the verdict's claim_id, the same number as the claim's pk.
NEWEST_PUBLISHED_FIRST = tuple(f"-verdict__{field.removeprefix('-')}" for field in VERDICTS_NEWEST_FIRST)


def public_verdict_condition(path: str = "") -> Q:
    """THE rule of what readers may see, on a verdict reached through `path`: it is published. Its claim is then
    public (public_claim_condition), and so are the claimant, rating and topics of that claim."""
    return Q(**{f"{path}status": Verdict.Status.PUBLISHED})


def public_claim_condition(path: str = "") -> Q:
    """The rule behind Claim.objects.public(), for a claim reached through `path` (e.g. "to_claim__").

    A join condition rather than `claim__in=Claim.objects.public()`, which makes PostgreSQL read every public claim.
    """
    return public_verdict_condition(f"{path}verdict__")


class ClaimQuerySet(models.QuerySet):
    def public(self) -> ClaimQuerySet:
        """THE definition of what readers may see: claims whose verdict is published. Nothing else is public."""
        return self.filter(public_claim_condition())

    def for_display(self) -> ClaimQuerySet:
        """Everything a verdict page or API item shows, in a constant number of queries."""
        return self.select_related("claimant", "verdict__rating").prefetch_related(
            "topics",
            Prefetch(
                "claim_sources",
                queryset=ClaimSource.objects.select_related("source").order_by("role", "position", "pk"),
            ),
            Prefetch(
                "verdict__corrections",
                queryset=Correction.objects.select_related("previous_rating").order_by("published_at", "pk"),
            ),
        )

    def with_public_relations(self) -> ClaimQuerySet:
        """Prefetch related claims, both directions, limited to public ones (see Claim.public_related_claims)."""
        return self.prefetch_related(
            Prefetch(
                "relations_from",
                queryset=ClaimRelation.objects.filter(public_claim_condition("to_claim__"))
                .select_related("to_claim__claimant", "to_claim__verdict__rating")
                .order_by("pk"),
                to_attr="public_relations_out",
            ),
            Prefetch(
                "relations_to",
                queryset=ClaimRelation.objects.filter(public_claim_condition("from_claim__"))
                .select_related("from_claim__claimant", "from_claim__verdict__rating")
                .order_by("pk"),
                to_attr="public_relations_in",
            ),
        )

    def with_correction_mark(self) -> ClaimQuerySet:
        """Annotate `is_corrected` (the verdict has a public correction) for list cards, in the same query."""
        return self.annotate(is_corrected=Exists(Correction.objects.filter(verdict__claim=OuterRef("pk"))))

    def newest_first(self) -> ClaimQuerySet:
        return self.order_by(*NEWEST_PUBLISHED_FIRST)


class Claim(TimeStamped):
    text = models.TextField(
        _("claim"),
        max_length=CLAIM_TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(CLAIM_TEXT_MAX_LENGTH), xml_text_validator],
        help_text=_("What was said, verbatim where we have it."),
    )
    summary = models.CharField(
        _("short summary"),
        max_length=120,
        blank=True,
        validators=[xml_text_validator],
        help_text=_("About 75 characters, for search engines (ClaimReview). Never include the rating."),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    claimant = models.ForeignKey(Claimant, verbose_name=_("claimant"), on_delete=models.PROTECT, related_name="claims")
    stated_on = EditorDateField(_("stated on"), null=True, blank=True)
    appeared_in = models.CharField(
        _("where it appeared"),
        max_length=300,
        blank=True,
        validators=[xml_text_validator],
        help_text=_("For example “Interview with The Washington Post”. Link the place itself as an appearance source."),
    )
    language = LanguageTagField(
        _("language"),
        max_length=35,
        default="en",
        validators=[bcp47_validator],
        help_text=_("Type the language's name or its BCP-47 tag (en, fa, pt-BR); stored as the canonical tag."),
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="claims")
    sources = models.ManyToManyField("Source", through="ClaimSource", related_name="claims", blank=True)
    # Derived from the claim, its claimant and its verdict by claims.search.refresh_search_documents (PostgreSQL
    # only; NULL on SQLite). Stored so that ranking thousands of matches costs no text parsing at query time.
    search_document = SearchVectorField(null=True, blank=True, editable=False)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[topics], excluded_fields=["search_document"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), CLAIM_TEXT_MAX_LENGTH), name="claim_text_max_length"
            ),
        ]
        indexes = [models.Index(fields=["claimant", "stated_on"]), models.Index(fields=["language"])]

    def __str__(self) -> str:
        return self.summary or (self.text if len(self.text) <= 80 else self.text[:79] + "…")

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Claim, self.summary or self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("claims:claim-detail", kwargs={"slug": self.slug})

    @property
    def text_direction(self) -> str:
        return "rtl" if self.language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"

    @property
    def short_text(self) -> str:
        """What ClaimReview.claimReviewed carries: the summary, or the text itself."""
        return self.summary or self.text

    def public_related_claims(self) -> list[RelatedClaim]:
        """Public claims related to this one, in both directions. Needs ClaimQuerySet.with_public_relations()."""
        outgoing = [RelatedClaim(r.relation, True, r.to_claim) for r in self.public_relations_out]
        incoming = [RelatedClaim(r.relation, False, r.from_claim) for r in self.public_relations_in]
        return outgoing + incoming


class RelatedClaim(NamedTuple):
    relation: str  # ClaimRelation.Relation value
    outgoing: bool  # True: this claim contradicts/supports/repeats `claim`; False: `claim` does so to this one
    claim: Claim


class ClaimRelation(models.Model):
    """One claim contradicts, supports or repeats another. Shown from both sides."""

    class Relation(models.TextChoices):
        CONTRADICTS = "contradicts", _("contradicts")
        SUPPORTS = "supports", _("supports")
        REPEATS = "repeats", _("repeats")

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_from")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_to")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("related claim")
        verbose_name_plural = _("related claims")
        constraints = [
            models.UniqueConstraint(fields=["from_claim", "to_claim"], name="claim_relation_unique_pair"),
            models.CheckConstraint(condition=~Q(from_claim=models.F("to_claim")), name="claim_relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim} {self.get_relation_display()} {self.to_claim}"


def cited_by_public_claim() -> Exists:
    """For a Source query: is this source cited by at least one public claim?"""
    return Exists(ClaimSource.objects.filter(public_claim_condition("claim__"), source=OuterRef("pk")))


class SourceQuerySet(models.QuerySet):
    def public(self) -> SourceQuerySet:
        """Sources cited by at least one public claim."""
        return self.filter(cited_by_public_claim())

    def with_url(self) -> SourceQuerySet:
        return self.exclude(url="")

    def with_same_url(self, url: str) -> SourceQuerySet:
        """Sources whose stored (normalised) URL is `url` normalised; nothing for an empty or invalid URL."""
        try:
            normalised = normalize_url(url) if url.strip() else ""
        except ValueError:
            normalised = ""
        return self.filter(url=normalised) if normalised else self.none()


class Source(TimeStamped):
    class Kind(models.TextChoices):
        NEWS_REPORT = "news_report", _("News report")
        OFFICIAL_STATEMENT = "official_statement", _("Official statement")
        SOCIAL_POST = "social_post", _("Social media post")
        PRIMARY_DOCUMENT = "primary_document", _("Primary document")
        INTERVIEW = "interview", _("Interview")
        DATASET = "dataset", _("Data set")
        OTHER = "other", _("Other")

    url = models.URLField(
        _("URL"),
        max_length=2000,
        blank=True,
        default="",
        help_text=_("Leave empty for an interview, a letter or a document with no address."),
    )
    title = models.CharField(_("title"), max_length=300, validators=[xml_text_validator])
    publisher = models.CharField(_("publisher"), max_length=200, blank=True, validators=[xml_text_validator])
    published_on = EditorDateField(_("published on"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    notes = models.TextField(_("notes for editors"), blank=True, validators=[xml_text_validator])

    # Archived copy ("robust link": original URL, archived URL and the date of the snapshot together).
    archive_url = models.URLField(_("archived copy"), max_length=2500, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    # The archive service's side, written only by the link services: refusals fail loudly here, with their code.
    archive_state = models.CharField(
        _("archive state"), max_length=20, choices=ArchiveState.choices, default=ArchiveState.NONE, blank=True
    )
    archive_error = models.CharField(_("archive answer"), max_length=300, blank=True)
    archive_retry_at = models.DateTimeField(_("archive retry after"), null=True, blank=True)

    # Current link state, written only by services.source_record_check (with queryset.update, so that link
    # checks do not flood the editorial history). LinkCheck keeps every check.
    link_health = models.CharField(
        _("link health"), max_length=20, choices=LinkHealth.choices, default=LinkHealth.UNCHECKED, db_index=True
    )
    last_outcome = models.CharField(_("last check outcome"), max_length=32, choices=LinkOutcome.choices, blank=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, db_index=True)
    next_check_at = models.DateTimeField(_("next check due"), null=True, blank=True, db_index=True)
    first_failure_at = models.DateTimeField(_("failing since"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    final_url = models.URLField(_("final URL"), max_length=2000, blank=True)
    content_fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    # Fingerprint when the citing verdict was published; a later difference flags the source for editors.
    published_fingerprint = models.CharField(max_length=64, blank=True)
    content_changed_at = models.DateTimeField(_("content changed at"), null=True, blank=True)

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=LINK_STATE_FIELDS)

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            # Unique when present: many sources (interviews, letters) have no URL at all.
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_url_unique_when_present"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Normalise on every path (admin, API, shell) so that the unique constraint sees one spelling.
        self.url = normalize_url(self.url) if self.url else ""
        self._title_by_url_when_untitled()
        if not self._state.adding and kwargs.get("update_fields") is None:
            # An editor's save never writes the link checker's fields: a check recorded between loading this row
            # and saving it would otherwise be overwritten with what the form loaded.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in LINK_STATE_FIELDS
            ]
        super().save(*args, **kwargs)

    def _title_by_url_when_untitled(self) -> None:
        # An untitled source with a URL is titled by it (the placeholder its page's title may replace).
        if not self.title.strip() and self.url:
            self.title = self.placeholder_title(self.url)

    def clean_fields(self, exclude=None) -> None:
        self._title_by_url_when_untitled()  # before "this field cannot be blank" is judged
        super().clean_fields(exclude)

    def clean(self) -> None:
        super().clean()
        if self.url:
            try:
                self.url = normalize_url(self.url)
            except ValueError as exc:
                raise ValidationError({"url": str(exc)}) from exc
            # The unique constraint compares normalised URLs; say which source already has this one.
            existing = Source.objects.with_same_url(self.url).exclude(pk=self.pk).first()
            if existing is not None:
                raise ValidationError(
                    {
                        "url": ValidationError(
                            _("Source #%(pk)s “%(title)s” already has this URL: cite that source instead."),
                            code="duplicate_url",
                            params={"pk": existing.pk, "title": existing.title},
                        )
                    }
                )

    @staticmethod
    def placeholder_title(url: str) -> str:
        """The title a source has until someone (or its page, claims.services.pagemeta) gives it one: its URL, in
        the spelling stored (normalised) when it is a valid one."""
        with contextlib.suppress(ValueError):  # not a URL that can be stored: shown as typed
            url = normalize_url(url)
        return url[: Source._meta.get_field("title").max_length]

    @property
    def has_placeholder_title(self) -> bool:
        """True while the title is empty or still the URL, however spelt: the page's own title may replace it.

        An editor's title is anything else; nothing automatic ever overwrites it.
        """
        title = self.title.strip()
        if not title:
            return True
        if not self.url:
            return False
        if title == self.placeholder_title(self.url):
            return True
        if not title.lower().startswith(("http://", "https://")):
            return False
        try:
            return normalize_url(title) == normalize_url(self.url)
        except ValueError:
            return False

    @property
    def content_changed(self) -> bool:
        return self.content_changed_at is not None

    @property
    def is_dead(self) -> bool:
        return self.link_health == LinkHealth.DEAD


class ClaimSource(models.Model):
    """A claim cites a source in a role, with an optional quoted excerpt."""

    class Role(models.TextChoices):
        APPEARANCE = "appearance", _("Where the claim appeared")
        SUPPORTS = "supports", _("Supports")
        REFUTES = "refutes", _("Refutes")
        CONTEXT = "context", _("Context")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="claim_sources")
    # PROTECT: a cited source cannot be deleted from under a claim.
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    excerpt = models.TextField(_("quoted excerpt"), blank=True, validators=[xml_text_validator])
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "position", "pk"]
        verbose_name = _("cited source")
        verbose_name_plural = _("cited sources")
        constraints = [
            models.UniqueConstraint(fields=["claim", "source", "role"], name="claim_source_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_role_display()})"


class RatingQuerySet(models.QuerySet):
    def scale_bounds(self) -> tuple[int | None, int | None]:
        """(worst, best) numeric values of the scale, for ClaimReview's worstRating/bestRating."""
        bounds = self.exclude(value=None).aggregate(worst=models.Min("value"), best=models.Max("value"))
        return bounds["worst"], bounds["best"]

    def public(self) -> RatingQuerySet:
        """Ratings given to at least one public claim (the sitemap lists only these)."""
        return self.filter(Exists(Claim.objects.public().filter(verdict__rating=OuterRef("pk"))))

    def with_public_claim_count(self, *, claims: ClaimQuerySet | None = None) -> RatingQuerySet:
        """Adds `public_claim_count`: how many public claims carry the rating (one subquery per row, no fan-out).

        `claims` narrows what is counted (one claimant's, the last year's); it is intersected with the public set.
        """
        counted = Claim.objects.public() if claims is None else claims.public()
        return self.annotate(public_claim_count=_public_count(counted.filter(verdict__rating=OuterRef("pk"))))


class RatingManager(models.Manager.from_queryset(RatingQuerySet)):
    def get_by_natural_key(self, slug: str) -> Rating:
        return self.get(slug=slug)


class Rating(models.Model):
    """One step of the newsroom's published verdict scale. Seeded by a migration; editable in the admin."""

    label = models.CharField(_("label"), max_length=60, unique=True, validators=[xml_text_validator])
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    value = models.SmallIntegerField(
        _("numeric value"),
        null=True,
        blank=True,
        help_text=_("schema.org ratingValue; leave empty for a rating outside the scale, such as “Unproven”."),
    )
    description = models.CharField(_("description"), max_length=300, blank=True, validators=[xml_text_validator])
    colour = models.CharField(
        _("badge colour"),
        max_length=7,
        default="#475467",
        validators=[colour_validator],
        help_text=_("Shown behind white text: pick a dark colour (contrast 4.5:1 or more)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The label and description in the newsroom's other languages: {"fa": {"label": "…", "description": "…"}}.
    # `label`/`description` above are in LANGUAGE_CODE. A JSON field rather than a translations table or
    # django-modeltranslation: it loads with the rating (no extra query on any page), keeps its history with
    # the rating's, and a language added to LANGUAGES needs no migration. Edited in the admin (RatingAdminForm).
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    objects = RatingManager()
    # A changed label or value changes what every verdict with this rating tells readers: keep every version.
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return self.label_in()

    def get_absolute_url(self) -> str:
        return reverse("claims:rating-detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def _translated(self, field: str, language: str | None) -> str:
        language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        translation = (self.translations or {}).get(language) or {}
        return translation.get(field) or getattr(self, field)

    def label_in(self, language: str | None = None) -> str:
        """The label in `language` (a code such as "fa"; the active language when None); the LANGUAGE_CODE label
        where that language has none."""
        return self._translated("label", language)

    def description_in(self, language: str | None = None) -> str:
        """The description in `language`, as label_in()."""
        return self._translated("description", language)


class VerdictQuerySet(models.QuerySet):
    def published(self) -> VerdictQuerySet:
        """Published verdicts: those of public claims (public_verdict_condition)."""
        return self.filter(public_verdict_condition())

    def newest_claim_ids(self) -> models.QuerySet:
        """The ids of these verdicts' claims, newest publication first (VERDICTS_NEWEST_FIRST): on published()
        verdicts an index-only walk of verdict_published_newest that never reads the claims table, so that a list
        page's OFFSET costs index entries, not rows (claims.views.KeysFirstPaginator)."""
        return self.order_by(*VERDICTS_NEWEST_FIRST).values_list("claim_id", flat=True)


class Verdict(models.Model):
    """The fact check of one claim. Moves draft → in review → published through claims.services only."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    # PROTECT: a claim cannot be deleted while it has a verdict (delete or unpublish the verdict first).
    claim = models.OneToOneField(Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="verdict")
    rating = models.ForeignKey(
        Rating, verbose_name=_("rating"), on_delete=models.PROTECT, null=True, blank=True, related_name="verdicts"
    )
    conclusion = models.CharField(
        _("conclusion"), max_length=280, blank=True, validators=[xml_text_validator], help_text=_("One line.")
    )
    explanation = models.TextField(
        _("explanation"), blank=True, validators=[xml_text_validator], help_text=_("Markdown. Cite the sources.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_verdicts",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_verdicts",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VerdictQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        permissions = [("publish_verdict", "Can publish and unpublish verdicts")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published")
                | (Q(rating__isnull=False) & Q(published_at__isnull=False) & ~Q(conclusion="")),
                name="verdict_published_has_rating_date_conclusion",
                violation_error_message=_("A published verdict needs a rating, a conclusion and a publication date."),
            ),
        ]
        indexes = [
            # Serves Claim.objects.public().newest_first() in index order (NEWEST_PUBLISHED_FIRST).
            models.Index(fields=["status", "-published_at", "-claim"], name="verdict_published_newest"),
            models.Index(fields=["status", "-updated_at"], name="verdict_status_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.claim}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CorrectionQuerySet(models.QuerySet):
    def public(self) -> CorrectionQuerySet:
        """Corrections readers see: those of published verdicts, newest first."""
        return self.filter(public_verdict_condition("verdict__")).order_by("-published_at", "-pk")


class Correction(models.Model):
    """A dated, public note on a published verdict: what changed and why."""

    verdict = models.ForeignKey(
        Verdict, verbose_name=_("verdict"), on_delete=models.CASCADE, related_name="corrections"
    )
    note = models.TextField(_("what changed and why"), validators=[xml_text_validator])
    published_at = models.DateTimeField(_("date"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when the correction re-rated the verdict: readers see "Rating changed from X to Y".
    previous_rating = models.ForeignKey(
        Rating,
        verbose_name=_("rating before"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CorrectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [models.CheckConstraint(condition=~Q(note=""), name="correction_note_not_empty")]

    def __str__(self) -> str:
        return f"{self.published_at:%Y-%m-%d}: {self.note[:60]}"


class InternalNote(models.Model):
    """A note on a claim for the desk only: never shown on a public page, feed, export or anonymous API answer.

    `kind` says why it was written: a plain note, or the reason a reviewer returned the verdict to its editor.
    """

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        RETURNED = "returned", _("Returned to editor")

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="internal_notes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTE)
    body = models.TextField(_("note"), validators=[MaxLengthValidator(4000)])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="internal_note_not_empty")]

    def __str__(self) -> str:
        return self.body[:60]


class ReviewRequest(models.Model):
    """A verdict sent to review, optionally to one reviewer; closed when it is published or returned."""

    verdict = models.ForeignKey(
        Verdict, verbose_name=_("verdict"), on_delete=models.CASCADE, related_name="review_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_requests",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        indexes = [models.Index(fields=["reviewer", "closed_at", "created_at"], name="reviewrequest_waiting")]

    def __str__(self) -> str:
        return f"{self.verdict_id} → {self.reviewer_id or '-'}"


class NewsroomProfile(models.Model):
    """How a staff member is named to readers in a verdict's byline. Never the login name.

    Without a profile, without a public name, or with `credit_desk` set, readers see the desk's name
    (settings.DESK_NAME): a newsroom decides per person whether to name them, e.g. for their safety.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="newsroom_profile"
    )
    public_name = models.CharField(
        _("name shown to readers"), max_length=120, blank=True, help_text=_("As it appears in bylines.")
    )
    credit_desk = models.BooleanField(
        _("credit the desk instead"),
        default=False,
        help_text=_("Show the desk’s name in bylines rather than this person’s name."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("newsroom profile")
        verbose_name_plural = _("newsroom profiles")

    def __str__(self) -> str:
        return self.public_name or str(self.user)


class InfoPage(TimeStamped):
    """A page of the newsroom's own text for readers (methodology, corrections policy, about and funding).

    Markdown, edited in the admin, rendered through claims.rendering.render_markdown (sanitised). The pages the
    footer links to are seeded by a data migration; their slugs are fixed in claims.views.FOOTER_PAGES so that
    no page of the site spends a query on its footer.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("claims:info-page", kwargs={"slug": self.slug})
