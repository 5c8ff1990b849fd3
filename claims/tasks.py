"""Celery tasks: an id in, one service call (STYLE.md section 3).

`claims.services` is imported as a module so that services can import these tasks without
an import cycle.
"""

from __future__ import annotations

import datetime as dt
import logging
import os

from celery import shared_task
from celery.signals import worker_process_init
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.dateparse import parse_datetime
from kombu.exceptions import OperationalError as BrokerOperationalError

from claims import services
from claims.models import Article, Claim, WebhookDelivery

logger = logging.getLogger(__name__)

# Time limits, named once. A task gets TASK_SOFT_LIMIT seconds (SoftTimeLimitExceeded, which
# the service turns into a failed row), then HARD_LIMIT_MARGIN more before the worker kills it.
TASK_SOFT_LIMIT = 120
SHORT_TASK_SOFT_LIMIT = 60  # a webhook POST: network time only
BATCH_ARTICLE_SOFT_LIMIT = 60  # each article of a batch after the first
HARD_LIMIT_MARGIN = 30


def _time_limits(soft: int) -> dict[str, int]:
    return {"soft_time_limit": soft, "time_limit": soft + HARD_LIMIT_MARGIN}


# Extraction tasks: redelivered if a worker dies, retried with backoff on transient errors only.
_EXTRACTION_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError, BrokerOperationalError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**_EXTRACTION_OPTIONS, **_time_limits(TASK_SOFT_LIMIT))
def extract_article(self, article_id: int, force: bool = False) -> str:
    """Extract an article's quotes, claims and speakers; safe to run twice.

    Returns the article's status afterwards ("skipped" when another worker holds it, "missing"
    when it was deleted after queueing). A message redelivered after a worker died, or a
    retry, may take over an article left in `processing`.
    """
    article = Article.objects.filter(pk=article_id).first()
    if article is None:  # deleted after queueing; nothing to do
        return "missing"
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    force = force or redelivered or bool(self.request.retries)
    result = services.article_extract(article=article, force=force)
    return result.status if result is not None else "skipped"


# A batch gets the single task's limit for its first article and half of it for each other:
# the engine's time per article is far below the single limit, which is a cap for hostile text.
_BATCH = max(1, settings.EXTRACTION_BATCH_SIZE)
_BATCH_SOFT_LIMIT = TASK_SOFT_LIMIT + BATCH_ARTICLE_SOFT_LIMIT * (_BATCH - 1)


@shared_task(**_EXTRACTION_OPTIONS, **_time_limits(_BATCH_SOFT_LIMIT))
def extract_articles(
    self, article_ids: list[int], force: bool = False, queued_at: str | None = None
) -> list[str]:
    """Extract a batch of articles in one engine pass; safe to run twice.

    Sent by bulk queueing (`services.articles_queue`) with the time it was queued. Returns
    each article's status afterwards, in order ("skipped" when another worker holds it or it
    was already done by an earlier delivery, "missing" when it was deleted after queueing).
    A message redelivered after a worker died, or a retry, takes over the articles left in
    `processing` and skips those done since the batch was queued (all of them with `force`).
    """
    by_pk = Article.objects.in_bulk(article_ids)
    articles = [by_pk[pk] for pk in dict.fromkeys(article_ids) if pk in by_pk]
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    resume_since = None
    if (redelivered or self.request.retries) and not force:
        resume_since = parse_datetime(queued_at or "") or dt.datetime.min.replace(tzinfo=dt.UTC)
    results = services.articles_extract(articles=articles, force=force, resume_since=resume_since)
    status = {
        a.pk: (r.status if r is not None else "skipped")
        for a, r in zip(articles, results, strict=True)
    }
    return [status.get(pk, "missing") for pk in article_ids]


# Matching tasks: redelivered if a worker dies, retried with backoff on database errors (a
# deadlock victim too, though the pk-ordered locks should leave none).
_MATCH_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**_MATCH_OPTIONS, **_time_limits(TASK_SOFT_LIMIT))
def match_articles(article_ids: list[int]) -> int:
    """Put the claims of stored articles into the groups of the same claims, in one run.

    Queued by extraction after its commit, once per extraction task (a batch, or one article).
    Claims of the given articles match each other too. Safe to run twice or concurrently
    (claims already in a group are left alone); deleted articles are skipped. Returns how many
    claims joined a group.
    """
    joined = services.claims_match_articles(article_ids=article_ids)
    # Workers only (embeddings): the new claims against fact-checks published elsewhere.
    from claims.services.external_reviews import external_reviews_match_claims

    claims = Claim.objects.filter(article_id__in=article_ids, found=True)
    external_reviews_match_claims(claim_ids=list(claims.values_list("pk", flat=True)))
    return len(joined)


@shared_task(**_MATCH_OPTIONS, soft_time_limit=300, time_limit=330)
def match_external_reviews(review_ids: list[int]) -> int:
    """Link imported external fact-checks to the stored claims that state their claim.

    Queued after an import commits; safe to run twice (a link is stored once). Returns how many
    links were made.
    """
    from claims.services.external_reviews import external_reviews_match_reviews

    return external_reviews_match_reviews(review_ids=review_ids)


def _load_model() -> None:
    """Load the spaCy pipeline and the check-worthiness scorer once per worker process, before
    the first task needs them."""
    try:
        from claims.extraction import load_model
        from claims.extraction.checkworthy import load_scorer_models

        load_model(settings.SPACY_MODEL)
        load_scorer_models()
        logger.info("Extraction model %s loaded in process %d", settings.SPACY_MODEL, os.getpid())
    except Exception:  # the first task will report the real error on its article
        logger.exception("Could not preload the extraction model %s", settings.SPACY_MODEL)


@worker_process_init.connect
def _load_model_in_child(**_kwargs) -> None:
    # Sent in each prefork child and by the solo pool; the engine's cache makes it load once.
    _load_model()


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=6,
    **_time_limits(SHORT_TASK_SOFT_LIMIT),
)
def deliver_webhook(self, delivery_id: int) -> str:
    """POST one webhook delivery; retried with exponential backoff on network errors and 5xx.

    Safe to run twice: a delivered (or finally failed) row is not sent again. Every attempt is
    logged on the WebhookDelivery row. Returns the delivery's status.
    """
    delivery = WebhookDelivery.objects.filter(pk=delivery_id).first()
    if delivery is None:  # its subscription was deleted after queueing
        return "missing"
    final = self.request.retries >= self.max_retries
    attempt = services.webhook_deliver(delivery=delivery, final=final)
    if attempt.retry:
        raise self.retry(countdown=services.webhook_retry_countdown(self.request.retries))
    return attempt.status


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=3600,
    time_limit=3660,
)
def import_articles(self, import_id: int) -> str:
    """Ingest a background import (a big upload), recording every line; safe to run twice:
    a redelivered or retried task resumes after the last committed batch."""
    return services.article_import_run(import_id=import_id)
