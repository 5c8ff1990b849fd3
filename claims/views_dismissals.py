"""Pages' side of dismissals: a reviewer dismisses a claim as not worth checking (on its page
or in bulk from the queue) or restores it. Everyone else gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.forms import BulkDismissForm, DismissForm, RestoreForm
from claims.models import Claim
from claims.services.dismissals import PERMISSION
from claims.views import _add_errors, _claim_page, _get_or_404


def _dismiss_access(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied("Only reviewers can dismiss or restore claims.")


@login_required
@require_POST
def claim_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Dismiss one claim from its page; invalid input shows the page again with a 400."""
    _dismiss_access(request)
    claim = _get_or_404(selectors.claim_detail, Claim, pk=pk)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.claim_dismiss(claim=claim, reviewer=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Dismissed: the claim has left the queue.")
            return redirect(claim)
    return _claim_page(request, claim, status=400, dismiss_form=form)


@login_required
@require_POST
def claim_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a dismissed claim back in the queue."""
    _dismiss_access(request)
    claim = _get_or_404(selectors.claim_detail, Claim, pk=pk)
    form = RestoreForm(request.POST)
    if form.is_valid():
        row = services.claim_restore(claim=claim, reviewer=request.user, **form.cleaned_data)
        messages.success(request, "Restored to the queue." if row else "It was in the queue.")
        return redirect(claim)
    return _claim_page(request, claim, status=400, restore_form=form)


def _back_to_queue(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if safe and target.startswith("/") else reverse("claims:queue")


@login_required
@require_POST
def claims_dismiss(request: HttpRequest) -> HttpResponse:
    """The queue's bulk action: dismiss the ticked claims for one reason."""
    _dismiss_access(request)
    form = BulkDismissForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(e for field in form.errors.values() for e in field)
        messages.error(request, f"Nothing dismissed: {errors}")
        return redirect(_back_to_queue(request), permanent=False)
    data = form.cleaned_data
    try:
        count = services.claims_dismiss(
            claim_ids=data["claims"],
            reviewer=request.user,
            reason=data["reason"],
            note=data["note"],
        )
    except ValidationError as exc:
        messages.error(request, f"Nothing dismissed: {'; '.join(exc.messages)}")
    else:
        messages.success(request, f"Dismissed {count} claim{'s' if count != 1 else ''}.")
    return redirect(_back_to_queue(request))
