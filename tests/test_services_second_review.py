"""Second review (REQUIRE_SECOND_REVIEW): drafts, approval by another reviewer, returns."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import selectors
from claims.models import AppendOnlyError, ReviewDecision, Verdict, VerdictReview, WebhookDelivery
from claims.services import verdict_approve, verdict_record, verdict_return
from claims.services.webhooks import webhook_subscription_create
from tests import factories
from tests.second_review import EVIDENCE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def second_review(settings):
    settings.REQUIRE_SECOND_REVIEW = True
    settings.WEBHOOK_ALLOW_PRIVATE = True


def _draft(claim, reviewer, verdict="contradicted") -> Verdict:
    return verdict_record(claim=claim, reviewer=reviewer, verdict=verdict, evidence=EVIDENCE)


def test_a_verdict_is_a_draft_and_the_claim_stays_unpublished(reviewer):
    claim = factories.ClaimFactory()
    row = _draft(claim, reviewer)
    claim.refresh_from_db()
    assert row.draft
    assert claim.current_verdict == "unreviewed"
    assert claim.pending_verdict == row
    assert list(selectors.claim_history(claim=claim, drafts=False)) == []
    assert list(selectors.claim_history(claim=claim)) == [row]


def test_a_second_reviewer_approves_and_the_verdict_is_published(reviewer, second):
    claim = factories.ClaimFactory()
    row = _draft(claim, reviewer)
    review = verdict_approve(verdict=row, reviewer=second)
    claim.refresh_from_db()
    assert review.decision == ReviewDecision.APPROVED
    assert claim.current_verdict == "contradicted"
    assert claim.pending_verdict is None
    assert list(selectors.claim_history(claim=claim, drafts=False)) == [row]


def test_the_author_cannot_approve_their_own_draft(reviewer):
    row = _draft(factories.ClaimFactory(), reviewer)
    with pytest.raises(PermissionDenied, match="not its author"):
        verdict_approve(verdict=row, reviewer=reviewer)
    assert not VerdictReview.objects.exists()


def test_editors_cannot_approve(editor, reviewer):
    row = _draft(factories.ClaimFactory(), reviewer)
    with pytest.raises(PermissionDenied):
        verdict_approve(verdict=row, reviewer=editor)


def test_a_return_needs_a_note_and_publishes_nothing(reviewer, second):
    claim = factories.ClaimFactory()
    row = _draft(claim, reviewer)
    with pytest.raises(ValidationError, match="Say why"):
        verdict_return(verdict=row, reviewer=second, note="  ")
    review = verdict_return(verdict=row, reviewer=second, note="The source is from 2019.")
    claim.refresh_from_db()
    assert review.decision == ReviewDecision.RETURNED
    assert claim.current_verdict == "unreviewed"
    assert claim.pending_verdict is None
    with pytest.raises(ValidationError, match="already returned by bea-second"):
        verdict_approve(verdict=row, reviewer=second)


def test_approving_twice_writes_one_review(reviewer, second):
    row = _draft(factories.ClaimFactory(), reviewer)
    first = verdict_approve(verdict=row, reviewer=second)
    assert verdict_approve(verdict=row, reviewer=second) == first
    assert VerdictReview.objects.count() == 1


def test_a_newer_draft_replaces_the_pending_one(reviewer, second):
    claim = factories.ClaimFactory()
    old = _draft(claim, reviewer, "contradicted")
    new = _draft(claim, reviewer, "misleading")
    with pytest.raises(ValidationError, match="newer draft"):
        verdict_approve(verdict=old, reviewer=second)
    verdict_approve(verdict=new, reviewer=second)
    claim.refresh_from_db()
    assert claim.current_verdict == "misleading"


def test_webhooks_fire_on_approval_not_on_the_draft(
    reviewer, second, django_capture_on_commit_callbacks
):
    webhook_subscription_create(owner=reviewer, url="https://hooks.example.org/x")
    claim = factories.ClaimFactory()
    row = _draft(claim, reviewer)
    assert not WebhookDelivery.objects.exists()
    with django_capture_on_commit_callbacks():
        verdict_approve(verdict=row, reviewer=second)
    assert WebhookDelivery.objects.filter(verdict=row).count() == 1


def test_claimreview_export_lists_only_published_claims(reviewer, second):
    claim = factories.ClaimFactory()
    row = _draft(claim, reviewer)
    assert claim.pk not in selectors.claim_reviews().values_list("pk", flat=True)
    verdict_approve(verdict=row, reviewer=second)
    assert claim.pk in selectors.claim_reviews().values_list("pk", flat=True)


def test_group_verdict_ignores_drafts(reviewer, second):
    from claims.services import claim_group_merge

    first, repeat = factories.ClaimFactory(fingerprint="a"), factories.ClaimFactory(fingerprint="b")
    claim_group_merge(claim=repeat, other=first, reviewer=reviewer)
    row = _draft(first, reviewer)
    first.refresh_from_db()
    assert first.group.current_verdict == "unreviewed"
    verdict_approve(verdict=row, reviewer=second)
    first.group.refresh_from_db()
    assert first.group.current_verdict == "contradicted"


def test_without_second_review_a_verdict_is_published_at_once(settings, reviewer):
    settings.REQUIRE_SECOND_REVIEW = False
    claim = factories.ClaimFactory()
    row = _draft(claim, reviewer)
    claim.refresh_from_db()
    assert not row.draft
    assert claim.current_verdict == "contradicted"
    with pytest.raises(ValidationError, match="without second review"):
        verdict_approve(verdict=row, reviewer=reviewer)


def test_second_reviews_are_append_only(reviewer, second):
    review = verdict_approve(verdict=_draft(factories.ClaimFactory(), reviewer), reviewer=second)
    with pytest.raises(AppendOnlyError):
        review.save()
    with pytest.raises(AppendOnlyError):
        VerdictReview.objects.all().delete()
