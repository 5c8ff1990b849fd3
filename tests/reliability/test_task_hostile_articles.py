"""The extraction task on hostile article bodies: it ends `done` or `failed` with a reason and
never raises out of the worker.

Bodies are stored with the factory, past the ingest checks, as rows written before a check
existed (or by hand in the admin) would be.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from claims.models import Article, ExtractionStatus
from claims.tasks import extract_article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SENTENCE = "The minister said on Monday that 14 hospitals would open by 2025. "
TWO_MB = SENTENCE * (2 * 1024 * 1024 // len(SENTENCE))
BODIES = {
    "binaryish": "".join(chr(c) for c in range(1, 0x2FF) if c not in (0,)) * 10,
    "rtl": "قال الوزير إن الأسعار انخفضت بنسبة ١٢ بالمئة، وأضاف: «لن نتراجع». " * 50,
    "cjk": "部长周一表示：“到2025年将开设14家医院。”他说。" * 80,
    "emoji": "The minister 😀 said: “14 hospitals 🏥 would open by 2025,” 🎉 she said. " * 60,
    "punctuation_only": "?!.,;:\"'“”«»()[]{}—–-…" * 300,
    "whitespace_only": " \n\t\u3000\u00a0 " * 100,
    "html_markup": "<script>alert(1)</script><p onclick=x>“Hi,” he said.</p>" * 50,
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_extraction_task_ends_done_or_failed_with_a_reason(body):
    article = ArticleFactory(body=body)
    result = extract_article.apply(args=[article.pk])  # eager: the worker's code path
    assert result.successful(), result.traceback
    article.refresh_from_db()
    assert article.status in {ExtractionStatus.DONE, ExtractionStatus.FAILED}
    if article.status == ExtractionStatus.FAILED:
        assert article.status_message.startswith("Extraction failed:")
    for quote in article.quotes.all():
        assert body[quote.start : quote.end] == quote.text
    for claim in article.claims.all():
        assert body[claim.start : claim.end] == claim.text


def test_an_engine_crash_marks_the_article_failed_and_the_task_returns(monkeypatch):
    def crash(text: str, title: str = ""):
        raise MemoryError("engine ran out of memory")

    monkeypatch.setattr("claims.services.extraction._run_engine", crash)
    article = ArticleFactory()
    assert extract_article.apply(args=[article.pk]).get() == ExtractionStatus.FAILED
    article = Article.objects.get(pk=article.pk)
    assert "MemoryError: engine ran out of memory" in article.status_message


def test_an_article_past_the_soft_time_limit_fails_with_the_reason(monkeypatch):
    """A 2 MB body (the largest accepted) can take the engine minutes of CPU: in a worker the
    task's soft time limit stops it. Eager tasks run without limits, so the engine raises what
    the limit raises. The article must end failed with that reason, the task return normally."""
    from celery.exceptions import SoftTimeLimitExceeded

    def past_the_limit(text: str, title: str = ""):
        raise SoftTimeLimitExceeded()

    assert len(TWO_MB.encode()) <= settings.ARTICLE_MAX_BYTES
    monkeypatch.setattr("claims.services.extraction._run_engine", past_the_limit)
    article = ArticleFactory(body=TWO_MB)
    result = extract_article.apply(args=[article.pk])
    assert result.successful(), result.traceback
    article.refresh_from_db()
    assert article.status == ExtractionStatus.FAILED
    assert "SoftTimeLimitExceeded" in article.status_message
