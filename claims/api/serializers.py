"""API representations (output) and request bodies (input).

Output serializers only read attributes the selectors loaded; input serializers only check
shape and types, the services do the rest. `api_url` is always the resource's own API URL;
`url` on an article is the page it was published at.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.claimreview import CLAIMREVIEW_SCHEMA, claim_review
from claims.documents import ArticleInput, DocumentError, parse_document
from claims.models import (
    Article,
    Claim,
    ExtractionStatus,
    Quote,
    Speaker,
    Verdict,
    VerdictChoice,
    WebhookDelivery,
    WebhookSubscription,
)
from claims.services import clean_body
from claims.services.verdicts import RECORDABLE_VERDICTS

# Raw-schema serializers -----------------------------------------------------------------


class RawSchemaSerializer(serializers.BaseSerializer):
    """A serializer whose OpenAPI schema is given as JSON Schema (`openapi_schema`)."""

    openapi_schema: dict[str, Any] = {"type": "object"}


class RawSchemaExtension(OpenApiSerializerExtension):
    """Tell drf-spectacular to use RawSchemaSerializer subclasses' schemas as written."""

    target_class = RawSchemaSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return self.target.openapi_schema

    def get_name(self, auto_schema: Any, direction: str) -> str:
        target = self.target if isinstance(self.target, type) else type(self.target)
        return target.__name__.removesuffix("Serializer")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ValidationErrorSerializer(RawSchemaSerializer):
    """400 answers: {field: [messages]} for bad fields, {"detail": message} for a bad body."""

    openapi_schema = {
        "type": "object",
        "additionalProperties": {
            "oneOf": [
                {"type": "string"},
                {"type": "array", "items": {}},
                {"type": "object"},
            ]
        },
    }


class ClaimReviewSerializer(RawSchemaSerializer):
    """A reviewed claim as schema.org ClaimReview JSON-LD (see claims.api.claimreview).

    The claim needs `reviewed_at` (claims.selectors.claim_reviews annotates it).
    """

    openapi_schema = CLAIMREVIEW_SCHEMA

    def to_representation(self, instance: Claim) -> dict[str, Any]:
        reviewed_at = getattr(instance, "reviewed_at", None) or instance.updated_at
        return claim_review(instance, reviewed_at=reviewed_at, request=self.context["request"])


# Outputs --------------------------------------------------------------------------------

_PLACEHOLDER = 987654321987


@extend_schema_field({"type": "string", "format": "uri", "readOnly": True})
class ApiUrlField(serializers.Field):
    """The absolute API URL of the row, like HyperlinkedIdentityField but reversed once per
    request and view name (a list page would otherwise reverse three URLs for every row)."""

    def __init__(self, view_name: str, **kwargs: Any) -> None:
        self.view_name = view_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Model) -> str:
        templates = self.context.setdefault("_api_url_templates", {})
        template = templates.get(self.view_name)
        if template is None:
            url = reverse(self.view_name, args=[_PLACEHOLDER])
            template = (
                self.context["request"].build_absolute_uri(url).replace(str(_PLACEHOLDER), "{}")
            )
            templates[self.view_name] = template
        return template.format(value.pk)


class SpeakerBriefSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:speaker-detail")

    class Meta:
        model = Speaker
        fields = ["id", "api_url", "name", "title", "organization", "kind"]


class ArticleBriefSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:article-detail")
    url = serializers.CharField(help_text="Where it was published; empty if unknown.")

    class Meta:
        model = Article
        fields = ["id", "api_url", "title", "url", "source", "published"]


class ClaimSerializer(serializers.ModelSerializer):
    """A claim; needs the `group_verdict` annotation (claims_with_group_verdict)."""

    api_url = ApiUrlField("api:claim-detail")
    speaker = SpeakerBriefSerializer(allow_null=True)
    article = ArticleBriefSerializer()
    reasons = serializers.ListField(child=serializers.CharField())
    group_id = serializers.IntegerField(
        allow_null=True, help_text="The claim group (the same claim in other articles)."
    )
    group_verdict = serializers.ChoiceField(
        choices=VerdictChoice.choices,
        help_text="The verdict to show: the newest across the group (else `current_verdict`).",
    )

    class Meta:
        model = Claim
        fields = [
            "id", "api_url", "text", "speaker", "article", "score", "reasons",
            "current_verdict", "group_id", "group_verdict", "found", "published",
            "created_at", "updated_at",
        ]  # fmt: skip


class VerdictSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.get_username")
    evidence = serializers.ListField(child=serializers.URLField())

    class Meta:
        model = Verdict
        fields = ["id", "verdict", "note", "evidence", "reviewer", "created_at"]


class ClaimAppearanceSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:claim-detail")
    speaker = SpeakerBriefSerializer(allow_null=True)
    article = ArticleBriefSerializer()

    class Meta:
        model = Claim
        fields = ["id", "api_url", "text", "speaker", "article", "current_verdict", "published"]


class VerdictAsOfSerializer(serializers.Serializer):
    """The verdict that stood at the end of `date` (site time zone)."""

    date = serializers.DateField()
    verdict = serializers.ChoiceField(choices=VerdictChoice.choices)
    label = serializers.CharField()
    reviewer = serializers.CharField()
    recorded_at = serializers.DateTimeField()
    claim = serializers.IntegerField(help_text="The appearance the verdict was recorded on.")


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with its whole verdict history and its other appearances (its group's
    members; the same fingerprint elsewhere when it has no group). `verdict_as_of` is null
    unless `?as_of=` was given (then null too if no verdict stood on that date)."""

    verdicts = VerdictSerializer(many=True, source="history")
    appearances = ClaimAppearanceSerializer(many=True)
    seen_before = serializers.BooleanField(
        help_text="Unreviewed here, but another appearance of the claim has a verdict."
    )
    verdict_as_of = VerdictAsOfSerializer(allow_null=True)

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields, "seen_before", "start", "end", "verdicts",
            "appearances", "verdict_as_of",
        ]  # fmt: skip


class VerdictHistorySerializer(serializers.ModelSerializer):
    """The answer to a recorded verdict: the claim's current verdict and full history."""

    claim = serializers.IntegerField(source="id")
    api_url = ApiUrlField("api:claim-detail")
    verdicts = VerdictSerializer(many=True, source="history")

    class Meta:
        model = Claim
        fields = ["claim", "api_url", "current_verdict", "updated_at", "verdicts"]


class QuoteSerializer(serializers.ModelSerializer):
    speaker = SpeakerBriefSerializer(allow_null=True)
    article = ArticleBriefSerializer()

    class Meta:
        model = Quote
        fields = ["id", "text", "kind", "cue", "speaker", "article", "published", "start", "end"]


class SpeakerSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:speaker-detail")
    aliases = serializers.ListField(child=serializers.CharField())
    quote_count = serializers.IntegerField()
    claim_count = serializers.IntegerField()

    class Meta:
        model = Speaker
        fields = [
            "id", "api_url", "name", "title", "organization", "kind", "aliases",
            "quote_count", "claim_count",
        ]  # fmt: skip


class QuoteCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    direct = serializers.IntegerField()
    indirect = serializers.IntegerField()


@extend_schema_field(
    {
        "type": "object",
        "properties": {value: {"type": "integer"} for value in VerdictChoice.values},
        "required": list(VerdictChoice.values),
    }
)
class VerdictTallyField(serializers.DictField):
    """{verdict: number of the speaker's claims with that current verdict}, every verdict."""

    child = serializers.IntegerField()


class MonthlyRecordSerializer(serializers.Serializer):
    """One month of a speaker's claims (by publication date), each claim counted once with
    its group verdict."""

    month = serializers.CharField(help_text="YYYY-MM")
    claims = serializers.IntegerField(help_text="Distinct claims (a repeat counts once).")
    appearances = serializers.IntegerField()
    verdicts = VerdictTallyField()

    def to_representation(self, row: dict[str, Any]) -> dict[str, Any]:
        return {
            "month": row["month"].strftime("%Y-%m"),
            "claims": row["claims"],
            "appearances": row["appearances"],
            "verdicts": {value: row[value] for value in VerdictChoice.values},
        }


class SpeakerDetailSerializer(SpeakerSerializer):
    quote_counts = QuoteCountsSerializer()
    verdict_tally = VerdictTallyField()
    monthly_record = MonthlyRecordSerializer(many=True)

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "quote_counts", "verdict_tally", "monthly_record"]


# Webhooks ---------------------------------------------------------------------------------


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:webhook-detail")

    class Meta:
        model = WebhookSubscription
        fields = ["id", "api_url", "url", "filters", "active", "created_at"]


class WebhookCreatedSerializer(WebhookSubscriptionSerializer):
    """The answer to a new subscription: the only time the secret is shown."""

    secret = serializers.CharField(
        help_text="HMAC-SHA256 key for X-Factcheck-Signature (docs/WEBHOOKS.md); shown once."
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id", "event", "claim_id", "verdict_id", "status", "attempts", "status_code",
            "error", "response_excerpt", "delivered_at", "created_at",
        ]  # fmt: skip


class ArticleSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:article-detail")
    url = serializers.CharField(help_text="Where it was published; empty if unknown.")
    quote_count = serializers.IntegerField()
    claim_count = serializers.IntegerField()

    class Meta:
        model = Article
        fields = [
            "id", "api_url", "title", "url", "source", "published", "ingested_at", "status",
            "status_message", "extracted_at", "quote_count", "claim_count",
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
            "status_message", "extracted_at", "text", "quotes", "claims",
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
            "duplicate", "note",
        ]  # fmt: skip


# Inputs ---------------------------------------------------------------------------------


class VerdictInputSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(
        choices=[(v, VerdictChoice(v).label) for v in RECORDABLE_VERDICTS],
        help_text="Evidence URLs are required for every verdict but `unverifiable`.",
    )
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=10_000)
    evidence = serializers.ListField(
        child=serializers.URLField(max_length=2000), required=False, default=list, max_length=20
    )


class AsOfQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="YYYY-MM-DD: also give the verdict that stood at the end of that day.",
    )


class GroupSplitInputSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)


class GroupMergeInputSerializer(GroupSplitInputSerializer):
    other = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="The claim whose group this claim joins."
    )


class GroupSerializer(serializers.Serializer):
    """The answer to a split or merge: the claim's group now and its verdict."""

    claim = serializers.IntegerField()
    group_id = serializers.IntegerField()
    group_verdict = serializers.ChoiceField(choices=VerdictChoice.choices)
    members = serializers.ListField(child=serializers.IntegerField())


class WebhookInputSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=2000, help_text="An http(s) URL to POST events to.")
    filters = serializers.DictField(
        required=False,
        default=dict,
        help_text='Optional: {"verdicts": [verdict values], "speakers": [speaker ids]}.',
    )


class ArticleInputSerializer(serializers.Serializer):
    """An article as JSON. Only `text` is required; the ingest service validates the rest."""

    title = serializers.CharField(allow_blank=True, required=False, default="", max_length=500)
    text = serializers.CharField(help_text="The article body (plain text).")
    url = serializers.URLField(allow_blank=True, required=False, default="", max_length=2000)
    source = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)
    published = serializers.DateField(allow_null=True, required=False, default=None)

    def validate_text(self, value: str) -> str:
        return _clean_text(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["item"] = ArticleInput(
            body=attrs["text"], title=attrs["title"], url=attrs["url"],
            source=attrs["source"], published=attrs["published"],
        )  # fmt: skip
        return attrs


class ArticleUploadSerializer(serializers.Serializer):
    """An article as an uploaded document in a multipart form, parsed like `manage.py ingest`
    does (seed format, .txt, .html, one-line .jsonl); the other fields fill in what the
    document does not say."""

    file = serializers.FileField(
        allow_empty_file=False,
        use_url=False,
        help_text="A .txt (optionally with the seed header), .html or one-line .jsonl file.",
    )
    title = serializers.CharField(allow_blank=True, required=False, default="", max_length=500)
    url = serializers.URLField(allow_blank=True, required=False, default="", max_length=2000)
    source = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)
    published = serializers.DateField(allow_null=True, required=False, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        parsed = _parse_upload(attrs["file"])
        try:
            body = _clean_text(parsed.body)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"file": exc.detail}) from None
        attrs["item"] = ArticleInput(
            body=body,
            title=attrs["title"] or parsed.title,
            url=attrs["url"] or parsed.url,
            source=attrs["source"] or parsed.source,
            published=attrs["published"] or parsed.published,
        )
        return attrs


def _clean_text(value: str) -> str:
    """The ingest service's body check (empty, oversized, binary), as a serializer error."""
    try:
        return clean_body(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.message_dict["body"]) from None


def _parse_upload(upload: UploadedFile) -> ArticleInput:
    if upload.size and upload.size > settings.ARTICLE_MAX_BYTES:
        raise serializers.ValidationError(
            {"file": f"The file is larger than the limit of {settings.ARTICLE_MAX_BYTES:,} bytes."}
        )
    try:
        items = parse_document(upload.name or "upload.txt", upload.read())
    except DocumentError as exc:
        raise serializers.ValidationError({"file": str(exc)}) from None
    if len(items) != 1:
        raise serializers.ValidationError(
            {"file": f"Upload one article per request (the file holds {len(items)})."}
        )
    if isinstance(items[0], DocumentError):
        raise serializers.ValidationError({"file": str(items[0])})
    return items[0]
