"""Background imports: a big many-article upload is stored and ingested by a worker.

The web form hands a JSON Lines file of more than IMPORT_INLINE_MAX_ITEMS lines to
`article_import_create`, which keeps the bytes and queues `import_articles` on commit; the
person is sent to the import's page, which shows progress and every line's outcome. The task
claims the import with a conditional update and ingests it through `documents_ingest`: each
batch's articles and the outcomes of its lines commit together, so a redelivered task
resumes after the last committed line and no line is reported twice. A bad line fails alone.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from claims.documents import DocumentError, count_items
from claims.models import ArticleImport, ArticleImportLine, ImportStatus
from claims.services.ingest import Document, ItemOutcome, documents_ingest
from claims.tasks import import_articles as import_articles_task

logger = logging.getLogger(__name__)

# A web upload of more articles than this is imported in the background.
IMPORT_INLINE_MAX_ITEMS = 50
NOT_QUEUED = (
    "Not queued: the task broker is unavailable ({error}). Queue it again from this page "
    "once the broker is back."
)


def document_is_bulk(*, name: str, data: bytes) -> bool:
    """True when an upload holds more articles than the web form ingests in the request."""
    try:
        return count_items(name, data) > IMPORT_INLINE_MAX_ITEMS
    except DocumentError:
        return False  # unreadable: the inline path reports why


@transaction.atomic
def article_import_create(
    *, name: str, data: bytes, uploaded_by: AbstractBaseUser | None
) -> ArticleImport:
    """Keep an upload for a background import and queue it once this transaction commits."""
    try:
        total = count_items(name, data)
    except DocumentError as exc:
        raise ValidationError({"file": str(exc)}) from None
    row = ArticleImport.objects.create(
        name=name[:255], data=data, uploaded_by=uploaded_by, total=total
    )
    transaction.on_commit(lambda: article_import_queue(import_id=row.pk))
    return row


def article_import_queue(*, import_id: int) -> bool:
    """Send the import's task (again: the task is safe to run twice); on a broker outage the
    import stays queued with a message saying so, and this never raises."""
    try:
        import_articles_task.delay(import_id)
    except Exception as exc:  # noqa: BLE001 - whatever the broker raises, never the caller
        logger.warning("Could not queue import %s: %s", import_id, exc)
        error = f"{type(exc).__name__}: {exc}"[:500]
        ArticleImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(
            status_message=NOT_QUEUED.format(error=error)
        )
        return False
    return True


def article_import_run(*, import_id: int) -> str:
    """Ingest a queued (or interrupted) import, recording every line; safe to run twice.

    Returns the import's status afterwards ("missing" if it was deleted).
    """
    claimed = ArticleImport.objects.filter(
        pk=import_id, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
    ).update(status=ImportStatus.RUNNING, status_message="")
    row = ArticleImport.objects.filter(pk=import_id).first()
    if row is None:
        return "missing"
    if not claimed:
        return row.status
    data = bytes(row.data)

    def record(outcomes: list[ItemOutcome]) -> None:
        ArticleImportLine.objects.bulk_create(
            ArticleImportLine(
                article_import_id=import_id,
                line=outcome.line,
                outcome=outcome.outcome,
                article=outcome.article,
                message=outcome.message,
            )
            for outcome in outcomes
        )

    try:
        documents_ingest(
            documents=[Document(name=row.name, load=lambda: data)],
            skip=row.lines.count(),
            record_batch=record,
        )
    except (OperationalError, InterfaceError):
        raise  # transient: the task retries and resumes after the last committed batch
    except Exception as exc:
        logger.exception("Import %s failed", import_id)
        ArticleImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED,
            finished_at=timezone.now(),
            status_message=f"Stopped by an unexpected error: {type(exc).__name__}."[:500],
        )
        return ImportStatus.FAILED
    ArticleImport.objects.filter(pk=import_id).update(
        status=ImportStatus.DONE, finished_at=timezone.now(), data=b""
    )
    return ImportStatus.DONE
