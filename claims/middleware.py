"""Content-Security-Policy on every response, a 400 for request data that is not UTF-8, and a
411 for a request body sent in chunks without a Content-Length.

Our pages load their one script and stylesheet from static files, so scripts are limited to
the site itself: an injected `<script>` or `onclick=` would not run even if escaping failed.
Styles allow inline `style=""` attributes (the templates and Django's admin use them). Paths
listed in CONTENT_SECURITY_POLICY_OVERRIDES (Swagger UI, which starts itself with an inline
script) get their own policy.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

HEADER = "Content-Security-Policy"


def policy_for(path: str) -> str:
    """The policy for a request path: the longest matching override, else the default."""
    overrides: dict[str, str] = getattr(settings, "CONTENT_SECURITY_POLICY_OVERRIDES", {})
    for prefix in sorted(overrides, key=len, reverse=True):
        if path.startswith(prefix):
            return overrides[prefix]
    return getattr(settings, "CONTENT_SECURITY_POLICY", "")


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header unless the view already set one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = policy_for(request.path)
        if policy and HEADER not in response:
            response[HEADER] = policy
        return response


class StrictUtf8Middleware:
    """A 400 for a query string or URL-encoded form body that is not valid UTF-8.

    Django decodes both with replacement characters, so a form would otherwise store "�"
    where the client sent bytes we cannot read. Multipart bodies are left to their parsers
    (uploaded files are decoded by claims.documents, which detects their encoding).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_utf8(request.META.get("QUERY_STRING", "").encode("latin-1", "replace")):
            return _not_utf8(request, "query string")
        if _urlencoded(request) and not _is_utf8(request.body):
            return _not_utf8(request, "form data")
        return self.get_response(request)


def _urlencoded(request: HttpRequest) -> bool:
    """An URL-encoded body small enough to read here (larger ones get Django's own 400)."""
    if request.content_type != "application/x-www-form-urlencoded":
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return 0 < length <= (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or length)


def _is_utf8(raw: bytes) -> bool:
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _not_utf8(request: HttpRequest, what: str) -> HttpResponse:
    message = f"The {what} is not valid UTF-8."
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class LengthRequiredMiddleware:
    """A 411 for a request whose body comes chunked, without a Content-Length.

    Django reads exactly Content-Length bytes of a body, so a chunked body (which gunicorn
    passes on without that header) would be read as empty and the request answered as if
    nothing had been sent ("text: This field is required"). Refuse it and say why instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not request.META.get("CONTENT_LENGTH"):
            return _length_required(request)
        return self.get_response(request)


LENGTH_REQUIRED = (
    "Send the request body with a Content-Length header (chunked bodies are not read)."
)


def _length_required(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": LENGTH_REQUIRED}, status=411)
    return HttpResponse(LENGTH_REQUIRED, status=411, content_type="text/plain; charset=utf-8")
