"""Articles: outputs, and the two request bodies of POST /api/articles/ (JSON fields, or
a document uploaded in a multipart form, ingested by claims.services.document_ingest)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from rest_framework import serializers

from claims.api.serializers.common import (
    ApiUrlField,
    SpeakerBriefSerializer,
)
from claims.documents import ArticleInput, formats_help
from claims.models import (
    Article,
    Claim,
    ExtractionStatus,
    Quote,
)
from claims.services import clean_body
from claims.services.ingest import field_max_length, upload_max_bytes, upload_too_large_message


class ArticleSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:article-detail")
    url = serializers.CharField(help_text="Where it was published; empty if unknown.")
    quote_count = serializers.IntegerField()
    claim_count = serializers.IntegerField()

    class Meta:
        model = Article
        fields = [
            "id", "api_url", "title", "url", "source", "published", "ingested_at", "status",
            "status_message", "duplicate_of", "extracted_at", "quote_count", "claim_count",
        ]  # fmt: skip


class ArticleQuoteSerializer(serializers.ModelSerializer):
    speaker = SpeakerBriefSerializer(allow_null=True)

    class Meta:
        model = Quote
        fields = ["id", "text", "kind", "cue", "speaker", "start", "end"]


class ArticleClaimSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:claim-detail")
    speaker = SpeakerBriefSerializer(allow_null=True)

    class Meta:
        model = Claim
        fields = ["id", "api_url", "text", "speaker", "score", "current_verdict", "start", "end"]


class ArticleDetailSerializer(serializers.ModelSerializer):
    """An article with its text, extraction status, quotes and current claims."""

    api_url = ApiUrlField("api:article-detail")
    url = serializers.CharField(help_text="Where it was published; empty if unknown.")
    text = serializers.CharField(source="body")
    quotes = ArticleQuoteSerializer(many=True)
    claims = ArticleClaimSerializer(many=True)

    class Meta:
        model = Article
        fields = [
            "id", "api_url", "title", "url", "source", "published", "ingested_at", "status",
            "status_message", "duplicate_of", "extracted_at", "text", "quotes", "claims",
        ]  # fmt: skip


class ArticleIngestedSerializer(serializers.ModelSerializer):
    """The answer to a posted article: where it lives, its extraction status, and whether it
    was a duplicate of an article already stored (then `note` says which)."""

    api_url = ApiUrlField("api:article-detail")
    url = serializers.CharField(help_text="Where it was published; empty if unknown.")
    status = serializers.ChoiceField(choices=ExtractionStatus.choices)
    duplicate = serializers.BooleanField()
    note = serializers.CharField()

    class Meta:
        model = Article
        fields = [
            "id", "api_url", "title", "url", "source", "published", "status", "status_message",
            "duplicate_of", "duplicate", "note",
        ]  # fmt: skip


def _title() -> serializers.CharField:
    return serializers.CharField(
        allow_blank=True, required=False, default="", max_length=field_max_length("title")
    )


def _url() -> serializers.URLField:
    return serializers.URLField(
        allow_blank=True, required=False, default="", max_length=field_max_length("url")
    )


def _source() -> serializers.CharField:
    return serializers.CharField(
        allow_blank=True, required=False, default="", max_length=field_max_length("source")
    )


class ArticleInputSerializer(serializers.Serializer):
    """An article as JSON. Only `text` is required; the ingest service validates the rest."""

    title = _title()
    text = serializers.CharField(help_text="The article body (plain text).")
    url = _url()
    source = _source()
    published = serializers.DateField(allow_null=True, required=False, default=None)

    def validate_text(self, value: str) -> str:
        try:
            return clean_body(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["body"]) from None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["item"] = ArticleInput(
            body=attrs["text"], title=attrs["title"], url=attrs["url"],
            source=attrs["source"], published=attrs["published"],
        )  # fmt: skip
        return attrs


class ArticleUploadSerializer(serializers.Serializer):
    """An article as an uploaded document in a multipart form, ingested like `manage.py
    ingest` does; the other fields, when given, win over what the document says."""

    file = serializers.FileField(
        allow_empty_file=False,
        use_url=False,
        help_text=f"One article: {formats_help()}.",
    )
    title = _title()
    url = _url()
    source = _source()
    published = serializers.DateField(allow_null=True, required=False, default=None)

    def validate_file(self, upload: UploadedFile) -> UploadedFile:
        if upload.size and upload.size > upload_max_bytes():
            raise serializers.ValidationError(upload_too_large_message())
        return upload
