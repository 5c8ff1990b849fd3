"""Speaker corrections in the API: edit, merge, split an alias, re-attribute a quote or claim.

Editors and reviewers only (`CanCorrectSpeakers`); every change is a SpeakerCorrection that
re-extraction and `speakers_dedupe` apply again (claims.services.speaker_corrections). The
detail views extend the read-only ones in claims.api.views with PATCH.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors
from claims.api import views
from claims.api.parsers import JSONParser
from claims.api.permissions import CanCorrectSpeakers, ReadAccess
from claims.api.serializers import SpeakerSerializer
from claims.api.serializers import corrections as io
from claims.models import Quote, Speaker
from claims.services import speaker_corrections as corrections

WRITE_ERRORS = {404: views.ERROR, **views.WRITE_ERRORS}


def _speaker(pk: int) -> Speaker:
    return views._get_or_404(selectors.speaker_detail, pk=pk)


def _speaker_answer(request: Request, pk: int) -> Response:
    speaker = views._get_or_404(selectors.speaker_list().get, pk=pk)
    return Response(SpeakerSerializer(speaker, context={"request": request}).data)


@extend_schema(tags=["speakers"])
class SpeakerDetailApi(views.SpeakerDetailApi):
    """One speaker; PATCH sets name, title or organisation by hand (kept by re-extraction)."""

    permission_classes = [ReadAccess, CanCorrectSpeakers]
    parser_classes = [JSONParser]

    @extend_schema(
        request=io.SpeakerEditInputSerializer, responses={200: SpeakerSerializer, **WRITE_ERRORS}
    )
    def patch(self, request: Request, pk: int) -> Response:
        speaker = _speaker(pk)
        data = views.validated_input(io.SpeakerEditInputSerializer, request)
        corrections.speaker_edit(speaker=speaker, editor=request.user, **data)
        return _speaker_answer(request, pk)


@extend_schema(tags=["speakers"])
class SpeakerMergeApi(APIView):
    """Merge speaker `other` into this one: its quotes, claims and names; `other` is deleted."""

    permission_classes = [ReadAccess, CanCorrectSpeakers]
    parser_classes = [JSONParser]

    @extend_schema(
        request=io.SpeakerMergeInputSerializer, responses={200: SpeakerSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        speaker = _speaker(pk)
        data = views.validated_input(io.SpeakerMergeInputSerializer, request)
        other = Speaker.objects.filter(pk=data["other"]).first()
        if other is None:
            raise ValidationError({"other": ["No such speaker."]})
        corrections.speaker_merge(speaker=speaker, other=other, editor=request.user)
        return _speaker_answer(request, pk)


@extend_schema(tags=["speakers"])
class SpeakerSplitApi(APIView):
    """Split an alias off into a speaker of its own; answers with that speaker."""

    permission_classes = [ReadAccess, CanCorrectSpeakers]
    parser_classes = [JSONParser]

    @extend_schema(
        request=io.SpeakerSplitInputSerializer, responses={200: SpeakerSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: int) -> Response:
        speaker = _speaker(pk)
        data = views.validated_input(io.SpeakerSplitInputSerializer, request)
        new = corrections.speaker_alias_split(
            speaker=speaker, alias=data["alias"], editor=request.user
        )
        return _speaker_answer(request, new.pk)


@extend_schema(tags=["speakers"])
class SpeakerHistoryApi(APIView):
    """The corrections made to this speaker by hand, newest first."""

    permission_classes = [ReadAccess]

    @extend_schema(
        responses={200: io.SpeakerCorrectionSerializer(many=True), **views.DETAIL_ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        rows = selectors.speaker_history(speaker=_speaker(pk))
        return Response(io.SpeakerCorrectionSerializer(rows, many=True).data)


@extend_schema(tags=["quotes"])
class QuoteDetailApi(APIView):
    """One quote; PATCH sets or clears its speaker or marks it not a quote (kept)."""

    permission_classes = [ReadAccess, CanCorrectSpeakers]
    parser_classes = [JSONParser]

    def _quote(self, pk: int) -> Quote:
        return views._get_or_404(selectors.quote_detail, pk=pk)

    @extend_schema(responses={200: io.QuoteDetailSerializer, **views.DETAIL_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        body = io.QuoteDetailSerializer(self._quote(pk), context={"request": request}).data
        return Response(body)

    @extend_schema(
        request=io.QuoteCorrectionInputSerializer,
        responses={200: io.QuoteDetailSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        quote = self._quote(pk)
        data = views.validated_input(io.QuoteCorrectionInputSerializer, request)
        corrections.quote_correct(quote=quote, editor=request.user, **data)
        return self.get(request, pk)


@extend_schema(tags=["claims"])
class ClaimDetailApi(views.ClaimDetailApi):
    """One claim; PATCH sets or clears its speaker (editors and reviewers; kept)."""

    permission_classes = [ReadAccess, CanCorrectSpeakers]
    parser_classes = [JSONParser]

    @extend_schema(
        request=io.ClaimSpeakerInputSerializer,
        responses={200: views.serializers.ClaimDetailSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        claim = views._get_or_404(selectors.claim_detail, pk=pk)
        data = views.validated_input(io.ClaimSpeakerInputSerializer, request)
        corrections.claim_speaker_set(claim=claim, editor=request.user, **data)
        return self.get(request, pk)
