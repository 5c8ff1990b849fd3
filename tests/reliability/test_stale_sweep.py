"""`manage.py reextract --stale MINUTES`: the sweep that recovers tasks a broker restart lost."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.models import Article, ExtractionStatus
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BODY = "The minister said on Monday that {n} hospitals would open by 2025."


def _article(n: int, status: str, minutes_ago: int, extracted: bool = False) -> Article:
    article = ArticleFactory(body=BODY.format(n=n))
    when = timezone.now() - dt.timedelta(minutes=minutes_ago)
    Article.objects.filter(pk=article.pk).update(
        status=status, ingested_at=when, extracted_at=when if extracted else None
    )
    return article


def test_stale_sweep_takes_over_old_pending_and_processing_articles_only(monkeypatch):
    queued: list[tuple[list[int], bool]] = []

    def record(*, article_ids, force):
        from claims.services import QueueResult

        queued.append((list(article_ids), force))
        return QueueResult(queued=len(article_ids))

    monkeypatch.setattr("claims.services.articles_reextract", record)
    old_pending = _article(1, ExtractionStatus.PENDING, 30)
    old_processing = _article(2, ExtractionStatus.PROCESSING, 30)
    reextracting = _article(3, ExtractionStatus.PROCESSING, 45, extracted=True)
    _article(4, ExtractionStatus.PENDING, 2)  # fresh: its task is probably still queued
    _article(5, ExtractionStatus.DONE, 60, extracted=True)
    _article(6, ExtractionStatus.FAILED, 60, extracted=True)
    call_command("reextract", "--stale", "10", stdout=StringIO())
    assert queued == [
        (sorted([old_pending.pk, old_processing.pk, reextracting.pk]), True),
    ]


def test_stale_sweep_runs_the_lost_extractions_in_process():
    stuck = _article(7, ExtractionStatus.PROCESSING, 30)
    out = StringIO()
    call_command("reextract", "--stale", "0", stdout=out)
    stuck.refresh_from_db()
    assert stuck.status in {ExtractionStatus.DONE, ExtractionStatus.FAILED}
    assert "Extracted 1 article(s) in-process" in out.getvalue()


def test_stale_needs_a_non_negative_number_of_minutes():
    with pytest.raises(CommandError, match="0 or more"):
        call_command("reextract", "--stale", "-5")


def test_stale_excludes_the_other_selections():
    with pytest.raises(CommandError):
        call_command("reextract", "--stale", "5", "--pending")
