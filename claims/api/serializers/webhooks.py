"""Webhook subscriptions and their deliveries; the secret is shown once, on creation."""

from __future__ import annotations

from rest_framework import serializers

from claims.api.serializers.common import (
    ApiUrlField,
)
from claims.models import (
    URL_MAX_LENGTH,
    WebhookDelivery,
    WebhookSubscription,
)


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


class WebhookInputSerializer(serializers.Serializer):
    url = serializers.CharField(
        max_length=URL_MAX_LENGTH, help_text="An http(s) URL to POST events to."
    )
    filters = serializers.DictField(
        required=False,
        default=dict,
        help_text='Optional: {"verdicts": [verdict values], "speakers": [speaker ids]}.',
    )
