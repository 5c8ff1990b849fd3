"""Bulk actions of the review queue: one registry, one form, one view.

The queue has one checkbox a row and one select of actions (claims.forms.QueueActionForm,
posted to claims.desk_views.queue_action). Each action is a `QueueAction`: a label for the
select, who may run it, and `run`, which calls one service with the ticked claims and returns
the message to show. The page lists the actions the user may run; the view refuses the others
with 403, and the services check permissions again.

- take, release: reviewers (their own claims); editors release anyone's;
- assign to a reviewer: editors;
- dismiss with a reason (and an optional note): reviewers; editors cannot dismiss.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from claims import services
from claims.models import Claim
from claims.services.assignment import can_assign_any, can_take
from claims.services.dismissals import PERMISSION as DISMISS


@dataclass(frozen=True)
class QueueAction:
    label: str
    allowed: Callable[[AbstractBaseUser], bool]
    # (claims, user, the form's cleaned data) -> message for the user
    run: Callable[[QuerySet[Claim], AbstractBaseUser, dict], str]


def _changed(count: int, what: str) -> str:
    return f"{count} claim{'' if count == 1 else 's'} {what}."


def _assign(claims: QuerySet[Claim], user: AbstractBaseUser, data: dict) -> str:
    reviewer = data.get("reviewer")
    if reviewer is None:
        raise ValidationError({"reviewer": "Choose the reviewer to assign the claims to."})
    count = services.claims_assign(claim_ids=[c.pk for c in claims], by=user, reviewer=reviewer)
    return _changed(count, f"assigned to {reviewer.get_username()}")


def _take(claims: QuerySet[Claim], user: AbstractBaseUser, data: dict) -> str:
    count = services.claims_assign(claim_ids=[c.pk for c in claims], by=user, reviewer=user)
    return _changed(count, "taken by you")


def _release(claims: QuerySet[Claim], user: AbstractBaseUser, data: dict) -> str:
    count = services.claims_assign(claim_ids=[c.pk for c in claims], by=user, reviewer=None)
    return _changed(count, "released")


def _dismiss(claims: QuerySet[Claim], user: AbstractBaseUser, data: dict) -> str:
    if not data.get("reason"):
        raise ValidationError({"reason": "Choose why the claims are not worth checking."})
    count = services.claims_dismiss(
        claim_ids=[c.pk for c in claims],
        reviewer=user,
        reason=data["reason"],
        note=data.get("note", ""),
    )
    return _changed(count, "dismissed")


def can_dismiss(user: AbstractBaseUser) -> bool:
    return user.is_authenticated and user.has_perm(DISMISS)


QUEUE_ACTIONS: dict[str, QueueAction] = {
    "take": QueueAction("Take (assign to me)", can_take, _take),
    "assign": QueueAction("Assign to reviewer", can_assign_any, _assign),
    "release": QueueAction("Release", lambda u: can_take(u) or can_assign_any(u), _release),
    "dismiss": QueueAction("Dismiss (give the reason)", lambda u: can_dismiss(u), _dismiss),
}


def queue_actions_for(user: AbstractBaseUser) -> list[tuple[str, str]]:
    """(name, label) of the actions `user` may run, in registry order."""
    return [(name, a.label) for name, a in QUEUE_ACTIONS.items() if a.allowed(user)]
