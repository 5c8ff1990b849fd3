"""External fact-checks in the API: the import endpoint and the shape on a claim."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.parsers import JSONParser, MultiPartParser
from claims.api.permissions import CanImportFactChecks, ReadAccess
from claims.models import ExternalFactCheck
from claims.services.external_reviews import (
    MAX_DOCUMENT_BYTES,
    external_reviews_fetch,
    external_reviews_import,
)


class ExternalReviewSerializer(serializers.ModelSerializer):
    """A fact-check of the same claim published elsewhere (imported ClaimReview)."""

    rating = serializers.CharField(help_text="The rating's name, else its value.")

    class Meta:
        model = ExternalFactCheck
        fields = [
            "publisher", "publisher_url", "claim_reviewed", "claimant", "rating",
            "rating_value", "rating_name", "url", "published",
        ]  # fmt: skip


class ImportReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.CharField(), help_text="One per bad item.")


def _errors(exc: DjangoValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}


class FactCheckImportApi(APIView):
    """Import schema.org ClaimReview: a JSON-LD body (one review, a list, an @graph or a
    DataFeed), `{"url": ...}` to fetch one, or a multipart `file`. Editors and reviewers."""

    permission_classes = [ReadAccess, CanImportFactChecks]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        tags=["fact-checks"],
        request={
            "application/json": OpenApiTypes.OBJECT,
            "multipart/form-data": OpenApiTypes.OBJECT,
        },
        responses={
            201: OpenApiResponse(
                ImportReportSerializer,
                description="Imported; `errors` lists the items refused (the others are stored).",
            ),
            400: OpenApiResponse(description="Nothing readable: not ClaimReview, bad URL."),
        },
    )
    def post(self, request: Request) -> Response:
        data: Any = request.data
        try:
            if hasattr(data, "getlist") and "file" in data:  # multipart
                upload = data["file"]
                if upload.size > MAX_DOCUMENT_BYTES:
                    raise ValidationError({"file": ["The file is too large."]})
                body, source = upload.read(), f"upload:{upload.name}"[:2000]
            elif isinstance(data, dict) and set(data) == {"url"}:
                if not isinstance(data["url"], str):
                    raise ValidationError({"url": ["Give the URL as a string."]})
                body, source = external_reviews_fetch(url=data["url"]), data["url"]
            elif isinstance(data, dict | list) and data:
                body, source = json.dumps(data).encode(), "api"
            else:
                raise ValidationError(
                    {"detail": ['Send ClaimReview JSON-LD, {"url": ...} or a file.']}
                )
            report = external_reviews_import(data=body, source=source)
        except DjangoValidationError as exc:
            raise ValidationError(_errors(exc)) from None
        return Response(report.as_dict(), status=status.HTTP_201_CREATED)
