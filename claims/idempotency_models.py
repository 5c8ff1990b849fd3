"""Answers kept for writes sent with an Idempotency-Key (claims.services.idempotency).
Re-exported by claims.models."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from claims.models import URL_MAX_LENGTH


class IdempotencyKey(models.Model):
    """The first answer to a write sent with an `Idempotency-Key` header, kept so that a retry
    with the same key (same user, same request) gets that answer and writes nothing."""

    KEY_MAX_LENGTH = 255

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=KEY_MAX_LENGTH)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=URL_MAX_LENGTH)
    # SHA-256 of the request's parsed body: the same key with another body is refused.
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(encoder=DjangoJSONEncoder)
    location = models.CharField(max_length=URL_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotencykey_once_per_user"),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotencykey_created_idx")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
