"""A user's webhook subscriptions and their deliveries."""

from __future__ import annotations

from django.db.models import (
    QuerySet,
)

from claims.models import (
    WebhookDelivery,
    WebhookSubscription,
)


def webhook_subscriptions(*, owner) -> QuerySet[WebhookSubscription]:
    """A user's own subscriptions, newest first (other users' are never visible)."""
    return WebhookSubscription.objects.filter(owner=owner).order_by("-created_at", "-id")


def webhook_deliveries(*, subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """One subscription's deliveries, newest first, without the payload's claim join."""
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-created_at", "-id")
