"""Reviewers split and merge claim groups; each action is recorded, append-only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import selectors
from claims.models import AppendOnlyError, ClaimGroup, ClaimGroupEvent, GroupAction, VerdictChoice
from claims.services import claim_group_merge, claim_group_split, claims_match
from tests.grouping import at, claim, verdict_at

pytestmark = pytest.mark.django_db

TEXT = "Crime in Chicago has doubled since 2015."


@pytest.fixture
def grouped():
    """Two appearances of one claim in one group."""
    first, second = claim(TEXT), claim("Since 2015, crime has doubled in Chicago.")
    claims_match(claims=[first])
    claims_match(claims=[second])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.group_id == second.group_id is not None
    return first, second


def test_an_editor_cannot_split_a_group(grouped, editor):
    with pytest.raises(PermissionDenied):
        claim_group_split(claim=grouped[1], reviewer=editor)


def test_an_editor_cannot_merge_groups(editor):
    with pytest.raises(PermissionDenied):
        claim_group_merge(claim=claim(TEXT), other=claim("Other claim."), reviewer=editor)


def test_a_reviewer_splits_a_wrong_match_into_its_own_group_and_it_is_recorded(grouped, reviewer):
    first, second = grouped
    old_group = first.group_id
    new_group = claim_group_split(claim=second, reviewer=reviewer, note="Different city council")
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.group_id == new_group.pk != old_group
    assert first.group_id == old_group
    event = ClaimGroupEvent.objects.get(action=GroupAction.SPLIT)
    assert (event.claim, event.reviewer, event.note) == (second, reviewer, "Different city council")
    assert (event.from_group_id, event.to_group_id) == (old_group, new_group.pk)
    # Both sides see the split in their timeline.
    assert event in selectors.claim_group_events(claim=first)
    assert event in selectors.claim_group_events(claim=second)


def test_a_split_takes_the_claims_verdict_out_of_the_old_groups_verdict(grouped, reviewer):
    first, second = grouped
    verdict_at(first, VerdictChoice.VERIFIED, at(2021, 1, 1, 9))
    verdict_at(second, VerdictChoice.CONTRADICTED, at(2021, 2, 1, 9))
    claim_group_split(claim=second, reviewer=reviewer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.group.current_verdict == VerdictChoice.VERIFIED
    assert second.group.current_verdict == VerdictChoice.CONTRADICTED


def test_a_claim_alone_cannot_be_split(reviewer):
    with pytest.raises(ValidationError):
        claim_group_split(claim=claim(TEXT), reviewer=reviewer)


def test_a_split_out_claim_is_not_matched_back_on_re_extraction(grouped, reviewer):
    first, second = grouped
    claim_group_split(claim=second, reviewer=reviewer)
    assert claims_match(claims=[second]) == {}
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.group_id != first.group_id


def test_a_reviewer_merges_two_groups_into_the_other_claims_group(grouped, reviewer):
    first, second = grouped
    third = claim("Violent crime in Chicago rose sharply, police said.")
    fourth = claim("Violent crime in Chicago rose sharply.")
    claims_match(claims=[third])
    claims_match(claims=[fourth])
    third.refresh_from_db()
    source = third.group_id
    target = claim_group_merge(claim=third, other=first, reviewer=reviewer, note="same claim")
    for row in (first, second, third, fourth):
        row.refresh_from_db()
    assert {row.group_id for row in (first, second, third, fourth)} == {target.pk}
    assert not ClaimGroup.objects.filter(pk=source).exists()
    event = ClaimGroupEvent.objects.get(action=GroupAction.MERGE)
    assert (event.claim, event.other_claim, event.reviewer) == (third, first, reviewer)
    assert (event.from_group_id, event.to_group_id) == (source, target.pk)
    assert event in selectors.claim_group_events(claim=fourth)


def test_merging_two_ungrouped_claims_makes_a_group_with_the_newest_verdict(reviewer):
    a, b = claim(TEXT), claim("A quite different sentence about crime.")
    verdict_at(a, VerdictChoice.VERIFIED, at(2021, 1, 1, 9))
    newest = verdict_at(b, VerdictChoice.MISLEADING, at(2021, 3, 1, 9))
    group = claim_group_merge(claim=a, other=b, reviewer=reviewer)
    assert (group.current_verdict, group.latest_verdict) == (VerdictChoice.MISLEADING, newest)
    a.refresh_from_db()
    assert a.group_id == group.pk


def test_a_claim_cannot_be_merged_with_itself(reviewer):
    a = claim(TEXT)
    with pytest.raises(ValidationError):
        claim_group_merge(claim=a, other=a, reviewer=reviewer)


def test_claims_already_together_cannot_be_merged(grouped, reviewer):
    with pytest.raises(ValidationError):
        claim_group_merge(claim=grouped[0], other=grouped[1], reviewer=reviewer)


def test_group_history_cannot_be_edited_or_deleted(grouped):
    event = ClaimGroupEvent.objects.first()
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        ClaimGroupEvent.objects.update(note="x")
    with pytest.raises(AppendOnlyError):
        ClaimGroupEvent.objects.all().delete()
