"""Re-grouping after the matcher changed: `manage.py rematch [--dry-run]`.

The claims that no reviewer touched are matched again, oldest first, each against the claims
older than itself, with today's decision (as if they had arrived one after another). Claims a
reviewer split or merged, every claim of a group a reviewer split or merged, and every claim
with a verdict of its own keep their group: a rematch never changes a verdict or a reviewer's
split or merge. The difference is reported claim by claim; with `apply`, the changes are
written under row locks (claims in id order, then groups) with one `rematch` event each, and
the touched groups' verdicts are refreshed from their members' verdicts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from claims.models import Claim, ClaimGroup, ClaimGroupEvent, GroupAction
from claims.services.claim_grouping import _FIELDS, _PLACEHOLDER, _find, _Pool
from claims.services.groups import group_verdict_refresh

# Claims matched per pass (each pass reads its candidates in a fixed number of queries).
CHUNK = 500


@dataclass(frozen=True)
class Regrouping:
    """One claim whose group changes: `to_group` None means no group; negative, a new group."""

    claim_id: int
    from_group: int | None
    to_group: int | None
    with_claim: int | None
    score: float | None


def _kept() -> set[int]:
    """Claims whose group stays as it is: a reviewer's split or merge, or a verdict."""
    hand = ClaimGroupEvent.objects.filter(action__in=[GroupAction.SPLIT, GroupAction.MERGE])
    claims, groups = set(), set()
    for claim_id, other_id, from_group, to_group in hand.values_list(
        "claim_id", "other_claim_id", "from_group_id", "to_group_id"
    ):
        claims.update(pk for pk in (claim_id, other_id) if pk)
        groups.update(pk for pk in (from_group, to_group) if pk)
    claims.update(Claim.objects.filter(group_id__in=groups).values_list("pk", flat=True))
    claims.update(Claim.objects.filter(verdicts__isnull=False).values_list("pk", flat=True))
    return claims


def _chunks(ids: list[int]) -> Iterator[list[Claim]]:
    for first in range(0, len(ids), CHUNK):
        rows = Claim.objects.filter(pk__in=ids[first : first + CHUNK]).only(*_FIELDS)
        yield sorted(rows, key=lambda row: row.pk)


def claims_regroup_plan() -> list[Regrouping]:
    """What a rematch would change, claim by claim (nothing is written)."""
    kept = _kept()
    free = list(
        Claim.objects.filter(found=True)
        .exclude(pk__in=kept)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    old = dict(Claim.objects.filter(pk__in=free).values_list("pk", "group_id"))
    pool = _Pool(detached=free, older_only=True)
    partners: dict[int, tuple[int, float]] = {}
    for chunk in _chunks(free):
        for claim, match in _find(chunk, pool, threshold=_threshold()):
            partners[claim.pk] = (match.claim_id, match.score)
    # New membership: real group ids stay; a group made in this pass is named after its
    # oldest member (negated), so the plan is stable from one run to the next.
    members: dict[int, list[int]] = defaultdict(list)
    for pk in free:
        group = pool.groups.get(pk)
        if group is not None:
            members[group].append(pk)
    names = {group: -min(pks) for group, pks in members.items() if group >= _PLACEHOLDER}
    changes = []
    for pk in free:
        group = pool.groups.get(pk)
        new = names.get(group, group)
        if new is not None and new < 0:
            new = _same_old_group(members[group], old) or new
        if new != old[pk]:
            partner = partners.get(pk)
            changes.append(
                Regrouping(
                    pk,
                    old[pk],
                    new,
                    partner[0] if partner else None,
                    partner[1] if partner else None,
                )
            )
    return changes


def _same_old_group(pks: list[int], old: dict[int, int | None]) -> int | None:
    """The old group of these claims when they were exactly its free members already."""
    groups = {old[pk] for pk in pks}
    if len(groups) != 1 or None in groups:
        return None
    group = groups.pop()
    others = Claim.objects.filter(group_id=group).exclude(pk__in=pks).exists()
    return None if others else group


def _threshold() -> float:
    from claims import claim_decision

    return claim_decision.THRESHOLD


@transaction.atomic
def claims_rematch(*, dry_run: bool = False) -> list[Regrouping]:
    """Recompute the groups of untouched claims; returns the changes (written unless dry run)."""
    changes = claims_regroup_plan()
    if dry_run or not changes:
        return changes
    ids = sorted(change.claim_id for change in changes)
    locked = {
        row.pk: row for row in Claim.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    made: dict[int, ClaimGroup] = {}
    for change in changes:
        if change.to_group is not None and change.to_group < 0 and change.to_group not in made:
            made[change.to_group] = ClaimGroup.objects.create(text=locked[-change.to_group].text)
    touched: set[int] = set()
    events = []
    for change in changes:
        claim = locked[change.claim_id]
        target = made[change.to_group].pk if change.to_group in made else change.to_group
        claim.group_id = target
        touched.update(pk for pk in (change.from_group, target) if pk)
        events.append(
            ClaimGroupEvent(
                action=GroupAction.REMATCH,
                claim_id=claim.pk,
                other_claim_id=change.with_claim,
                from_group_id=change.from_group,
                to_group_id=target,
                score=change.score,
                note="rematch: "
                + (f"matches claim {change.with_claim}" if change.with_claim else "no match"),
            )
        )
    Claim.objects.bulk_update(list(locked.values()), ["group"])
    ClaimGroupEvent.objects.bulk_create(events)
    for group in (
        ClaimGroup.objects.select_for_update().filter(pk__in=sorted(touched)).order_by("pk")
    ):
        group_verdict_refresh(group=group)
    return changes
