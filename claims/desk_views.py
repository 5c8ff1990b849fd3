"""Pages of the reviewer's desk: bulk actions in the queue, assigning a claim, its checked
statement, and the second review of draft verdicts (approve or return). The queue and claim
pages (claims.views) render them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from claims import selectors, services, views
from claims.forms import AssignForm, QueueActionForm, ReturnForm, StatementForm
from claims.models import Claim, Verdict
from claims.queue_actions import QUEUE_ACTIONS, queue_actions_for
from claims.services.assignment import can_assign_any, can_take


def _safe_next(request: HttpRequest, url: str) -> str:
    ok = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return url if url and ok else "/"


@login_required
@require_POST
def queue_action(request: HttpRequest) -> HttpResponse:
    """Run a bulk action (claims.queue_actions) on the claims ticked in the queue."""
    actions = queue_actions_for(request.user)
    if not actions:
        raise PermissionDenied("You may not change claims in the queue.")
    asked = QUEUE_ACTIONS.get(request.POST.get("action", ""))
    if asked is not None and not asked.allowed(request.user):
        raise PermissionDenied(f"You may not use “{asked.label}” in the queue.")
    form = QueueActionForm(request.POST, actions=actions)
    if form.is_valid():
        action = QUEUE_ACTIONS[form.cleaned_data["action"]]
        try:
            message = action.run(form.cleaned_data["claims"], request.user, form.cleaned_data)
        except ValidationError as exc:
            views._add_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(_safe_next(request, form.cleaned_data["next"]))
    return views._queue_page(request, action_form=form, status=400)


@login_required
@require_POST
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign the claim (`reviewer` = username), take it, or release it (empty `reviewer`)."""
    if not (can_take(request.user) or can_assign_any(request.user)):
        raise PermissionDenied("Only reviewers and editors can assign claims.")

    def assign(claim: Claim, data: dict) -> str:
        reviewer = data["reviewer"]
        services.claim_assign(claim=claim, by=request.user, reviewer=reviewer)
        return f"In progress by {reviewer.get_username()}." if reviewer else "Claim released."

    return views.claim_form_post(request, pk, AssignForm, "assign_form", assign)


def _draft_or_404(pk: int) -> Verdict:
    verdict = Verdict.objects.select_related("claim", "reviewer").filter(pk=pk).first()
    if verdict is None:
        raise Http404("No such verdict.")
    return verdict


@login_required
@require_POST
def verdict_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a draft verdict as its second reviewer: it is published."""
    if not request.user.has_perm("claims.add_verdict"):
        raise PermissionDenied("Only reviewers can approve verdicts.")
    verdict = _draft_or_404(pk)
    try:
        services.verdict_approve(verdict=verdict, reviewer=request.user)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        claim = selectors.claim_detail(pk=verdict.claim_id)
        return views._claim_page(request, claim, status=400)
    messages.success(request, f"Approved and published: {verdict.get_verdict_display()}.")
    return redirect(verdict.claim)


@login_required
@require_POST
def verdict_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a draft verdict back to its author with a note."""
    if not request.user.has_perm("claims.add_verdict"):
        raise PermissionDenied("Only reviewers can return verdicts.")
    verdict = _draft_or_404(pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.verdict_return(
                verdict=verdict, reviewer=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            views._add_errors(form, exc)
        else:
            messages.success(request, "Returned to its author with your note.")
            return redirect(verdict.claim)
    claim = selectors.claim_detail(pk=verdict.claim_id)
    return views._claim_page(request, claim, status=400, return_form=form)


@login_required
@require_POST
def claim_statement(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the claim as checked, in clean words (reviewers; empty clears it)."""
    if not can_take(request.user):
        raise PermissionDenied("Only reviewers can edit the checked statement.")

    def state(claim: Claim, data: dict) -> str:
        services.claim_statement_set(
            claim=claim, reviewer=request.user, statement=data["statement"]
        )
        return "Statement saved."

    return views.claim_form_post(request, pk, StatementForm, "statement_form", state)
