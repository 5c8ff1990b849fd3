"""claim_assign: editors assign, reviewers take and release their own; every change is history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import ClaimEvent, ClaimEventAction
from claims.services import claim_assign, claims_assign
from tests import factories

pytestmark = pytest.mark.django_db


def test_reviewer_takes_an_unassigned_claim_and_it_is_in_the_history(reviewer):
    claim = factories.ClaimFactory()
    claim_assign(claim=claim, by=reviewer, reviewer=reviewer)
    claim.refresh_from_db()
    assert claim.assignee == reviewer
    event = ClaimEvent.objects.get(claim=claim)
    assert event.action == ClaimEventAction.ASSIGN
    assert (event.actor, event.assignee) == (reviewer, reviewer)


def test_taking_a_claim_twice_writes_one_history_row(reviewer):
    claim = factories.ClaimFactory()
    claim_assign(claim=claim, by=reviewer, reviewer=reviewer)
    claim_assign(claim=claim, by=reviewer, reviewer=reviewer)
    assert ClaimEvent.objects.filter(claim=claim).count() == 1


def test_reviewer_cannot_take_a_claim_in_progress_by_a_colleague(reviewer, colleague):
    claim = factories.ClaimFactory()
    claim_assign(claim=claim, by=colleague, reviewer=colleague)
    with pytest.raises(ValidationError, match="in progress by carl-colleague"):
        claim_assign(claim=claim, by=reviewer, reviewer=reviewer)
    with pytest.raises(ValidationError, match="in progress by carl-colleague"):
        claim_assign(claim=claim, by=reviewer, reviewer=None)
    claim.refresh_from_db()
    assert claim.assignee == colleague


def test_reviewer_cannot_assign_a_colleague(reviewer, colleague):
    with pytest.raises(PermissionDenied):
        claim_assign(claim=factories.ClaimFactory(), by=reviewer, reviewer=colleague)


def test_reviewer_releases_their_own_claim(reviewer):
    claim = factories.ClaimFactory()
    claim_assign(claim=claim, by=reviewer, reviewer=reviewer)
    claim_assign(claim=claim, by=reviewer, reviewer=None)
    claim.refresh_from_db()
    assert claim.assignee is None
    assert ClaimEvent.objects.filter(claim=claim).first().action == ClaimEventAction.RELEASE


def test_editor_assigns_reassigns_and_releases(editor, reviewer, colleague):
    claim = factories.ClaimFactory()
    claim_assign(claim=claim, by=editor, reviewer=reviewer)
    claim_assign(claim=claim, by=editor, reviewer=colleague)
    claim.refresh_from_db()
    assert claim.assignee == colleague
    claim_assign(claim=claim, by=editor, reviewer=None)
    actions = list(ClaimEvent.objects.filter(claim=claim).values_list("action", "actor"))
    assert actions == [("release", editor.pk), ("assign", editor.pk), ("assign", editor.pk)]


def test_only_reviewers_can_be_assignees(editor):
    with pytest.raises(ValidationError, match="not a reviewer"):
        claim_assign(claim=factories.ClaimFactory(), by=editor, reviewer=editor)


def test_users_in_no_role_cannot_assign(reviewer):
    nobody = factories.UserFactory(username="nora-nobody")
    with pytest.raises(PermissionDenied):
        claim_assign(claim=factories.ClaimFactory(), by=nobody, reviewer=reviewer)


def test_bulk_assign_counts_changes_and_refuses_all_when_one_is_refused(reviewer, colleague):
    free, held, mine = factories.ClaimFactory(), factories.ClaimFactory(), factories.ClaimFactory()
    claim_assign(claim=held, by=colleague, reviewer=colleague)
    claim_assign(claim=mine, by=reviewer, reviewer=reviewer)
    assert claims_assign(claim_ids=[free.pk, mine.pk], by=reviewer, reviewer=reviewer) == 1
    free.refresh_from_db()
    assert free.assignee == reviewer
    other = factories.ClaimFactory()
    with pytest.raises(ValidationError, match=f"Claim #{held.pk}"):
        claims_assign(claim_ids=[other.pk, held.pk], by=reviewer, reviewer=reviewer)
    other.refresh_from_db()
    assert other.assignee is None  # all or none


def test_assignment_history_is_append_only(reviewer):
    from claims.models import AppendOnlyError

    claim = factories.ClaimFactory()
    claim_assign(claim=claim, by=reviewer, reviewer=reviewer)
    event = ClaimEvent.objects.get()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        ClaimEvent.objects.all().delete()
