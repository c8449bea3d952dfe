"""POST /api/v1/claims/match/: which stored claims a text possibly repeats (registered in claims/api/urls.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.schema import WRITE_ERRORS, with_errors
from claims.matching import matcher
from claims.models import CLAIM_TEXT_MAX_LENGTH, Claim, bcp47_validator

MATCH_TEXT_MAX_LENGTH = CLAIM_TEXT_MAX_LENGTH  # the longest claim we store is the longest text worth matching


class MayMatch(BasePermission):
    """Editors' tokens: matching costs an embedding per request, so it is not open to anonymous readers."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.has_perm("claims.view_claim"))


def may_see_drafts(user) -> bool:
    """Whoever may edit claims sees drafts in the admin; the matcher shows them drafts too."""
    return user.has_perm("claims.change_claim")


class MatchRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MATCH_TEXT_MAX_LENGTH, allow_blank=False, trim_whitespace=True)
    language = serializers.CharField(
        max_length=35,
        required=False,
        validators=[bcp47_validator],
        help_text="BCP-47 tag of the text; optional (the matcher works across languages and does not need it).",
    )


class MatchResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    text = serializers.CharField()
    language = serializers.CharField()
    rating = serializers.CharField(allow_null=True, help_text="The verdict's rating label, null without one.")
    score = serializers.FloatField(help_text="0–1.")
    tier = serializers.ChoiceField(choices=["same", "suggest"])


class MatchResponseSerializer(serializers.Serializer):
    results = MatchResultSerializer(many=True)


class ClaimMatchView(APIView):
    permission_classes = [MayMatch]

    @extend_schema(
        summary="Claims this text possibly repeats, best first (at most 10; editors' token)",
        request=MatchRequestSerializer,
        responses=with_errors({200: MatchResponseSerializer}, WRITE_ERRORS),
    )
    def post(self, request, *args, **kwargs) -> Response:
        query = MatchRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        found = matcher.find_matches(text=query.validated_data["text"], include_drafts=may_see_drafts(request.user))
        claims = Claim.objects.select_related("verdict__rating").in_bulk([m.claim_id for m in found])
        results = []
        for match in found:
            claim = claims.get(match.claim_id)
            if claim is None:  # deleted since it was indexed
                continue
            verdict = getattr(claim, "verdict", None)
            results.append(
                {
                    "id": claim.pk,
                    "slug": claim.slug,
                    "text": claim.text,
                    "language": claim.language,
                    "rating": verdict.rating.label if verdict is not None and verdict.rating else None,
                    "score": round(match.score, 3),
                    "tier": match.tier,
                }
            )
        return Response(MatchResponseSerializer({"results": results}).data)
