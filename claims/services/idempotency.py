"""Idempotent writes: a client sends `Idempotency-Key: <key>` with a POST; the first answer
is kept for IDEMPOTENCY_TTL and a retry with the same key (same user, same request) gets it
back without writing anything again. The same key with a different request is refused.

A client that timed out waiting (a hung broker once held answers for 30 s) cannot tell
whether its verdict was recorded; with a key it can simply send it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import IdempotencyKey

IDEMPOTENCY_TTL = dt.timedelta(hours=24)
KEY_HEADER = "Idempotency-Key"
KEY_MAX_LENGTH = IdempotencyKey.KEY_MAX_LENGTH


@dataclass(frozen=True)
class Answer:
    """A write's answer: status, JSON body and the Location it named (if any)."""

    status: int
    body: Any
    location: str = ""


class KeyReused(Exception):
    """The key was sent before with a different request (method, path or body)."""


def idempotency_key_clean(raw: str | None) -> str:
    """The header's key ("" when absent); 1-255 visible ASCII characters, else refused."""
    if raw is None:
        return ""
    key = raw.strip()
    if not key or len(key) > KEY_MAX_LENGTH or not all("!" <= c <= "~" for c in key):
        raise ValidationError(
            {KEY_HEADER: f"Give 1 to {KEY_MAX_LENGTH} visible ASCII characters, no spaces."}
        )
    return key


def request_hash(*, method: str, path: str, data: Any) -> str:
    """A fingerprint of the request a key was used for."""
    text = json.dumps([method, path, data], sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stored(*, user: AbstractBaseUser, key: str, fingerprint: str) -> Answer | None:
    row = IdempotencyKey.objects.filter(
        user=user, key=key, created_at__gte=timezone.now() - IDEMPOTENCY_TTL
    ).first()
    if row is None:
        return None
    if row.request_hash != fingerprint:
        raise KeyReused(f"This {KEY_HEADER} was used for a different request.")
    return Answer(status=row.status_code, body=row.body, location=row.location)


def idempotent_write(
    *,
    user: AbstractBaseUser,
    key: str,
    method: str,
    path: str,
    data: Any,
    write: Callable[[], Answer],
) -> Answer:
    """`write()`'s answer, made once per (user, key) within IDEMPOTENCY_TTL.

    Without a key, just `write()`. With one: a stored answer for the same request is returned
    and `write` is not called; otherwise `write` runs in one transaction with the storing of
    its (2xx) answer, so that two concurrent sends of one key leave one write: the loser's
    transaction rolls back and it returns the winner's answer. Raises KeyReused when the key
    was used for a different request.
    """
    if not key:
        return write()
    fingerprint = request_hash(method=method, path=path, data=data)
    stored = _stored(user=user, key=key, fingerprint=fingerprint)
    if stored is not None:
        return stored
    try:
        with transaction.atomic():
            IdempotencyKey.objects.filter(
                user=user, key=key, created_at__lt=timezone.now() - IDEMPOTENCY_TTL
            ).delete()
            answer = write()
            if 200 <= answer.status < 300:
                IdempotencyKey.objects.create(
                    user=user,
                    key=key,
                    method=method,
                    path=path[: IdempotencyKey._meta.get_field("path").max_length],
                    request_hash=fingerprint,
                    status_code=answer.status,
                    body=answer.body,
                    location=answer.location,
                )
    except IntegrityError:  # the same key committed first in another request
        stored = _stored(user=user, key=key, fingerprint=fingerprint)
        if stored is None:
            raise
        return stored
    return answer


def idempotency_keys_purge() -> int:
    """Delete the answers older than IDEMPOTENCY_TTL; returns how many."""
    cutoff = timezone.now() - IDEMPOTENCY_TTL
    return IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()[0]
