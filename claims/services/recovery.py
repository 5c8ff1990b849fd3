"""Sweeps that send again what an outage lost: Redis keeps nothing on disk here, so a restart
drops queued tasks, and a broker that was down at publish time left rows pending.

`reextract --stale MINUTES` runs them all (articles, matching, webhook deliveries); run it
from cron. `webhooks_retry` runs the webhook sweep alone.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from claims.models import Article, Claim, ExtractionStatus
from claims.services.broker import broker_publish
from claims.services.extraction_queue import QueueResult
from claims.tasks import match_articles as match_articles_task


def articles_unmatched(*, older_than: dt.timedelta) -> list[int]:
    """Done articles, extracted `older_than` ago or more, with found claims that matching has
    not run on since (its task was lost): their ids, oldest first."""
    cutoff = timezone.now() - older_than
    with_claims = Exists(Claim.objects.filter(article=OuterRef("pk"), found=True))
    return list(
        Article.objects.filter(status=ExtractionStatus.DONE, extracted_at__lte=cutoff)
        .filter(Q(matched_at__isnull=True) | Q(matched_at__lt=F("extracted_at")))
        .filter(with_claims)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def articles_match_requeue(*, older_than: dt.timedelta) -> QueueResult:
    """Queue matching again for `articles_unmatched`, EXTRACTION_BATCH_SIZE articles a task.

    Matching is safe to run twice (grouped claims are left alone), so an article whose task
    is merely slow costs a no-op run. Stops at the first broker error (the rest are found
    again by the next sweep).
    """
    ids = articles_unmatched(older_than=older_than)
    size = max(1, settings.EXTRACTION_BATCH_SIZE)
    for index in range(0, len(ids), size):
        batch = ids[index : index + size]
        try:
            broker_publish(lambda batch=batch: match_articles_task.delay(batch))
        except Exception as exc:  # noqa: BLE001 - reported to the caller, never raised
            error = f"{type(exc).__name__}: {exc}"[:500]
            return QueueResult(queued=index, not_queued=len(ids) - index, error=error)
    return QueueResult(queued=len(ids))
