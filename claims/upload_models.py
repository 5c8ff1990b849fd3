"""Uploaded web pages, kept raw until a worker reads them (claims.services.uploads).
Re-exported by claims.models."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from claims.models import Article


class ArticleUpload(models.Model):
    """The raw bytes of a web page uploaded to the web form or the API, and what became of them.

    The upload request stores them with an article still `pending` (no text yet) and answers at
    once; the extraction task reads the page into the article's text, then extracts. The bytes
    are dropped once read; `raw_hash` stays, so the same file uploaded again is a duplicate.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="upload")
    name = models.CharField(max_length=255)
    data = models.BinaryField()
    size = models.PositiveIntegerField(help_text="Bytes uploaded.")
    # SHA-256 of the bytes as uploaded: the same file again is answered as a duplicate at once.
    raw_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True, help_text="When a worker read it.")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} (article {self.article_id})"
