"""Dismissals: a reviewer takes a claim out of the queue as not worth checking, or restores it.

Every dismissal and restore is a new ClaimDismissal row (who, when, why, a note); the claim's
`dismissed_reason` tracks the newest. Repeating the same dismissal (a retried request) writes
nothing, and neither does restoring a claim that is in the queue.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimDismissal, DismissalAction, DismissalReason

PERMISSION = "claims.add_claimdismissal"
MAX_NOTE = 10_000
MAX_BULK = 500


def _check(reviewer: AbstractBaseUser, note: str) -> str:
    if not reviewer.has_perm(PERMISSION):
        raise PermissionDenied("Only reviewers can dismiss or restore claims.")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": f"The note is longer than {MAX_NOTE:,} characters."})
    return note


def _set(claim: Claim, reason: str) -> None:
    claim.dismissed_reason = reason
    claim.updated_at = timezone.now()
    claim.save(update_fields=["dismissed_reason", "updated_at"])


@transaction.atomic
def claim_dismiss(
    *, claim: Claim, reviewer: AbstractBaseUser, reason: str, note: str = ""
) -> ClaimDismissal:
    """Take a claim out of the queue for `reason` (a DismissalReason); returns the history row.

    A claim already dismissed for the same reason keeps its row (nothing is written twice);
    another reason is a new row.
    """
    note = _check(reviewer, note)
    if reason not in DismissalReason.values:
        choices = ", ".join(DismissalReason.values)
        raise ValidationError({"reason": f"{reason!r} is not a reason; use one of {choices}."})
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    latest = claim.dismissals.order_by("-created_at", "-id").first()
    if claim.dismissed_reason == reason and latest is not None:
        return latest
    row = ClaimDismissal.objects.create(
        claim=claim, action=DismissalAction.DISMISS, reason=reason, note=note, reviewer=reviewer
    )
    _set(claim, reason)
    return row


@transaction.atomic
def claim_restore(
    *, claim: Claim, reviewer: AbstractBaseUser, note: str = ""
) -> ClaimDismissal | None:
    """Put a dismissed claim back in the queue; None (nothing written) if it was not dismissed."""
    note = _check(reviewer, note)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if not claim.dismissed_reason:
        return None
    row = ClaimDismissal.objects.create(
        claim=claim, action=DismissalAction.RESTORE, note=note, reviewer=reviewer
    )
    _set(claim, "")
    return row


@transaction.atomic
def claims_dismiss(
    *, claim_ids: Iterable[int], reviewer: AbstractBaseUser, reason: str, note: str = ""
) -> int:
    """Dismiss many claims at once (the queue's bulk action); returns how many were given.

    All or nothing: one bad id or reason refuses the whole batch.
    """
    ids = sorted(set(claim_ids))
    if not ids:
        raise ValidationError({"claims": "Choose at least one claim."})
    if len(ids) > MAX_BULK:
        raise ValidationError({"claims": f"At most {MAX_BULK} claims at once."})
    claims = list(Claim.objects.filter(pk__in=ids))
    if len(claims) != len(ids):
        raise ValidationError({"claims": "Some of the chosen claims do not exist."})
    for claim in claims:
        claim_dismiss(claim=claim, reviewer=reviewer, reason=reason, note=note)
    return len(claims)
