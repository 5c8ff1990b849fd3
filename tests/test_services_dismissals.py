"""Dismissals: reviewers take claims out of the queue and put them back, always in history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import selectors, services
from claims.models import AppendOnlyError, ClaimDismissal
from tests import factories

pytestmark = pytest.mark.django_db


def test_reviewer_dismisses_a_claim_and_it_leaves_the_queue(reviewer):
    claim = factories.ClaimFactory()
    row = services.claim_dismiss(
        claim=claim, reviewer=reviewer, reason="not_checkworthy", note=" Trivia. "
    )
    claim.refresh_from_db()
    assert claim.dismissed and claim.dismissed_reason == "not_checkworthy"
    assert (row.action, row.reason, row.note, row.reviewer) == (
        "dismiss",
        "not_checkworthy",
        "Trivia.",
        reviewer,
    )
    assert claim not in selectors.claim_queue()


def test_the_same_dismissal_twice_writes_one_row(reviewer):
    claim = factories.ClaimFactory()
    first = services.claim_dismiss(claim=claim, reviewer=reviewer, reason="duplicate")
    again = services.claim_dismiss(claim=claim, reviewer=reviewer, reason="duplicate")
    assert first.pk == again.pk
    assert ClaimDismissal.objects.count() == 1


def test_another_reason_is_a_new_history_row(reviewer):
    claim = factories.ClaimFactory()
    services.claim_dismiss(claim=claim, reviewer=reviewer, reason="duplicate")
    services.claim_dismiss(claim=claim, reviewer=reviewer, reason="out_of_scope")
    claim.refresh_from_db()
    assert claim.dismissed_reason == "out_of_scope"
    assert ClaimDismissal.objects.filter(claim=claim).count() == 2


def test_restore_puts_it_back_and_is_recorded(reviewer):
    claim = factories.ClaimFactory()
    services.claim_dismiss(claim=claim, reviewer=reviewer, reason="extraction_error")
    row = services.claim_restore(claim=claim, reviewer=reviewer, note="It is a figure.")
    claim.refresh_from_db()
    assert not claim.dismissed and row.action == "restore" and row.note == "It is a figure."
    assert claim in selectors.claim_queue()
    assert [d.action for d in selectors.claim_dismissals(claim=claim)] == ["restore", "dismiss"]


def test_restoring_a_claim_in_the_queue_writes_nothing(reviewer):
    claim = factories.ClaimFactory()
    assert services.claim_restore(claim=claim, reviewer=reviewer) is None
    assert not ClaimDismissal.objects.exists()


def test_editor_cannot_dismiss(editor):
    claim = factories.ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.claim_dismiss(claim=claim, reviewer=editor, reason="duplicate")
    with pytest.raises(PermissionDenied):
        services.claim_restore(claim=claim, reviewer=editor)
    claim.refresh_from_db()
    assert not claim.dismissed and not ClaimDismissal.objects.exists()


def test_unknown_reason_and_long_note_are_refused(reviewer):
    claim = factories.ClaimFactory()
    with pytest.raises(ValidationError) as bad_reason:
        services.claim_dismiss(claim=claim, reviewer=reviewer, reason="boring")
    assert "reason" in bad_reason.value.message_dict
    with pytest.raises(ValidationError) as long_note:
        services.claim_dismiss(
            claim=claim, reviewer=reviewer, reason="duplicate", note="x" * 10_001
        )
    assert "note" in long_note.value.message_dict
    assert not ClaimDismissal.objects.exists()


def test_bulk_dismissal_is_all_or_nothing(reviewer):
    claims = factories.ClaimFactory.create_batch(3)
    ids = [c.pk for c in claims]
    with pytest.raises(ValidationError):
        services.claims_dismiss(claim_ids=[*ids, 999_999], reviewer=reviewer, reason="duplicate")
    assert not ClaimDismissal.objects.exists()
    assert services.claims_dismiss(claim_ids=ids, reviewer=reviewer, reason="duplicate") == 3
    assert not selectors.claim_queue().filter(pk__in=ids).exists()


def test_dismissal_history_is_append_only(reviewer):
    row = services.claim_dismiss(
        claim=factories.ClaimFactory(), reviewer=reviewer, reason="duplicate"
    )
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        ClaimDismissal.objects.all().update(note="changed")
    with pytest.raises(AppendOnlyError):
        ClaimDismissal.objects.all().delete()


def test_dismissal_totals_count_by_reason(reviewer):
    for reason in ("duplicate", "duplicate", "not_checkworthy"):
        services.claim_dismiss(claim=factories.ClaimFactory(), reviewer=reviewer, reason=reason)
    factories.ClaimFactory()
    assert selectors.dismissal_totals() == {"duplicate": 2, "not_checkworthy": 1}
