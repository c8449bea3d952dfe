"""API views: thin. Reads start from the public querysets; writes go through full_clean() and claims.services."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpResponsePermanentRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import (
    action,
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.permissions import SAFE_METHODS, AllowAny, DjangoModelPermissions
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import services
from claims.api.export import export_lines, json_line
from claims.api.filters import ClaimFilter, StrictOrderingFilter
from claims.api.language import RequestedLanguageMixin
from claims.api.pagination import ApiCursorPagination
from claims.api.parameters import StrictParametersMixin
from claims.api.permissions import CorrectionPermission
from claims.api.queries import public_claims
from claims.api.schema import WRITE_ERRORS, with_errors
from claims.api.serializers import (
    ClaimantSerializer,
    ClaimSerializer,
    ClaimSourceWriteSerializer,
    ClaimWriteSerializer,
    CorrectionSerializer,
    CorrectionWriteSerializer,
    RatingSerializer,
    ReturnToEditorSerializer,
    SourceSerializer,
    SourceWriteSerializer,
    SubmitForReviewSerializer,
    VerdictWriteSerializer,
)
from claims.claimreview import build_claim_review
from claims.models import Claim, Claimant, ClaimSource, Rating, Source, Verdict
from claims.pagecache import cache_rendered_api_response, cached_api_data


def changed_fields(stored, validated_data: dict) -> list[str]:
    """Names of the fields whose new value differs from the stored row (related objects compared by key)."""

    def key(value):
        return value.pk if hasattr(value, "pk") else value

    return [
        name
        for name, value in validated_data.items()
        if not isinstance(value, list) and key(getattr(stored, name, None)) != key(value)
    ]


# Ids are bigints: a longer number cannot exist, and routing refuses it (404) before the database sees it.
ID_PATTERN = r"[0-9]{1,18}"
# Claim slugs: slugify()'s ASCII output, at most the field's 100 characters.
SLUG_PATTERN = r"[-a-zA-Z0-9_]{1,100}"


class CachedPublicReadMixin:
    """List and detail answers for anonymous readers come from the page cache (claims/pagecache.py)."""

    def list(self, request, *args, **kwargs):
        return cached_api_data(request, lambda: super(CachedPublicReadMixin, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return cached_api_data(request, lambda: super(CachedPublicReadMixin, self).retrieve(request, *args, **kwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return cache_rendered_api_response(request, response)


class PublicReadWriteViewSet(
    StrictParametersMixin,
    CachedPublicReadMixin,
    RequestedLanguageMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """GET sees only the public queryset (a draft's id is a 404 for everyone); writes need model permissions
    and see every row, so that editors can update drafts."""

    lookup_value_regex = ID_PATTERN
    pagination_class = ApiCursorPagination
    read_serializer_class: type
    write_serializer_class: type

    def public_queryset(self):
        raise NotImplementedError

    def write_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.public_queryset() if self.request.method in SAFE_METHODS else self.write_queryset()

    def get_serializer_class(self):
        return self.read_serializer_class if self.request.method in SAFE_METHODS else self.write_serializer_class

    def filter_queryset(self, queryset):
        # Filters and ordering are list parameters; a detail or a write ignores them.
        return super().filter_queryset(queryset) if self.action == "list" else queryset


def _read_schema(name: str, read) -> dict:
    return {
        "list": extend_schema(summary=f"List published {name}s", responses=with_errors({200: read(many=True)})),
        "retrieve": extend_schema(summary=f"One published {name}", responses=with_errors({200: read})),
    }


def _crud_schema(name: str, read, write):
    return extend_schema_view(
        **_read_schema(name, read),
        create=extend_schema(
            summary=f"Create a {name} (token with add permission)",
            request=write,
            responses=with_errors({201: write}, WRITE_ERRORS),
        ),
        update=extend_schema(
            summary=f"Replace a {name} (token with change permission)",
            request=write,
            responses=with_errors({200: write}, WRITE_ERRORS),
        ),
        partial_update=extend_schema(
            summary=f"Update some fields of a {name} (token with change permission)",
            request=write,
            responses=with_errors({200: write}, WRITE_ERRORS),
        ),
    )


@_crud_schema("claim", ClaimSerializer, ClaimWriteSerializer)
class ClaimViewSet(PublicReadWriteViewSet):
    read_serializer_class = ClaimSerializer
    write_serializer_class = ClaimWriteSerializer
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    filterset_class = ClaimFilter
    ordering_fields = ["published", "updated"]
    ordering = ["-published"]

    def public_queryset(self):
        return public_claims()

    def write_queryset(self):
        return Claim.objects.all()

    @transaction.atomic
    def perform_update(self, serializer) -> None:
        stored = Claim.objects.get(pk=serializer.instance.pk)
        note = serializer.validated_data.pop("correction_note", "")
        services.published_edit_apply(
            verdict=services.published_verdict_of(claim_id=stored.pk),
            changed_fields=changed_fields(stored, serializer.validated_data),
            user=self.request.user,
            correction_note=note,
            save=serializer.save,
        )

    def perform_create(self, serializer) -> None:
        serializer.validated_data.pop("correction_note", None)
        serializer.save()

    @extend_schema(
        summary="The schema.org ClaimReview of a published claim (the same object its page embeds)",
        responses=with_errors({200: OpenApiTypes.OBJECT}),
    )
    @action(detail=True, methods=["get"], url_path="claimreview")
    def claimreview(self, request, pk=None) -> Response:
        claim = self.get_object()
        return Response(build_claim_review(claim, scale_bounds=Rating.objects.scale_bounds()))

    @extend_schema(
        summary="One published claim, by its slug (the last part of its page's address)",
        responses=with_errors({200: ClaimSerializer}),
    )
    @action(detail=False, methods=["get"], url_path=f"by-slug/(?P<slug>{SLUG_PATTERN})")
    def by_slug(self, request, slug: str) -> Response:
        claim = get_object_or_404(self.get_queryset(), slug=slug)
        return Response(self.get_serializer(claim).data)


@extend_schema_view(**_read_schema("claimant", ClaimantSerializer))
class ClaimantViewSet(
    StrictParametersMixin,
    CachedPublicReadMixin,
    RequestedLanguageMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ClaimantSerializer
    lookup_value_regex = ID_PATTERN
    pagination_class = ApiCursorPagination
    cursor_ordering = "id"

    def get_queryset(self):
        return Claimant.objects.public()


@_crud_schema("source", SourceSerializer, SourceWriteSerializer)
class SourceViewSet(PublicReadWriteViewSet):
    """Sources cited by published claims, with the link checker's view of each (link_status, archive_url)."""

    read_serializer_class = SourceSerializer
    write_serializer_class = SourceWriteSerializer
    cursor_ordering = "id"

    def public_queryset(self):
        return Source.objects.public()

    def write_queryset(self):
        return Source.objects.all()


@extend_schema_view(
    get=extend_schema(
        summary="The rating scale, in its order", responses=with_errors({200: RatingSerializer(many=True)})
    )
)
class RatingListView(StrictParametersMixin, RequestedLanguageMixin, ListAPIView):
    queryset = Rating.objects.all()
    serializer_class = RatingSerializer
    pagination_class = None
    filter_backends: list = []


@extend_schema_view(
    create=extend_schema(
        summary="Create a verdict for a claim (editors: draft or in_review; publishing needs claims.publish_verdict)",
        responses=with_errors({201: VerdictWriteSerializer}, WRITE_ERRORS),
    ),
    update=extend_schema(
        summary="Replace a verdict; a status change goes through the publication workflow",
        responses=with_errors({200: VerdictWriteSerializer}, WRITE_ERRORS),
    ),
    partial_update=extend_schema(
        summary="Update some fields of a verdict; a status change goes through the publication workflow",
        responses=with_errors({200: VerdictWriteSerializer}, WRITE_ERRORS),
    ),
)
class VerdictViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Verdicts for the newsroom's tools. Readers see verdicts inside claims; there is no public verdict list."""

    queryset = Verdict.objects.select_related("claim", "rating")
    serializer_class = VerdictWriteSerializer
    permission_classes = [DjangoModelPermissions]
    lookup_value_regex = ID_PATTERN

    def _move(self, verdict: Verdict, status: str | None) -> Verdict:
        """Hand a requested status to the one workflow in claims.services (its table says which move it is)."""
        if status is None or status == verdict.status:
            return verdict
        transition = services.step_to(current=verdict.status, target=status)
        return services.verdict_take_step(verdict=verdict, step=transition.step, user=self.request.user)

    @transaction.atomic
    def perform_create(self, serializer) -> None:
        serializer.validated_data.pop("correction_note", None)
        status = serializer.validated_data.pop("status", None)
        verdict = serializer.save(author=self.request.user)
        serializer.instance = self._move(verdict, status)

    @transaction.atomic
    def perform_update(self, serializer) -> None:
        user = self.request.user
        stored = Verdict.objects.get(pk=serializer.instance.pk)
        services.verdict_require_editable(verdict=stored, user=user)
        note = serializer.validated_data.pop("correction_note", "")
        status = serializer.validated_data.pop("status", None)
        verdict = services.published_edit_apply(
            verdict=stored,
            changed_fields=changed_fields(stored, serializer.validated_data),
            user=user,
            correction_note=note,
            save=serializer.save,
        )
        serializer.instance = self._move(verdict, status)

    def _transition(self, service) -> Response:
        verdict = service(verdict=self.get_object(), user=self.request.user)
        return Response(VerdictWriteSerializer(verdict, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Publish a verdict (needs claims.publish_verdict)",
        request=None,
        responses=with_errors({200: VerdictWriteSerializer}, WRITE_ERRORS),
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None) -> Response:
        return self._transition(services.verdict_publish)

    @extend_schema(
        summary="Send a draft verdict to review, optionally to one reviewer (needs a rating and a conclusion)",
        request=SubmitForReviewSerializer,
        responses=with_errors({200: VerdictWriteSerializer}, WRITE_ERRORS),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None) -> Response:
        body = SubmitForReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        verdict = services.verdict_submit_for_review(
            verdict=self.get_object(), user=request.user, reviewer=body.validated_data.get("reviewer")
        )
        return Response(VerdictWriteSerializer(verdict, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Return a verdict in review to its editor, with a reason (needs claims.publish_verdict)",
        request=ReturnToEditorSerializer,
        responses=with_errors({200: VerdictWriteSerializer}, WRITE_ERRORS),
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_editor(self, request, pk=None) -> Response:
        body = ReturnToEditorSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        verdict = services.verdict_return_to_editor(
            verdict=self.get_object(), user=request.user, reason=body.validated_data["reason"]
        )
        return Response(VerdictWriteSerializer(verdict, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Unpublish a verdict (needs claims.publish_verdict)",
        request=None,
        responses=with_errors({200: VerdictWriteSerializer}, WRITE_ERRORS),
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None) -> Response:
        return self._transition(services.verdict_unpublish)

    @extend_schema(
        summary="Add a public correction to a published verdict (needs claims.add_correction)",
        request=CorrectionWriteSerializer,
        responses=with_errors({201: CorrectionSerializer}, WRITE_ERRORS),
    )
    @action(detail=True, methods=["post"], permission_classes=[CorrectionPermission])
    def corrections(self, request, pk=None) -> Response:
        body = CorrectionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        correction = services.correction_add(
            verdict=self.get_object(), note=body.validated_data["note"], user=request.user
        )
        return Response(CorrectionSerializer(correction).data, status=201)


@extend_schema_view(
    create=extend_schema(
        summary="Cite a source on a claim", responses=with_errors({201: ClaimSourceWriteSerializer}, WRITE_ERRORS)
    ),
    update=extend_schema(
        summary="Change a citation", responses=with_errors({200: ClaimSourceWriteSerializer}, WRITE_ERRORS)
    ),
    partial_update=extend_schema(
        summary="Change some fields of a citation",
        responses=with_errors({200: ClaimSourceWriteSerializer}, WRITE_ERRORS),
    ),
    destroy=extend_schema(summary="Remove a citation", responses=with_errors({204: None}, WRITE_ERRORS)),
)
class ClaimSourceViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Which sources a claim cites, in which role: editors' tools only (readers see them inside claims)."""

    queryset = ClaimSource.objects.all()
    serializer_class = ClaimSourceWriteSerializer
    permission_classes = [DjangoModelPermissions]
    lookup_value_regex = ID_PATTERN

    # A published claim's citations are part of its page: the workflow decides who may change them.
    @transaction.atomic
    def perform_create(self, serializer) -> None:
        claim = serializer.validated_data["claim"]
        verdict = services.citation_edit_check(claim_id=claim.pk, user=self.request.user)
        serializer.save()
        services.citation_edit_record(verdict=verdict, user=self.request.user)

    @transaction.atomic
    def perform_update(self, serializer) -> None:
        claim_ids = {serializer.instance.claim_id, serializer.validated_data.get("claim", serializer.instance.claim).pk}
        verdicts = [services.citation_edit_check(claim_id=pk, user=self.request.user) for pk in sorted(claim_ids)]
        serializer.save()
        for verdict in verdicts:
            services.citation_edit_record(verdict=verdict, user=self.request.user)

    @transaction.atomic
    def perform_destroy(self, instance: ClaimSource) -> None:
        verdict = services.citation_edit_check(claim_id=instance.claim_id, user=self.request.user)
        instance.delete()
        services.citation_edit_record(verdict=verdict, user=self.request.user)


class JSONLinesRenderer(BaseRenderer):
    media_type = "application/jsonl"
    format = "jsonl"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        # Only error bodies reach a renderer: the export itself streams.
        return json_line(data).encode()


class ClaimExportView(StrictParametersMixin, APIView):
    """Every published claim, one JSON object (the claim representation) per line, streamed in constant memory.

    It takes no query parameters: `?format=json` is a 400 (page through /api/v1/claims/ for JSON). JSONRenderer
    stays first so that error bodies are JSON, JSONLinesRenderer so that `Accept: application/jsonl` is served.
    """

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, JSONLinesRenderer]

    @extend_schema(
        summary="Export every published claim as JSON Lines",
        description="One claim per line, in the representation of /api/v1/claims/{id}/, oldest id first. "
        "Streamed: start reading before the download ends. A file download (`format: binary`): read it line by "
        "line (every line separator inside a string is escaped, so `splitlines()` and `iter_lines()` are safe) "
        "and parse each line as JSON. Takes no query parameters.",
        parameters=[OpenApiParameter("format", exclude=True)],
        responses=with_errors(
            {
                (200, "application/jsonl"): OpenApiResponse(
                    OpenApiTypes.BINARY, description="JSON Lines: one claim object per line."
                )
            },
            (400, 401, 403, 404, 429),
        ),
    )
    def get(self, request) -> StreamingHttpResponse:
        response = StreamingHttpResponse(export_lines(), content_type="application/jsonl; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="claims.jsonl"'
        return response


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@permission_classes([AllowAny])
@authentication_classes([])
@throttle_classes([])
def api_not_found(request, *args, **kwargs) -> Response | HttpResponsePermanentRedirect:
    """Every path under /api/ that no endpoint serves, whatever characters it holds: a JSON 404.

    A path without its final slash whose slashed form is an endpoint is redirected, as APPEND_SLASH would (the
    catch-all route matches it first, so Django's own redirect no longer happens)."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(f"{request.path_info}/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{request.path}/" + (f"?{query}" if query else ""))
    raise NotFound("No such API endpoint: see /api/docs/.")
