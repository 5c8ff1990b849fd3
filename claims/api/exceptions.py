"""One exception handler for the API: Django's errors become 4xx answers, never a 500.

DRF's default handler knows its own exceptions, Http404 and Django's PermissionDenied. This
one adds Django's ValidationError (400 with field-level messages, the shape serializer errors
have), RequestDataTooBig (413) and RecursionError from a deeply nested body (400).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def validation_error_detail(exc: DjangoValidationError) -> dict[str, Any] | list[str]:
    """Django's ValidationError as DRF's error shape: {field: [messages]} or [messages]."""
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map Django's validation and size errors to DRF exceptions, then use DRF's handler."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(str(exc) or PayloadTooLarge.default_detail)
    elif isinstance(exc, RecursionError):
        exc = exceptions.ParseError("The JSON body is nested too deeply.")
    return exception_handler(exc, context)
