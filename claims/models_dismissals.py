"""Reviewers' judgement that a claim is not worth checking: an append-only history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from claims.models import AppendOnlyError, Claim, DismissalReason


class DismissalAction(models.TextChoices):
    DISMISS = "dismiss", "Dismissed"
    RESTORE = "restore", "Restored"


class ClaimDismissalQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Dismissal history is append-only.")

    def delete(self):
        raise AppendOnlyError("Dismissal history is append-only and cannot be deleted.")


class ClaimDismissal(models.Model):
    """One reviewer's dismissal of a claim as not worth checking, or its restoring to the
    queue. Append-only: the claim's `dismissed_reason` tracks the newest row."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="dismissals")
    action = models.CharField(max_length=8, choices=DismissalAction.choices)
    reason = models.CharField(max_length=20, choices=DismissalReason.choices, blank=True)
    note = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dismissals"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ClaimDismissalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["claim", "-created_at"], name="dismissal_claim_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.reviewer} at {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Dismissal history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Dismissal history is append-only and cannot be deleted.")
