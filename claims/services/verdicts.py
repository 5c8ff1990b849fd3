"""Verdicts: the only way a claim's verdict changes, always as a new history row.

With settings.REQUIRE_SECOND_REVIEW a recorded verdict is a draft; a second reviewer (not its
author) approves it (published) or returns it with a note, each a VerdictReview row.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from claims.models import (
    VERDICT_NOTE_MAX_CHARS,
    Claim,
    ReviewDecision,
    Verdict,
    VerdictChoice,
    VerdictReview,
)
from claims.services.groups import group_verdict_refresh
from claims.services.webhooks import webhooks_verdict_changed
from claims.text_safety import clean_text, url_problem

MAX_EVIDENCE = 20
MAX_NOTE = VERDICT_NOTE_MAX_CHARS
REVIEW_PERMISSION = "claims.add_verdict"
# "Unreviewed" is the state before any verdict; nobody records it.
RECORDABLE_VERDICTS = [v for v in VerdictChoice.values if v != VerdictChoice.UNREVIEWED]
# A verdict that rests on no source is only honest when it says the claim cannot be checked.
EVIDENCE_OPTIONAL = frozenset({VerdictChoice.UNVERIFIABLE})


def clean_evidence(evidence: list[str] | None) -> list[str]:
    """Validate evidence URLs (http/https), dropping blanks and duplicates, keeping order."""
    urls: list[str] = []
    validate = URLValidator(schemes=["http", "https"])
    for raw in evidence or []:
        url = (raw or "").strip() if isinstance(raw, str) else None
        if url is None:
            raise ValidationError({"evidence": "Evidence must be a list of URLs."})
        if not url or url in urls:
            continue
        if problem := url_problem(url):
            raise ValidationError({"evidence": f"{problem} ({url[:100]!r})"})
        try:
            validate(url)
        except ValidationError:
            raise ValidationError({"evidence": f"{url[:100]!r} is not a valid URL."}) from None
        urls.append(url)
    if len(urls) > MAX_EVIDENCE:
        raise ValidationError({"evidence": f"At most {MAX_EVIDENCE} evidence URLs."})
    return urls


@transaction.atomic
def verdict_record(
    *,
    claim: Claim,
    reviewer: AbstractBaseUser,
    verdict: str,
    note: str = "",
    evidence: list[str] | None = None,
) -> Verdict:
    """Append a verdict. Without second review it is published at once: the claim's current
    verdict tracks it, the claim's group (if any) shows it on every appearance, and a change
    is sent to webhook subscribers after commit (never failing the verdict).

    With settings.REQUIRE_SECOND_REVIEW the row is a draft, the claim's `pending_verdict`
    (replacing any earlier draft), and nothing is published until `verdict_approve`.
    """
    if not reviewer.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied("Only reviewers can record verdicts.")
    if verdict not in RECORDABLE_VERDICTS:
        raise ValidationError({"verdict": f"{verdict!r} is not a verdict that can be recorded."})
    if len(note or "") > VERDICT_NOTE_MAX_CHARS:
        raise ValidationError(
            {"note": f"The note is longer than {VERDICT_NOTE_MAX_CHARS:,} characters."}
        )
    urls = clean_evidence(evidence)
    if not urls and verdict not in EVIDENCE_OPTIONAL:
        raise ValidationError({"evidence": "Give at least one evidence URL for this verdict."})
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    draft = bool(settings.REQUIRE_SECOND_REVIEW)
    row = Verdict.objects.create(
        claim=claim,
        reviewer=reviewer,
        verdict=verdict,
        note=clean_text(note or "").strip(),
        evidence=urls,
        draft=draft,
    )
    if draft:
        claim.pending_verdict = row
        claim.updated_at = timezone.now()
        claim.save(update_fields=["pending_verdict", "updated_at"])
    else:
        _publish(claim, row)
    return row


def _publish(claim: Claim, row: Verdict) -> None:
    """Make `row` the claim's current verdict (claim locked by the caller)."""
    previous = claim.current_verdict
    claim.current_verdict = row.verdict
    claim.updated_at = timezone.now()
    if claim.pending_verdict_id == row.pk:
        claim.pending_verdict = None
    claim.save(update_fields=["current_verdict", "pending_verdict", "updated_at"])
    if claim.group is not None:
        group_verdict_refresh(group=claim.group)
    webhooks_verdict_changed(claim=claim, verdict=row, previous=previous)


def _second_review(
    verdict: Verdict, reviewer: AbstractBaseUser, decision: str
) -> tuple[Claim, VerdictReview | None]:
    """Lock the claim and check a second review may be made: (claim, earlier same review)."""
    if not reviewer.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied("Only reviewers can approve or return verdicts.")
    claim = Claim.objects.select_for_update().get(pk=verdict.claim_id)
    if not verdict.draft:
        raise ValidationError("This verdict was published without second review.")
    if verdict.reviewer_id == reviewer.pk:
        raise PermissionDenied("A second reviewer must approve or return it, not its author.")
    earlier = VerdictReview.objects.filter(verdict=verdict).select_related("reviewer").first()
    if earlier is not None:
        if earlier.decision == decision and earlier.reviewer_id == reviewer.pk:
            return claim, earlier  # a retried request: done already
        who = earlier.reviewer.get_username()
        raise ValidationError(f"This draft was already {earlier.decision} by {who}.")
    if claim.pending_verdict_id != verdict.pk:
        raise ValidationError("A newer draft on this claim replaced this one.")
    return claim, None


@transaction.atomic
def verdict_approve(*, verdict: Verdict, reviewer: AbstractBaseUser) -> VerdictReview:
    """Approve a draft verdict as a second reviewer (not its author): it is published as the
    claim's current verdict, with group refresh and webhooks as in `verdict_record`.
    Approving again (same reviewer) returns the earlier approval and writes nothing."""
    claim, earlier = _second_review(verdict, reviewer, ReviewDecision.APPROVED)
    if earlier is not None:
        return earlier
    review = VerdictReview.objects.create(
        verdict=verdict, reviewer=reviewer, decision=ReviewDecision.APPROVED
    )
    _publish(claim, verdict)
    return review


@transaction.atomic
def verdict_return(*, verdict: Verdict, reviewer: AbstractBaseUser, note: str) -> VerdictReview:
    """Send a draft back to its author with a note saying why; nothing is published, and the
    claim waits for a new draft."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say why the draft goes back to its author."})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": "The note is longer than 10,000 characters."})
    claim, earlier = _second_review(verdict, reviewer, ReviewDecision.RETURNED)
    if earlier is not None:
        return earlier
    review = VerdictReview.objects.create(
        verdict=verdict, reviewer=reviewer, decision=ReviewDecision.RETURNED, note=note
    )
    claim.pending_verdict = None
    claim.updated_at = timezone.now()
    claim.save(update_fields=["pending_verdict", "updated_at"])
    return review
