"""Verdicts: the only way a claim's verdict changes, always as a new history row."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from claims.models import VERDICT_NOTE_MAX_CHARS, Claim, Verdict, VerdictChoice
from claims.services.groups import group_verdict_refresh
from claims.services.webhooks import webhooks_verdict_changed
from claims.text_safety import clean_text, url_problem

MAX_EVIDENCE = 20
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
    """Append a verdict; the claim's current verdict tracks the newest row.

    The claim's group (if any) then shows this verdict on every appearance, and a change of
    verdict is sent to webhook subscribers after commit (never failing the verdict).
    """
    if not reviewer.has_perm("claims.add_verdict"):
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
    previous = claim.current_verdict
    row = Verdict.objects.create(
        claim=claim,
        reviewer=reviewer,
        verdict=verdict,
        note=clean_text(note or "").strip(),
        evidence=urls,
    )
    claim.current_verdict = verdict
    claim.updated_at = timezone.now()
    claim.save(update_fields=["current_verdict", "updated_at"])
    if claim.group is not None:
        group_verdict_refresh(group=claim.group)
    webhooks_verdict_changed(claim=claim, verdict=row, previous=previous)
    return row
