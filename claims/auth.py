"""Signing in: the sign-in page, and throttling with django-axes (backend, client address).

Axes counts failed sign-ins per username and client address and refuses further attempts
(even with the right password) for AXES_COOLOFF_TIME once AXES_FAILURE_LIMIT is reached.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse


class ThrottledSignInBackend(AxesStandaloneBackend):
    """Axes' lockout check for every sign-in that comes with a request.

    `authenticate()` without a request (the test client's `login`, a shell) has no client to
    throttle, so it is left to the next backend instead of raising, as axes' own backend does.
    DRF tokens and sessions never call `authenticate()` and are not affected either way.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The address the connection came from; never a header the client could set.

    Behind a reverse proxy, make the proxy (or gunicorn's `--forwarded-allow-ips`) set
    REMOTE_ADDR; trusting X-Forwarded-For here would let anyone dodge the lockout.
    """
    return request.META.get("REMOTE_ADDR")


class SignInView(LoginView):
    """Django's sign-in page; a refused sign-in (wrong password, bad input) answers 400."""

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The username axes records for an attempt, cut to its 255-character column.

    axes 8 trims every other value it stores but not this one, so a long username made
    PostgreSQL refuse the failed-attempt row and the sign-in page answer 500.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials if credentials else request.POST).get(field)
    return username[:255] if isinstance(username, str) else username
