"""claim_statement_set: reviewers state the checked claim in clean words, with history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import ClaimEvent, ClaimEventAction
from claims.services import claim_statement_set
from tests import factories

pytestmark = pytest.mark.django_db


def test_reviewer_sets_a_statement_kept_beside_the_sentence(reviewer):
    claim = factories.ClaimFactory(text="Officials said staff at the embassy was cut by half.")
    claim_statement_set(claim=claim, reviewer=reviewer, statement="  The embassy cut  staff ")
    claim.refresh_from_db()
    assert claim.statement == "The embassy cut staff"
    assert claim.text == "Officials said staff at the embassy was cut by half."
    event = ClaimEvent.objects.get()
    assert (event.action, event.text, event.actor) == (
        ClaimEventAction.STATEMENT,
        "The embassy cut staff",
        reviewer,
    )


def test_same_statement_twice_writes_once_and_clearing_is_recorded(reviewer):
    claim = factories.ClaimFactory()
    claim_statement_set(claim=claim, reviewer=reviewer, statement="A")
    claim_statement_set(claim=claim, reviewer=reviewer, statement="A")
    claim_statement_set(claim=claim, reviewer=reviewer, statement="")
    assert list(ClaimEvent.objects.values_list("text", flat=True)) == ["", "A"]


def test_editors_cannot_edit_the_statement(editor):
    with pytest.raises(PermissionDenied):
        claim_statement_set(claim=factories.ClaimFactory(), reviewer=editor, statement="A")


def test_overlong_statement_is_refused(reviewer):
    with pytest.raises(ValidationError):
        claim_statement_set(claim=factories.ClaimFactory(), reviewer=reviewer, statement="x" * 1001)
