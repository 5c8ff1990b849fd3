"""Signing in: the sign-in page, and throttling with django-axes (backend, client address).

Axes counts failed sign-ins per username and client address and refuses further attempts
(even with the right password) for AXES_COOLOFF_TIME once AXES_FAILURE_LIMIT is reached.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from claims.failure_limits import FailureLimit


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


def wrong_old_password_limit() -> FailureLimit:
    return FailureLimit(
        "old-password",
        settings.AXES_FAILURE_LIMIT,
        int(settings.AXES_COOLOFF_TIME.total_seconds()),
    )


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's password change; AXES_FAILURE_LIMIT wrong old passwords lock the form for the
    user for AXES_COOLOFF_TIME (a stolen session cannot guess the password through it)."""

    def clean_old_password(self) -> str:
        limit = wrong_old_password_limit()
        if limit.blocked(self.user.pk):
            raise ValidationError(
                "Too many wrong passwords: try again later.", code="too_many_attempts"
            )
        try:
            return super().clean_old_password()
        except ValidationError:
            limit.record(self.user.pk)
            raise


class ThrottledPasswordChangeView(PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def form_invalid(self, form: PasswordChangeForm) -> HttpResponse:
        codes = {e.code for e in form.errors.as_data().get("old_password", [])}
        status = 429 if "too_many_attempts" in codes else 400
        return self.render_to_response(self.get_context_data(form=form), status=status)


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
