"""Tables: articles, canonical speakers, quotes, claims and their append-only verdict history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class VerdictChoice(models.TextChoices):
    """The verdict scale; it maps onto schema.org ClaimReview ratings in the API."""

    UNREVIEWED = "unreviewed", "Unreviewed"
    VERIFIED = "verified", "Verified"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    MIXED = "mixed", "Mixed"
    MISLEADING = "misleading", "Misleading"
    CONTRADICTED = "contradicted", "Contradicted"
    UNVERIFIABLE = "unverifiable", "Unverifiable"


class Article(models.Model):
    title = models.CharField(max_length=500, blank=True)
    body = models.TextField()
    url = models.URLField(max_length=2000, blank=True)
    source = models.CharField("source / outlet", max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    ingested_at = models.DateTimeField(default=timezone.now, editable=False)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        max_length=12, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING
    )
    status_message = models.TextField(blank=True, help_text="Why it failed or is still pending.")
    extracted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published", "-ingested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique_when_present"
            ),
        ]
        indexes = [
            models.Index(fields=["-published", "-id"], name="article_published_idx"),
            models.Index(fields=["status"], name="article_status_idx"),
            models.Index(fields=["source"], name="article_source_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:80]

    def get_absolute_url(self) -> str:
        return reverse("claims:article_detail", args=[self.pk])


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organisation"


class Speaker(models.Model):
    """A canonical person or organisation; `key` is the normalised name that makes it unique."""

    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)
    title = models.CharField("title / role", max_length=300, blank=True)
    organization = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=12, choices=SpeakerKind.choices, default=SpeakerKind.PERSON)
    aliases = models.JSONField(default=list, blank=True, help_text="Other surface forms seen.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="speaker_name_idx")]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}" if self.title else self.name

    def get_absolute_url(self) -> str:
        return reverse("claims:speaker_detail", args=[self.pk])


class QuoteKind(models.TextChoices):
    DIRECT = "direct", "Direct"
    INDIRECT = "indirect", "Indirect"


class Quote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=QuoteKind.choices, default=QuoteKind.DIRECT)
    cue = models.CharField(max_length=100, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # Copied from the article so speaker + date queries need no join.
    published = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="quote_offsets"),
        ]
        indexes = [
            models.Index(fields=["speaker", "-published"], name="quote_speaker_date_idx"),
            models.Index(fields=["-published"], name="quote_published_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Claim(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    score = models.FloatField("check-worthiness", default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    current_verdict = models.CharField(
        max_length=14, choices=VerdictChoice.choices, default=VerdictChoice.UNREVIEWED
    )
    # False once a re-extraction of its article no longer finds it (kept for its verdicts).
    found = models.BooleanField(default=True)
    published = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-score", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="claim_offsets"),
            models.CheckConstraint(
                condition=Q(score__gte=0.0) & Q(score__lte=1.0), name="claim_score_0_1"
            ),
        ]
        indexes = [
            models.Index(fields=["current_verdict", "-score"], name="claim_verdict_idx"),
            models.Index(fields=["speaker", "-published"], name="claim_speaker_idx"),
            models.Index(fields=["-published"], name="claim_published_idx"),
            models.Index(fields=["updated_at"], name="claim_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("claims:claim_detail", args=[self.pk])


class AppendOnlyError(Exception):
    """Raised on an attempt to edit or delete verdict history."""


class VerdictQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Verdict history is append-only: record a new verdict instead.")

    def delete(self):
        raise AppendOnlyError("Verdict history is append-only and cannot be deleted.")


class Verdict(models.Model):
    """One entry of a claim's verdict history. Rows are never edited or deleted."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    verdict = models.CharField(max_length=14, choices=VerdictChoice.choices)
    note = models.TextField(blank=True)
    evidence = models.JSONField(default=list, blank=True, help_text="Evidence URLs.")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        indexes = [models.Index(fields=["claim", "-created_at"], name="verdict_claim_idx")]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} by {self.reviewer} at {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Verdict history is append-only: record a new verdict instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Verdict history is append-only and cannot be deleted.")
