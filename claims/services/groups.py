"""Claim groups: the group verdict, and reviewers' split and merge (recorded as history)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from claims.models import (
    GROUP_NOTE_MAX_CHARS,
    Claim,
    ClaimGroup,
    ClaimGroupEvent,
    GroupAction,
    Verdict,
    VerdictChoice,
)
from claims.text_safety import clean_text

PERMISSION = "claims.change_claimgroup"


def group_verdict_refresh(*, group: ClaimGroup) -> ClaimGroup:
    """Point the group at the newest verdict across its members; locks and returns the group.

    Call inside a transaction: the lock orders concurrent verdicts on members of one group.
    """
    group = ClaimGroup.objects.select_for_update().get(pk=group.pk)
    newest = (
        Verdict.objects.published()
        .filter(claim__group=group)
        .order_by("-created_at", "-id")
        .first()
    )
    verdict = newest.verdict if newest else VerdictChoice.UNREVIEWED
    if group.latest_verdict_id != (newest.pk if newest else None) or (
        group.current_verdict != verdict
    ):
        group.latest_verdict = newest
        group.current_verdict = verdict
        group.save(update_fields=["latest_verdict", "current_verdict"])
    return group


def _check(reviewer: AbstractBaseUser, note: str) -> str:
    if not reviewer.has_perm(PERMISSION):
        raise PermissionDenied("Only reviewers can split or merge claim groups.")
    note = clean_text(note or "").strip()
    if len(note) > GROUP_NOTE_MAX_CHARS:
        raise ValidationError(
            {"note": f"The note is longer than {GROUP_NOTE_MAX_CHARS:,} characters."}
        )
    return note


@transaction.atomic
def claim_group_split(*, claim: Claim, reviewer: AbstractBaseUser, note: str = "") -> ClaimGroup:
    """Move a wrongly matched claim out of its group into a new group of its own.

    Raises PermissionDenied for anyone but reviewers, ValidationError when the claim is
    alone already. Both groups' verdicts are recomputed; the split is recorded.
    """
    note = _check(reviewer, note)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    old = ClaimGroup.objects.select_for_update().filter(pk=claim.group_id).first()
    if old is None or not old.claims.exclude(pk=claim.pk).exists():
        raise ValidationError("This claim is not grouped with any other claim.")
    new = ClaimGroup.objects.create(text=claim.text)
    claim.group = new
    claim.save(update_fields=["group"])
    if old.text == claim.text:
        old.text = old.claims.order_by("pk").values_list("text", flat=True).first() or ""
        old.save(update_fields=["text"])
    group_verdict_refresh(group=old)
    ClaimGroupEvent.objects.create(
        action=GroupAction.SPLIT,
        claim=claim,
        from_group_id=old.pk,
        to_group_id=new.pk,
        reviewer=reviewer,
        note=note,
    )
    return group_verdict_refresh(group=new)


@transaction.atomic
def claim_group_merge(
    *, claim: Claim, other: Claim, reviewer: AbstractBaseUser, note: str = ""
) -> ClaimGroup:
    """Put `claim` and everything grouped with it into `other`'s group; returns that group.

    A claim without a group moves alone; when neither has one, a new group holds both. The
    emptied group is deleted (its id stays in the history). Raises PermissionDenied for anyone
    but reviewers, ValidationError for the same claim twice or claims already together.
    """
    note = _check(reviewer, note)
    if claim.pk == other.pk:
        raise ValidationError("A claim cannot be merged with itself.")
    pair = Claim.objects.select_for_update().filter(pk__in=[claim.pk, other.pk]).order_by("pk")
    rows = {c.pk: c for c in pair}
    claim, other = rows[claim.pk], rows[other.pk]
    if claim.group_id is not None and claim.group_id == other.group_id:
        raise ValidationError("These claims are already in the same group.")
    ids = sorted(pk for pk in (claim.group_id, other.group_id) if pk is not None)
    # Every claim that moves is locked before the groups, in id order: matching and verdicts
    # lock claims first, then groups, so taking them the same way round cannot deadlock.
    members = Claim.objects.select_for_update().filter(group_id__in=ids).order_by("pk")
    list(members.values_list("pk", flat=True))
    groups = {g.pk: g for g in ClaimGroup.objects.select_for_update().filter(pk__in=ids)}
    target = groups.get(other.group_id)
    if target is None:
        target = ClaimGroup.objects.create(text=other.text)
        other.group = target
        other.save(update_fields=["group"])
    source_id = claim.group_id
    if source_id is None:
        claim.group = target
        claim.save(update_fields=["group"])
    else:
        Claim.objects.filter(group_id=source_id).update(group=target)
        groups[source_id].delete()
    ClaimGroupEvent.objects.create(
        action=GroupAction.MERGE,
        claim=claim,
        other_claim=other,
        from_group_id=source_id,
        to_group_id=target.pk,
        reviewer=reviewer,
        note=note,
    )
    return group_verdict_refresh(group=target)
