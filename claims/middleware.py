"""Content-Security-Policy: a header on every response, from settings.

Our pages load their one script and stylesheet from static files, so scripts are limited to
the site itself: an injected `<script>` or `onclick=` would not run even if escaping failed.
Styles allow inline `style=""` attributes (the templates and Django's admin use them). Paths
listed in CONTENT_SECURITY_POLICY_OVERRIDES (Swagger UI, which starts itself with an inline
script) get their own policy.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
