"""Queueing extraction: tasks sent after commit, in batches for bulk ingest, and a broker
outage never reaching the caller (the articles stay pending with a message saying how to queue
them later: `manage.py reextract --pending`).
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import Article, ExtractionStatus
from claims.services.broker import broker_publish
from claims.tasks import extract_article as extract_article_task
from claims.tasks import extract_articles as extract_articles_task

logger = logging.getLogger(__name__)

NOT_QUEUED = (
    "Queueing for extraction failed: broker unavailable ({error}); "
    "run `manage.py reextract --pending` once it is back."
)


@dataclass(frozen=True)
class QueueResult:
    queued: int
    not_queued: int = 0
    error: str = ""


def _publish(article_ids: list[int], *, force: bool) -> None:
    if len(article_ids) == 1:
        broker_publish(lambda: extract_article_task.delay(article_ids[0], force=force))
    else:
        queued_at = timezone.now().isoformat()
        broker_publish(
            lambda: extract_articles_task.delay(article_ids, force=force, queued_at=queued_at)
        )


def _batch_size() -> int:
    return max(1, settings.EXTRACTION_BATCH_SIZE)


def articles_queue(*, article_ids: Sequence[int], force: bool = False) -> QueueResult:
    """Send extraction of these articles now; never raises on a broker outage.

    One `extract_articles` task per EXTRACTION_BATCH_SIZE articles (`extract_article` for a
    lone one). On the first publish error the articles of that task and every one after it
    stay as they are (pending for new articles) with a status message saying how to queue
    them later. In eager mode (no REDIS_URL) sending runs the extraction in-process.
    """
    ids = list(dict.fromkeys(article_ids))
    size = _batch_size()
    for index in range(0, len(ids), size):
        try:
            _publish(ids[index : index + size], force=force)
        except Exception as exc:  # noqa: BLE001 - whatever the broker raises, never the caller
            logger.warning("Could not queue extraction of %d article(s): %s", len(ids) - index, exc)
            error = f"{type(exc).__name__}: {exc}"[:500]
            Article.objects.filter(pk__in=ids[index:]).exclude(
                status=ExtractionStatus.PROCESSING
            ).update(status_message=NOT_QUEUED.format(error=error))
            return QueueResult(queued=index, not_queued=len(ids) - index, error=error)
    return QueueResult(queued=len(ids))


# The ids of committed articles waiting for the end of `articles_queue_in_batches`, if any.
_collected: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "extraction_collected", default=None
)


def article_queue_on_commit(*, article: Article) -> None:
    """Queue the article's extraction once the current transaction commits.

    Alone, that sends one `extract_article`; inside `articles_queue_in_batches` the article
    is queued in a batch when that block ends.
    """
    pk = article.pk
    transaction.on_commit(lambda: _queue_committed(pk))


def _queue_committed(article_id: int) -> None:
    collected = _collected.get()
    if collected is not None:
        collected.append(article_id)
    else:
        articles_queue(article_ids=[article_id])


@contextmanager
def articles_queue_in_batches() -> Iterator[None]:
    """Queue the articles committed inside this block in batches when it ends, for bulk ingest.

    Wrap it around the transaction of a batch of ingested articles: their extraction is
    queued after the commit, EXTRACTION_BATCH_SIZE articles a task, instead of one task each.
    Articles whose transaction commits after the block ends are queued one by one as usual.
    """
    if _collected.get() is not None:  # nested: the outer block queues them
        yield
        return
    collected: list[int] = []
    token = _collected.set(collected)
    try:
        yield
    finally:
        _collected.reset(token)
        if collected:
            articles_queue(article_ids=collected)


def articles_reextract(*, article_ids: Sequence[int], force: bool = False) -> QueueResult:
    """Queue (or, in eager mode, run) extraction again for these articles.

    Done articles are re-extracted (reviewed claims are kept); articles in processing are
    skipped by the worker unless `force`, for an article left behind by a dead worker.
    """
    pending = Article.objects.filter(pk__in=list(article_ids), status=ExtractionStatus.PENDING)
    pending.exclude(status_message="").update(status_message="")
    return articles_queue(article_ids=article_ids, force=force)
