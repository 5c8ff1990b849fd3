"""The claim on the reviewer's desk: who is checking it, and what exactly is being checked.

Editors assign claims to reviewers, reviewers take and release them; reviewers state the
checked claim in clean words (`claim_statement_set`).

A claim has at most one assignee ("in progress by X"). Every change is a ClaimEvent row with
who made it. Rules:

- A reviewer (claims.add_verdict) may take an unassigned claim, and release their own.
- An editor (claims.assign_claim) may assign any claim to any reviewer, reassign or release it.
- Only reviewers can be assignees (the person who will record the verdict).

Asking for the state a claim is already in changes nothing and writes no history, so a
retried request never writes twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimEvent, ClaimEventAction

ASSIGN_ANY = "claims.assign_claim"
REVIEW = "claims.add_verdict"
MAX_BULK = 200  # claims one bulk action may change (a queue page is 25)


def can_assign_any(user: AbstractBaseUser) -> bool:
    """Editors (and staff): assign to anyone, reassign, release anyone's claim."""
    return user.is_authenticated and user.has_perm(ASSIGN_ANY)


def can_take(user: AbstractBaseUser) -> bool:
    """Reviewers take claims for themselves."""
    return user.is_authenticated and user.has_perm(REVIEW)


def _check(claim: Claim, by: AbstractBaseUser, reviewer: AbstractBaseUser | None) -> None:
    if not (can_assign_any(by) or can_take(by)):
        raise PermissionDenied("Only reviewers and editors can assign claims.")
    if reviewer is not None and not (reviewer.is_active and reviewer.has_perm(REVIEW)):
        raise ValidationError({"reviewer": f"{reviewer.get_username()} is not a reviewer."})
    if can_assign_any(by):
        return
    # A reviewer acting alone: only for themselves, and never over a colleague's claim.
    if reviewer is not None and reviewer.pk != by.pk:
        raise PermissionDenied("Reviewers can take claims for themselves; editors assign them.")
    if claim.assignee_id is not None and claim.assignee_id != by.pk:
        name = claim.assignee.get_username()
        raise ValidationError({"reviewer": f"This claim is in progress by {name}."})


@transaction.atomic
def claim_assign(*, claim: Claim, by: AbstractBaseUser, reviewer: AbstractBaseUser | None) -> Claim:
    """Assign the claim to `reviewer` (None releases it), as `by`; returns the claim.

    Raises PermissionDenied when `by` may not make this change and ValidationError when the
    assignee is not a reviewer or a colleague holds the claim. No-op when nothing changes.
    """
    claim = (
        Claim.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=claim.pk)
    )
    _check(claim, by, reviewer)
    new_id = reviewer.pk if reviewer is not None else None
    if claim.assignee_id == new_id:
        return claim
    claim.assignee = reviewer
    claim.updated_at = timezone.now()
    claim.save(update_fields=["assignee", "updated_at"])
    action = ClaimEventAction.ASSIGN if reviewer is not None else ClaimEventAction.RELEASE
    ClaimEvent.objects.create(claim=claim, action=action, actor=by, assignee=reviewer)
    return claim


@transaction.atomic
def claims_assign(
    *, claim_ids: Iterable[int], by: AbstractBaseUser, reviewer: AbstractBaseUser | None
) -> int:
    """Assign (or release) several claims at once, all or none; returns how many changed.

    Raises what claim_assign raises for the first claim it refuses, naming it.
    """
    ids = sorted(set(claim_ids))
    if len(ids) > MAX_BULK:
        raise ValidationError({"claims": f"At most {MAX_BULK} claims at a time."})
    changed = 0
    for claim in Claim.objects.filter(pk__in=ids).order_by("pk"):
        before = claim.assignee_id
        try:
            after = claim_assign(claim=claim, by=by, reviewer=reviewer).assignee_id
        except ValidationError as exc:
            raise ValidationError(f"Claim #{claim.pk}: {'; '.join(exc.messages)}") from None
        changed += before != after
    return changed


MAX_STATEMENT = 1000


@transaction.atomic
def claim_statement_set(*, claim: Claim, reviewer: AbstractBaseUser, statement: str) -> Claim:
    """State what is being checked in clean words (empty clears it); kept beside the source
    sentence, recorded in the claim's history, used as ClaimReview's claimReviewed.
    Reviewers only; setting the same statement again writes nothing."""
    if not can_take(reviewer):
        raise PermissionDenied("Only reviewers can edit the checked statement.")
    statement = " ".join((statement or "").split())
    if len(statement) > MAX_STATEMENT:
        raise ValidationError({"statement": f"At most {MAX_STATEMENT} characters."})
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.statement == statement:
        return claim
    claim.statement = statement
    claim.updated_at = timezone.now()
    claim.save(update_fields=["statement", "updated_at"])
    ClaimEvent.objects.create(
        claim=claim, action=ClaimEventAction.STATEMENT, actor=reviewer, text=statement
    )
    return claim
