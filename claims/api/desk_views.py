"""API of the reviewer's desk: assign a claim, approve or return a draft verdict.

Same shape as claims.api.views: input serializer -> service -> output serializer; the
services decide who may do what beyond the permission classes.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, selectors_desk, services
from claims.api import serializers, views
from claims.api.parsers import JSONParser
from claims.api.permissions import CanAssignClaims, CanRecordVerdict, ReadAccess
from claims.models import Verdict

HISTORY_ANSWERS = {
    200: serializers.VerdictHistorySerializer,
    404: views.ERROR,
    **views.WRITE_ERRORS,
}


@extend_schema(tags=["claims"])
class ClaimAssignApi(APIView):
    """Assign a claim to a reviewer (`{"reviewer": "username"}`) or release it
    (`{"reviewer": null}`). Reviewers take and release their own claims; editors assign any
    claim to any reviewer. Recorded in the claim's history; repeating a request changes
    nothing."""

    permission_classes = [CanAssignClaims]
    parser_classes = [JSONParser]

    @extend_schema(
        request=serializers.AssignInputSerializer,
        responses={200: serializers.ClaimSerializer, 404: views.ERROR, **views.WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = views._get_or_404(selectors.claim_detail, pk=pk)
        data = views.validated_input(serializers.AssignInputSerializer, request)
        username = data["reviewer"]
        reviewer = None
        if username is not None:
            reviewer = selectors_desk.reviewers().filter(username=username).first()
            if reviewer is None:
                raise ValidationError({"reviewer": [f"{username!r} is not a reviewer."]})
        services.claim_assign(claim=claim, by=request.user, reviewer=reviewer)
        claim = selectors.claim_detail(pk=pk)
        return Response(serializers.ClaimSerializer(claim, context={"request": request}).data)


def _verdict_or_404(pk: int) -> Verdict:
    return views._get_or_404(Verdict.objects.select_related("claim", "reviewer").get, pk=pk)


@extend_schema(tags=["claims"])
class VerdictApproveApi(APIView):
    """Approve a draft verdict as its second reviewer (a reviewer, not its author): it becomes
    the claim's published verdict. Answers with the claim's history."""

    permission_classes = [ReadAccess, CanRecordVerdict]
    parser_classes = [JSONParser]

    @extend_schema(
        request=None,
        responses={
            200: serializers.VerdictHistorySerializer,
            404: views.ERROR,
            **views.WRITE_ERRORS,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        verdict = _verdict_or_404(pk)
        services.verdict_approve(verdict=verdict, reviewer=request.user)
        claim = views.claim_with_history(pk=verdict.claim_id)
        return Response(
            serializers.VerdictHistorySerializer(claim, context={"request": request}).data
        )


@extend_schema(tags=["claims"])
class VerdictReturnApi(APIView):
    """Send a draft verdict back to its author with a `note` (a reviewer, not its author);
    nothing is published. Answers with the claim's history."""

    permission_classes = [ReadAccess, CanRecordVerdict]
    parser_classes = [JSONParser]

    @extend_schema(
        request=serializers.ReturnInputSerializer,
        responses={
            200: serializers.VerdictHistorySerializer,
            404: views.ERROR,
            **views.WRITE_ERRORS,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        verdict = _verdict_or_404(pk)
        data = views.validated_input(serializers.ReturnInputSerializer, request)
        services.verdict_return(verdict=verdict, reviewer=request.user, **data)
        claim = views.claim_with_history(pk=verdict.claim_id)
        return Response(
            serializers.VerdictHistorySerializer(claim, context={"request": request}).data
        )


@extend_schema(tags=["claims"])
class ClaimStatementApi(APIView):
    """Set the claim as checked, in clean words (`{"statement": "..."}`, reviewers only);
    used as ClaimReview's `claimReviewed`. Recorded in the claim's history."""

    permission_classes = [ReadAccess, CanRecordVerdict]
    parser_classes = [JSONParser]

    @extend_schema(
        request=serializers.StatementInputSerializer,
        responses={200: serializers.ClaimSerializer, 404: views.ERROR, **views.WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = views._get_or_404(selectors.claim_detail, pk=pk)
        data = views.validated_input(serializers.StatementInputSerializer, request)
        services.claim_statement_set(claim=claim, reviewer=request.user, **data)
        claim = selectors.claim_detail(pk=pk)
        return Response(serializers.ClaimSerializer(claim, context={"request": request}).data)
