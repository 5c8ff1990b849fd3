"""What the API's serializers share: raw JSON-Schema serializers for OpenAPI, the error
shapes, the API URL field and the brief forms of a speaker and an article nested in others.

`api_url` is always the resource's own API URL; `url` on an article is the page it was
published at.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Article,
    Speaker,
)


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
