"""Pages' side of dismissals: a reviewer dismisses a claim as not worth checking on its page
(in bulk: the queue's "dismiss" action, claims.queue_actions) or restores it. Everyone else
gets 403."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from claims import services
from claims.forms import DismissForm, RestoreForm
from claims.models import Claim
from claims.services.dismissals import PERMISSION
from claims.views import claim_form_post


def _dismiss_access(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied("Only reviewers can dismiss or restore claims.")


@login_required
@require_POST
def claim_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Dismiss one claim from its page; invalid input shows the page again with a 400."""
    _dismiss_access(request)

    def dismiss(claim: Claim, data: dict) -> str:
        services.claim_dismiss(claim=claim, reviewer=request.user, **data)
        return "Dismissed: the claim has left the queue."

    return claim_form_post(request, pk, DismissForm, "dismiss_form", dismiss)


@login_required
@require_POST
def claim_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a dismissed claim back in the queue."""
    _dismiss_access(request)

    def restore(claim: Claim, data: dict) -> str:
        row = services.claim_restore(claim=claim, reviewer=request.user, **data)
        return "Restored to the queue." if row else "It was in the queue."

    return claim_form_post(request, pk, RestoreForm, "restore_form", restore)
