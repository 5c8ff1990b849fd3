"""Background imports: a many-article document uploaded on the web form, ingested by a worker
with one recorded outcome per line (see claims.services.imports). Re-exported by claims.models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from claims.models import Article


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ArticleImport(models.Model):
    """A document of many articles uploaded on the web form, ingested by a worker.

    The bytes are kept until the import is done; each line's outcome is an ArticleImportLine,
    written in the same transaction as the articles of its batch.
    """

    name = models.CharField(max_length=255)
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    status_message = models.TextField(blank=True)
    total = models.PositiveIntegerField(default=0, help_text="Non-blank lines in the file.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("claims:article_import", args=[self.pk])


class ArticleImportLine(models.Model):
    """What became of one line of an import: ingested, duplicate or error, and why."""

    article_import = models.ForeignKey(
        ArticleImport, on_delete=models.CASCADE, related_name="lines"
    )
    line = models.PositiveIntegerField(null=True)  # None: the file as a whole
    outcome = models.CharField(max_length=10)
    article = models.ForeignKey(Article, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["article_import", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article_import", "line"], name="articleimportline_once_per_line"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_import_id}:{self.line} {self.outcome}"
