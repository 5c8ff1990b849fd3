"""Token authentication that counts failures: a client address sending bad tokens is refused
(429) for a while, so tokens cannot be guessed at the API's full request rate."""

from __future__ import annotations

from django.conf import settings
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.request import Request

from claims.auth import client_ip
from claims.failure_limits import FailureLimit


def bad_token_limit() -> FailureLimit:
    return FailureLimit(
        "api-token", settings.API_BAD_TOKEN_LIMIT, settings.API_BAD_TOKEN_WINDOW_SECONDS
    )


class ThrottledTokenAuthentication(TokenAuthentication):
    """DRF's token authentication; API_BAD_TOKEN_LIMIT failures from one address within the
    window make every token request from it answer 429 until the window ends."""

    def authenticate(self, request: Request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.lower().startswith(self.keyword.lower()):
            return None  # no token offered: another authenticator (or anonymous)
        limit, who = bad_token_limit(), client_ip(request)
        if limit.blocked(who):
            raise Throttled(wait=limit.window, detail="Too many failed token authentications.")
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            limit.record(who)
            raise
