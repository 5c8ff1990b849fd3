"""Reads for the reviewer's desk: who can be assigned claims, a claim's assignment history, and
the published fact-checks (public pages and feed)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.db.models import Q, QuerySet

from claims.models import Claim, ClaimEvent, Verdict, VerdictChoice

# Matches claims.services.assignment.REVIEW: whoever records verdicts can be assigned claims.
REVIEW_PERMISSION = ("claims", "add_verdict")


def reviewers() -> QuerySet[AbstractBaseUser]:
    """Active users who may record verdicts (through a group, directly, or as superusers)."""
    app_label, codename = REVIEW_PERMISSION
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(
            Q(is_superuser=True) | Q(groups__permissions__in=perm) | Q(user_permissions__in=perm)
        )
        .distinct()
        .order_by("username")
    )


def claim_events(*, claim: Claim) -> QuerySet[ClaimEvent]:
    """The claim's assignment history, newest first, with who did what."""
    return claim.events.select_related("actor", "assignee").order_by("-created_at", "-id")


def claims_assigned_to(claims: QuerySet[Claim], *, user: AbstractBaseUser) -> QuerySet[Claim]:
    """The claims of `claims` assigned to `user` (none for anonymous visitors)."""
    if not user.is_authenticated:
        return claims.none()
    return claims.filter(assignee=user)


# Published fact-checks --------------------------------------------------------------------


def published_factchecks() -> QuerySet[Claim]:
    """Claims with a published verdict, most recently reviewed first, with `reviewed_at` and
    `review_note` (claims.selectors.claim_reviews)."""
    from claims.selectors import claim_reviews

    return claim_reviews().order_by("-updated_at", "-id")


def published_factcheck(*, pk: int) -> tuple[Claim, Verdict]:
    """A claim with a published verdict and that verdict (its newest published one, with its
    evidence). Raises Claim.DoesNotExist while the claim has none: drafts stay private."""
    from claims.selectors import with_co_signers

    claim = with_co_signers(
        Claim.objects.exclude(current_verdict=VerdictChoice.UNREVIEWED).select_related(
            "speaker", "article"
        )
    ).get(pk=pk)
    verdict = (
        Verdict.objects.published()
        .filter(claim=claim)
        .select_related("reviewer")
        .order_by("-created_at", "-id")
        .first()
    )
    if verdict is None:
        raise Claim.DoesNotExist("The claim has no published verdict.")
    return claim, verdict
