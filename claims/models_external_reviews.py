"""Fact-checks published elsewhere (schema.org ClaimReview) and the claims that state them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from claims.models import Claim


class ExternalFactCheck(models.Model):
    """A fact-check published elsewhere (schema.org ClaimReview), imported by an editor.

    One row per review URL: importing the same review again updates it.
    """

    publisher = models.CharField(max_length=200)
    publisher_url = models.URLField(max_length=2000, blank=True)
    claim_reviewed = models.TextField()
    claimant = models.CharField(max_length=300, blank=True)
    rating_value = models.CharField(max_length=50, blank=True)
    rating_name = models.CharField("rating", max_length=200, blank=True)
    url = models.URLField("review URL", max_length=2000, unique=True)
    published = models.DateField(null=True, blank=True)
    source = models.CharField("imported from", max_length=2000, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published", "-id"]
        verbose_name = "external fact-check"

    def __str__(self) -> str:
        return f"{self.publisher}: {self.rating} ({self.published or 'undated'})"

    @property
    def rating(self) -> str:
        return self.rating_name or self.rating_value


class ExternalFactCheckMatch(models.Model):
    """A stored claim that states the claim an external fact-check reviewed."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="external_matches")
    review = models.ForeignKey(
        ExternalFactCheck, on_delete=models.CASCADE, related_name="claim_matches"
    )
    score = models.FloatField(help_text="Cosine of the embeddings times 100.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "review"], name="external_match_unique")
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} ~ external fact-check {self.review_id} ({self.score:.1f})"
