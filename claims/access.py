"""Who may see what: one decorator for every read-only page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse


def read_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in users only, unless settings.PUBLIC_READ makes read-only pages public."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (settings.PUBLIC_READ or request.user.is_authenticated):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
