"""The Idempotency-Key header on API writes (claims.services.idempotency keeps the answers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from claims import services
from claims.services.idempotency import KEY_HEADER, Answer, KeyReused

IDEMPOTENCY_KEY = OpenApiParameter(
    KEY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Optional: a key of your choosing (1-255 visible ASCII characters). A retry "
    "with the same key within 24 hours gets the first answer and records nothing again.",
)


def idempotent_response(request: Request, data: Any, write: Callable[[], Answer]) -> Response:
    """`write()` once per Idempotency-Key (claims.services.idempotency), as a Response."""
    key = services.idempotency_key_clean(request.headers.get(KEY_HEADER))
    try:
        answer = services.idempotent_write(
            user=request.user,
            key=key,
            method=request.method,
            path=request.path,
            data=data,
            write=write,
        )
    except KeyReused as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    headers = {"Location": answer.location} if answer.location else None
    return Response(answer.body, status=answer.status, headers=headers)
