"""The public REST API: thin views over claims.selectors (reads) and claims.services (writes).

Reads are generic list/retrieve views with a FilterSet and the default paginator; writes are
APIViews (input serializer -> service -> output serializer). Permission classes decide who
may do what (claims.api.permissions); errors are mapped by claims.api.exceptions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.serializers import Serializer
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from claims import selectors, services
from claims.api import filters, serializers
from claims.api.claimreview import JSONLDRenderer, ScriptSafeJSONRenderer
from claims.api.csv_renderer import CSVRenderer
from claims.api.idempotency import IDEMPOTENCY_KEY, idempotent_response
from claims.api.parsers import JSONParser, MultiPartParser, body_limit
from claims.api.permissions import (
    CanGroupClaims,
    CanIngestArticles,
    CanRecordVerdict,
    CanSubscribeWebhooks,
    ReadAccess,
)
from claims.csv_export import CLAIM_COLUMNS, QUOTE_COLUMNS, csv_response
from claims.models import (
    Article,
    Claim,
    ExtractionStatus,
    Speaker,
    Verdict,
    VerdictChoice,
    WebhookDelivery,
    WebhookSubscription,
)
from claims.services.external_reviews import external_checks_by_claim
from claims.services.idempotency import Answer
from claims.services.ingest import Outcome
from claims.upload_budget import UPLOAD_BUSY, declared_length, upload_budget_wait

M = TypeVar("M", bound=Model)

# OpenAPI: the error answers every endpoint can give.
ERROR = OpenApiResponse(serializers.ErrorSerializer, description="`detail` says why.")
BAD_REQUEST = OpenApiResponse(
    serializers.ValidationErrorSerializer,
    description="Invalid input: field name -> list of messages (or `detail`).",
)
READ_ERRORS: dict[int, OpenApiResponse] = {
    401: OpenApiResponse(serializers.ErrorSerializer, description="No or invalid credentials."),
    403: OpenApiResponse(serializers.ErrorSerializer, description="Not allowed."),
    429: OpenApiResponse(serializers.ErrorSerializer, description="Throttled: retry later."),
}
LIST_ERRORS = {**READ_ERRORS, 400: BAD_REQUEST, 404: ERROR}
DETAIL_ERRORS = {**READ_ERRORS, 404: ERROR}
WRITE_ERRORS = {
    **READ_ERRORS,
    400: BAD_REQUEST,
    413: OpenApiResponse(serializers.ErrorSerializer, description="Request body too large."),
    415: OpenApiResponse(serializers.ErrorSerializer, description="Unsupported content type."),
}


def _get_or_404(read: Callable[..., M], **kwargs: Any) -> M:
    """Call a selector that raises DoesNotExist and turn a miss into a 404."""
    try:
        return read(**kwargs)
    except ObjectDoesNotExist:  # every model's DoesNotExist subclasses this
        raise NotFound("Not found.") from None


# Claims ---------------------------------------------------------------------------------


@extend_schema(tags=["claims"], responses={200: serializers.ClaimSerializer(many=True)})
class ClaimListApi(generics.ListAPIView):
    """Claims still found in their articles, most check-worthy first."""

    permission_classes = [ReadAccess]
    serializer_class = serializers.ClaimSerializer
    filterset_class = filters.ClaimFilter
    queryset = selectors.claims_with_group_verdict(selectors.claim_rows()).order_by("-score", "-id")

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]

    @extend_schema(responses={200: serializers.ClaimSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.accepted_renderer.format == "csv":  # every filtered row, streamed
            rows = self.filter_queryset(self.get_queryset())
            return csv_response(rows, CLAIM_COLUMNS, "claims.csv")
        return super().get(request, *args, **kwargs)


def validated_input(serializer_class: type[Serializer], request: Request) -> dict[str, Any]:
    """The request body checked by a write endpoint's input serializer (else a 400 naming each
    bad field)."""
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def claim_with_history(*, pk: int, drafts: bool = True) -> Claim:
    """A claim with `history` (every verdict; only published ones without `drafts`),
    `group_events` (matches, splits, merges) and `appearances` (the other members of its
    group)."""
    claim = _get_or_404(selectors.claim_detail, pk=pk)
    claim.history = list(selectors.claim_history(claim=claim, drafts=drafts))
    claim.dismissal_history = list(selectors.claim_dismissals(claim=claim))
    claim.group_history = list(selectors.claim_group_events(claim=claim))
    claim.appearances = selectors.claim_other_appearances(claim=claim)
    return claim


def _as_of(date: Any, verdict: Verdict | None) -> dict[str, Any] | None:
    if verdict is None:
        return None
    return {
        "date": date,
        "verdict": verdict.verdict,
        "label": verdict.get_verdict_display(),
        "reviewer": verdict.reviewer.get_username(),
        "recorded_at": verdict.created_at,
        "claim": verdict.claim_id,
    }


@extend_schema(tags=["claims"])
class ClaimDetailApi(APIView):
    """One claim (found or not) with its group verdict, verdict history and other appearances;
    `?as_of=YYYY-MM-DD` adds the verdict that stood on that date (`verdict_as_of`)."""

    permission_classes = [ReadAccess]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description="YYYY-MM-DD: fill `verdict_as_of` with the verdict that stood at "
                "the end of that day (the site's time zone), null if none had been recorded.",
            )
        ],
        responses={200: serializers.ClaimDetailSerializer, 400: BAD_REQUEST, **DETAIL_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        query = serializers.AsOfQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        # Drafts and second reviews are the reviewers' business; readers see published rows.
        claim = claim_with_history(pk=pk, drafts=request.user.has_perm("claims.add_verdict"))
        date = query.validated_data.get("as_of")
        verdict = date and selectors.claim_verdict_as_of(claim=claim, date=date)
        claim.verdict_as_of = _as_of(date, verdict or None)
        claim.external_reviews = external_checks_by_claim([claim])[claim.pk]
        return Response(serializers.ClaimDetailSerializer(claim, context={"request": request}).data)


def _group_answer(claim: Claim) -> Response:
    claim = _get_or_404(selectors.claim_detail, pk=claim.pk)
    members = [claim.pk, *(c.pk for c in selectors.claim_group_members(claim=claim))]
    body = {
        "claim": claim.pk,
        "group_id": claim.group_id,
        "group_verdict": claim.group_verdict,
        "members": sorted(members),
    }
    return Response(serializers.GroupSerializer(body).data)


@extend_schema(tags=["claims"])
class ClaimSplitApi(APIView):
    """Split a wrongly matched claim out of its group (reviewers only); recorded in history."""

    permission_classes = [ReadAccess, CanGroupClaims]
    parser_classes = [JSONParser]

    @extend_schema(
        request=serializers.GroupSplitInputSerializer,
        responses={200: serializers.GroupSerializer, 404: ERROR, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = _get_or_404(selectors.claim_detail, pk=pk)
        data = validated_input(serializers.GroupSplitInputSerializer, request)
        services.claim_group_split(claim=claim, reviewer=request.user, **data)
        return _group_answer(claim)


@extend_schema(tags=["claims"])
class ClaimMergeApi(APIView):
    """Merge this claim (with its group) into `other`'s group (reviewers only)."""

    permission_classes = [ReadAccess, CanGroupClaims]
    parser_classes = [JSONParser]

    @extend_schema(
        request=serializers.GroupMergeInputSerializer,
        responses={200: serializers.GroupSerializer, 404: ERROR, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = _get_or_404(selectors.claim_detail, pk=pk)
        data = validated_input(serializers.GroupMergeInputSerializer, request)
        try:
            other = selectors.claim_detail(pk=data["other"])
        except Claim.DoesNotExist:
            raise ValidationError({"other": ["No such claim."]}) from None
        services.claim_group_merge(
            claim=claim, other=other, reviewer=request.user, note=data["note"]
        )
        return _group_answer(claim)


@extend_schema(tags=["claims"])
class ClaimVerdictApi(APIView):
    """Record a verdict on a claim (reviewers only); answers with the claim's new history."""

    permission_classes = [ReadAccess, CanRecordVerdict]
    parser_classes = [JSONParser]

    @extend_schema(
        request=serializers.VerdictInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: serializers.VerdictHistorySerializer,
            404: ERROR,
            422: OpenApiResponse(
                serializers.ErrorSerializer,
                description="The Idempotency-Key was used before for a different request.",
            ),
            **WRITE_ERRORS,
        },
    )  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        claim = _get_or_404(selectors.claim_detail, pk=pk)
        data = validated_input(serializers.VerdictInputSerializer, request)

        def record() -> Answer:
            services.verdict_record(claim=claim, reviewer=request.user, **data)
            history = claim_with_history(pk=pk)
            body = serializers.VerdictHistorySerializer(history, context={"request": request})
            return Answer(status.HTTP_201_CREATED, body.data, body.data["api_url"])

        return idempotent_response(request, data, record)


# Quotes ---------------------------------------------------------------------------------


@extend_schema(tags=["quotes"])
class QuoteListApi(generics.ListAPIView):
    """Quotes, newest first; with `q`, best matches first (ranked on PostgreSQL)."""

    permission_classes = [ReadAccess]
    serializer_class = serializers.QuoteSerializer
    filterset_class = filters.QuoteFilter
    queryset = selectors.quote_search()
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]

    @extend_schema(responses={200: serializers.QuoteSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.accepted_renderer.format == "csv":  # every filtered row, streamed
            rows = self.filter_queryset(self.get_queryset())
            return csv_response(rows, QUOTE_COLUMNS, "quotes.csv")
        return super().get(request, *args, **kwargs)


# Speakers -------------------------------------------------------------------------------


@extend_schema(tags=["speakers"])
class SpeakerListApi(generics.ListAPIView):
    """Speakers with their quote and claim counts, most quoted first."""

    permission_classes = [ReadAccess]
    serializer_class = serializers.SpeakerSerializer
    filterset_class = filters.SpeakerFilter
    queryset = selectors.speaker_list().order_by("-quote_count", "name", "id")

    @extend_schema(responses={200: serializers.SpeakerSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["speakers"])
class SpeakerDetailApi(APIView):
    """One speaker with quote counts by kind and a tally of their claims' verdicts."""

    permission_classes = [ReadAccess]

    @extend_schema(responses={200: serializers.SpeakerDetailSerializer, **DETAIL_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        speaker: Speaker = _get_or_404(selectors.speaker_list().get, pk=pk)
        speaker.quote_counts = selectors.speaker_quote_counts(speaker=speaker)
        rows = selectors.speaker_verdict_tally(speaker=speaker)
        tally = {row["verdict"]: row["count"] for row in rows}
        speaker.verdict_tally = {value: tally.get(value, 0) for value in VerdictChoice.values}
        speaker.monthly_record = selectors.speaker_monthly_record(speaker=speaker)
        context = {"request": request}
        return Response(serializers.SpeakerDetailSerializer(speaker, context=context).data)


# Articles -------------------------------------------------------------------------------


# What the answer to a post shows, as it stands after the request's in-process tasks, if any.
INGESTED_FIELDS = [
    "title", "url", "source", "published", "status", "status_message", "duplicate_of",
    "extracted_at",
]  # fmt: skip


def _wait_for_upload_budget(request: Request) -> None:
    """Hold an article post until the upload budget has room for its body (before the body is
    read); a 429 with Retry-After when it had none in time. A body over the limit, or without a
    valid length, is left to the parsers' 413/400."""
    size = declared_length(request)
    if size <= body_limit() and not upload_budget_wait(size=size):
        raise Throttled(wait=1, detail=UPLOAD_BUSY)


@extend_schema(tags=["articles"])
class ArticleListApi(generics.ListAPIView):
    """List articles (newest first), or post one for extraction."""

    permission_classes = [ReadAccess, CanIngestArticles]
    parser_classes = [JSONParser, MultiPartParser]
    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter
    queryset = selectors.article_list().order_by("-published", "-ingested_at", "-id")

    @extend_schema(responses={200: serializers.ArticleSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={
            "application/json": serializers.ArticleInputSerializer,
            "multipart/form-data": serializers.ArticleUploadSerializer,
        },
        responses={
            202: OpenApiResponse(
                serializers.ArticleIngestedSerializer,
                description="Stored; extraction is queued (`status` says how far it got). "
                "An uploaded web page is stored as sent and read by a worker: its article "
                "has no text until then, and ends `duplicate` (with `duplicate_of`) if the "
                "page's text or URL is already stored.",
            ),
            200: OpenApiResponse(
                serializers.ArticleIngestedSerializer,
                description="A duplicate (same text or URL): the stored article, "
                "`duplicate: true` and a `note` naming it. Nothing new is stored.",
            ),
            **WRITE_ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        _wait_for_upload_budget(request)
        if (request.content_type or "").startswith("multipart/"):
            article, created, note = self._ingest_upload(request)
        else:
            data = validated_input(serializers.ArticleInputSerializer, request)
            result = services.article_ingest_input(item=data["item"])
            article, created, note = result.article, result.created, result.reason
        # With in-process tasks the page may be read and extracted when the service returns.
        article.refresh_from_db(fields=INGESTED_FIELDS)
        article.duplicate = not created or article.status == ExtractionStatus.DUPLICATE
        article.note = note or (article.status_message if article.duplicate else "")
        body = serializers.ArticleIngestedSerializer(article, context={"request": request}).data
        code = status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK
        return Response(body, status=code, headers={"Location": body["api_url"]})

    @staticmethod
    def _ingest_upload(request: Request) -> tuple[Article, bool, str]:
        """Ingest the one article of an uploaded document; its error is a 400 on `file`."""
        fields = validated_input(serializers.ArticleUploadSerializer, request)
        upload = fields.pop("file")
        [outcome] = services.document_ingest(
            name=upload.name or "upload.txt", data=upload.read(), overrides=fields, most=1
        )
        if outcome.outcome == Outcome.ERROR:
            raise ValidationError({"file": [outcome.message]})
        created = outcome.outcome == Outcome.INGESTED
        return outcome.article, created, "" if created else outcome.message


@extend_schema(tags=["articles"])
class ArticleDetailApi(APIView):
    """One article: its text, extraction status, quotes and current claims."""

    permission_classes = [ReadAccess]

    @extend_schema(responses={200: serializers.ArticleDetailSerializer, **DETAIL_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        article = _get_or_404(selectors.article_detail, pk=pk)
        return Response(
            serializers.ArticleDetailSerializer(article, context={"request": request}).data
        )


# ClaimReview ----------------------------------------------------------------------------

CLAIMREVIEW_RENDERERS = [ScriptSafeJSONRenderer, JSONLDRenderer]


@extend_schema(tags=["claimreview"])
class ClaimReviewListApi(generics.ListAPIView):
    """schema.org ClaimReview JSON-LD for every reviewed claim, least recently updated first.

    Poll with `updated_since` (the time of your last poll) to get what changed.
    """

    permission_classes = [ReadAccess]
    renderer_classes = CLAIMREVIEW_RENDERERS
    serializer_class = serializers.ClaimReviewSerializer
    filterset_class = filters.ClaimReviewFilter
    queryset = selectors.claim_reviews()

    @extend_schema(responses={200: serializers.ClaimReviewSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["claimreview"])
class ClaimReviewDetailApi(APIView):
    """The ClaimReview of one claim; 404 until the claim has a verdict."""

    permission_classes = [ReadAccess]
    renderer_classes = CLAIMREVIEW_RENDERERS

    @extend_schema(responses={200: serializers.ClaimReviewSerializer, **DETAIL_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        claim = selectors.claim_reviews().filter(pk=pk).first()
        if claim is None:
            raise NotFound("No such claim, or it has not been reviewed yet.")
        return Response(serializers.ClaimReviewSerializer(claim, context={"request": request}).data)


# Webhooks -------------------------------------------------------------------------------


def _own_subscription(request: Request, pk: int) -> WebhookSubscription:
    """The caller's subscription; another user's is a 404, as if it did not exist."""
    return _get_or_404(selectors.webhook_subscriptions(owner=request.user).get, pk=pk)


@extend_schema(tags=["webhooks"])
class WebhookListApi(generics.ListAPIView):
    """Your webhook subscriptions (never their secrets), or subscribe a URL to verdict
    changes: the answer shows the secret once (docs/WEBHOOKS.md)."""

    permission_classes = [CanSubscribeWebhooks]
    parser_classes = [JSONParser]
    serializer_class = serializers.WebhookSubscriptionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return WebhookSubscription.objects.none()
        return selectors.webhook_subscriptions(owner=self.request.user)

    @extend_schema(
        responses={200: serializers.WebhookSubscriptionSerializer(many=True), **LIST_ERRORS}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=serializers.WebhookInputSerializer,
        responses={201: serializers.WebhookCreatedSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = validated_input(serializers.WebhookInputSerializer, request)
        row = services.webhook_subscription_create(owner=request.user, **data)
        body = serializers.WebhookCreatedSerializer(row, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["api_url"]})


@extend_schema(tags=["webhooks"])
class WebhookDetailApi(APIView):
    """One of your subscriptions; DELETE deactivates it (its delivery log is kept)."""

    permission_classes = [CanSubscribeWebhooks]

    @extend_schema(responses={200: serializers.WebhookSubscriptionSerializer, **DETAIL_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        row = _own_subscription(request, pk)
        context = {"request": request}
        return Response(serializers.WebhookSubscriptionSerializer(row, context=context).data)

    @extend_schema(responses={204: None, **DETAIL_ERRORS})
    def delete(self, request: Request, pk: int) -> Response:
        row = _own_subscription(request, pk)
        services.webhook_subscription_set_active(subscription=row, user=request.user, active=False)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["webhooks"])
class WebhookDeliveryListApi(generics.ListAPIView):
    """The deliveries of one of your subscriptions, newest first, with response codes."""

    permission_classes = [CanSubscribeWebhooks]
    serializer_class = serializers.WebhookDeliverySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return WebhookDelivery.objects.none()
        subscription = _own_subscription(self.request, self.kwargs["pk"])
        return selectors.webhook_deliveries(subscription=subscription)

    @extend_schema(responses={200: serializers.WebhookDeliverySerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


# Schema and docs ------------------------------------------------------------------------


class SchemaApi(SpectacularAPIView):
    """The OpenAPI 3 schema; public, like the documentation it drives."""

    permission_classes = [AllowAny]


class DocsView(SpectacularSwaggerView):
    """Swagger UI from drf-spectacular-sidecar's static files (no CDN)."""

    permission_classes = [AllowAny]


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """A JSON 404 for paths under /api/ that match no endpoint (Django's would be HTML)."""
    return JsonResponse({"detail": "Not found."}, status=404)


@extend_schema(exclude=True)
class ApiRootView(APIView):
    """Links to the API's collections."""

    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        names = [
            "claims", "quotes", "speakers", "articles", "claimreview", "webhooks", "schema",
            "docs",
        ]  # fmt: skip
        return Response({name: reverse(f"api:{name}", request=request) for name in names})
