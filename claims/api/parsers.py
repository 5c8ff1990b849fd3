"""Request parsers that refuse oversized and deeply nested bodies with a 4xx, not a 500.

DRF reads the request stream itself, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not bound a
JSON body and file uploads are never bounded by it. These parsers check the declared length
first and never read more than the limit.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from claims.api.exceptions import PayloadTooLarge


def body_limit() -> int:
    """The largest request body the API reads, in bytes."""
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _too_large() -> PayloadTooLarge:
    return PayloadTooLarge(f"The request body is larger than the limit of {body_limit():,} bytes.")


def _check_declared_length(parser_context: dict[str, Any] | None) -> None:
    request = (parser_context or {}).get("request")
    if request is None:
        return
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ParseError("Malformed Content-Length header.") from None
    if declared > body_limit():
        raise _too_large()


def _reject_constant(value: str) -> None:
    raise ValueError(f"{value} is not valid JSON")


class JSONParser(parsers.JSONParser):
    """JSON with a size limit; NaN/Infinity and nesting beyond Python's stack are a 400."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        _check_declared_length(parser_context)
        if stream is None:
            return {}
        raw = stream.read(body_limit() + 1)
        if len(raw) > body_limit():
            raise _too_large()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(raw.decode(encoding), parse_constant=_reject_constant)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from None


class MultiPartParser(parsers.MultiPartParser):
    """Multipart uploads, refused before reading when the declared length is over the limit."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        _check_declared_length(parser_context)
        return super().parse(stream, media_type, parser_context)
