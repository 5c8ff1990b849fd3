"""API: reviewers dismiss a claim as not worth checking, or restore it to the queue."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services
from claims.api.permissions import CanDismissClaims, ReadAccess
from claims.api.serializers import DismissalSerializer, ErrorSerializer
from claims.api.views import WRITE_ERRORS, _get_or_404, validated_input
from claims.models import Claim, DismissalReason
from claims.services.dismissals import MAX_NOTE


class DismissInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=DismissalReason.choices)
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=MAX_NOTE)


class RestoreInputSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=MAX_NOTE)


class DismissalStateSerializer(serializers.ModelSerializer):
    """The answer to a dismissal or restore: the claim's state and its dismissal history."""

    claim = serializers.IntegerField(source="id")
    dismissed = serializers.BooleanField()
    dismissals = DismissalSerializer(many=True, source="dismissal_history")

    class Meta:
        model = Claim
        fields = ["claim", "dismissed", "dismissed_reason", "updated_at", "dismissals"]


def _answer(pk: int, code: int) -> Response:
    claim = _get_or_404(selectors.claim_detail, pk=pk)
    claim.dismissal_history = list(selectors.claim_dismissals(claim=claim))
    return Response(DismissalStateSerializer(claim).data, status=code)


_RESPONSES: dict[int, Any] = {404: OpenApiResponse(ErrorSerializer), **WRITE_ERRORS}


@extend_schema(tags=["claims"])
class ClaimDismissApi(APIView):
    """Dismiss a claim as not worth checking (reviewers only): it leaves the queue and the
    dismissal joins its history. Repeating the same dismissal changes nothing."""

    permission_classes = [ReadAccess, CanDismissClaims]
    parser_classes = [JSONParser]

    @extend_schema(
        request=DismissInputSerializer, responses={200: DismissalStateSerializer, **_RESPONSES}
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = _get_or_404(selectors.claim_detail, pk=pk)
        data = validated_input(DismissInputSerializer, request)
        services.claim_dismiss(claim=claim, reviewer=request.user, **data)
        return _answer(pk, status.HTTP_200_OK)


@extend_schema(tags=["claims"])
class ClaimRestoreApi(APIView):
    """Put a dismissed claim back in the queue (reviewers only); a claim in the queue is left
    as it is."""

    permission_classes = [ReadAccess, CanDismissClaims]
    parser_classes = [JSONParser]

    @extend_schema(
        request=RestoreInputSerializer, responses={200: DismissalStateSerializer, **_RESPONSES}
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = _get_or_404(selectors.claim_detail, pk=pk)
        data = validated_input(RestoreInputSerializer, request)
        services.claim_restore(claim=claim, reviewer=request.user, **data)
        return _answer(pk, status.HTTP_200_OK)
