"""Extraction: run the engine on an article and store its quotes, claims and speakers.

`article_extract` is what the Celery task calls, `articles_extract` what the batch task calls
(one engine pass over several articles). The rows are written by extraction_rows; the tasks
are sent by extraction_queue, after commit, never letting a broker outage reach the caller.
Once stored, an article's claims are grouped with other articles' claims by one
`match_articles` task per extraction task (its batch).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Iterator, Sequence

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.extraction import types
from claims.models import Article, ExtractionStatus, Speaker
from claims.services import extraction_rows
from claims.services.claim_grouping import claims_index
from claims.services.speaker_corrections import corrections_apply
from claims.services.speakers import speakers_upsert
from claims.services.uploads import article_upload_read, articles_upload_read
from claims.tasks import match_articles as match_articles_task

logger = logging.getLogger(__name__)

# Errors worth retrying: the database or connection went away. Everything else about an
# article (engine crash, text the engine rejects, values the table rejects) marks it failed.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)


def _run_engine(text: str, title: str = "") -> types.Extraction:
    # Imported here so web processes and commands that never extract do not load spaCy.
    from claims.extraction import extract

    return extract(text, model=settings.SPACY_MODEL, title=title)


def _run_engine_many(
    texts: list[str], titles: list[str] | None = None
) -> Iterator[types.Extraction]:
    """The engine over many texts in one `nlp.pipe` pass, results in order (titles: context)."""
    from claims.extraction import extract_many

    return extract_many(texts, model=settings.SPACY_MODEL, titles=titles)


def _testonly_delay() -> None:
    # Off unless FACTCHECK_TESTONLY_EXTRACTION_DELAY is set: the worker-kill test uses it to
    # hold an article in `processing` long enough to kill the worker.
    if settings.TESTONLY_EXTRACTION_DELAY:
        time.sleep(settings.TESTONLY_EXTRACTION_DELAY)


def _claim(article_id: int, *, force: bool, resume_since: dt.datetime | None = None) -> bool:
    """Take the article for this worker; False when another worker holds it (or it is gone).

    `resume_since` (a redelivered or retried batch, queued then): also take over an article
    left in processing, but not one already done since then (unless `force`).
    """
    statuses = [ExtractionStatus.PENDING, ExtractionStatus.FAILED, ExtractionStatus.DONE]
    if force:
        statuses.append(ExtractionStatus.PROCESSING)
    which = Q(status__in=statuses)
    if resume_since is not None and not force:
        # A redelivered batch: take over what the dead delivery left, not what it finished.
        unfinished = [
            ExtractionStatus.PENDING,
            ExtractionStatus.FAILED,
            ExtractionStatus.PROCESSING,
        ]
        done_before = Q(extracted_at__isnull=True) | Q(extracted_at__lt=resume_since)
        which = Q(status__in=unfinished) | (Q(status=ExtractionStatus.DONE) & done_before)
    taken = Article.objects.filter(which, pk=article_id).update(
        status=ExtractionStatus.PROCESSING, status_message=""
    )
    return taken == 1


def _fail(article: Article, exc: BaseException) -> Article:
    message = f"Extraction failed: {type(exc).__name__}: {exc}"[:2000]
    logger.warning("Article %s: %s", article.pk, message)
    Article.objects.filter(pk=article.pk).update(
        status=ExtractionStatus.FAILED, status_message=message
    )
    article.status, article.status_message = ExtractionStatus.FAILED, message
    return article


def article_extract(*, article: Article, force: bool = False) -> Article | None:
    """Extract quotes, claims and speakers from an article and store them.

    Claims the article with a conditional update (pending, failed or done -> processing; with
    `force`, also an article left in processing by a worker that died). Returns None when it
    could not be claimed. An uploaded web page is read into the article's text first
    (claims.services.uploads); a page that cannot be read, or is a duplicate, ends there.
    The engine runs outside any transaction; its result is written in one transaction that
    replaces the article's quotes and claims, keeping row ids for unchanged items, so running
    twice leaves the same rows. Claims with verdicts are never deleted: they are matched by
    fingerprint, or kept with `found=False`. An engine error or a value the database rejects
    marks the article failed (returned, not raised); transient database errors propagate so
    the task can retry. Once the article is stored (after the commit of any outer
    transaction), matching its claims is queued (`match_articles`).
    """
    if not _claim(article.pk, force=force):
        return None
    article = Article.objects.filter(pk=article.pk).first()
    if article is None:
        return None
    article = article_upload_read(article=article)  # an uploaded page gets its text first
    if article.status != ExtractionStatus.PROCESSING:  # unreadable, or a duplicate
        return article
    _testonly_delay()
    try:
        result = _run_engine(article.body, article.title)
    except Exception as exc:  # noqa: BLE001 - any engine failure is this article's problem
        return _fail(article, exc)
    stored = _store_or_fail(article, result)
    if stored is not None and stored.status == ExtractionStatus.DONE:
        _match_on_commit([stored.pk])
    return stored


def articles_extract(
    *,
    articles: Sequence[Article],
    force: bool = False,
    resume_since: dt.datetime | None = None,
) -> list[Article | None]:
    """Extract several articles with one engine pass; each is stored as `article_extract` does.

    Each article is claimed with the same conditional update (skipped, None, when it cannot
    be); `resume_since` is for a batch redelivered or retried after it was queued at that
    time: articles left in processing are taken over and those done since are skipped. The
    engine parses the claimed bodies together (`extract_many`); each article is then stored
    in its own transaction, and a bad one is marked failed without touching the others. If
    the batch pass fails, the articles it did not finish are extracted one at a time so that
    only the bad one fails. Transient database errors propagate so the task can retry.

    The speakers of the whole batch are upserted once, before the stores (a speaker stays when
    an article's store then fails; if that upsert fails, each store upserts its own). Once the
    articles are stored, one `match_articles` task groups the claims of all of them (queued
    after the commit of any outer transaction; a redelivered batch also re-queues those the
    dead delivery stored). Returns one entry per given article, in order.
    """
    claimed = [a.pk for a in articles if _claim(a.pk, force=force, resume_since=resume_since)]
    loaded = Article.objects.in_bulk(claimed)
    read = articles_upload_read(articles=[loaded[pk] for pk in claimed if pk in loaded])
    batch = [a for a in read if a.status == ExtractionStatus.PROCESSING]
    if batch:
        _testonly_delay()
    results = list(_engine_results(batch))
    speakers = _batch_speakers([(a, r) for a, r in results if not isinstance(r, BaseException)])
    # Uploaded pages that could not be read, or turned out to be duplicates, end here.
    stored: dict[int, Article | None] = {
        a.pk: a for a in read if a.status != ExtractionStatus.PROCESSING
    }
    for article, result in results:
        if isinstance(result, BaseException):
            stored[article.pk] = _fail(article, result)
        else:
            outlet_speakers = None if speakers is None else speakers.get(article.source, {})
            stored[article.pk] = _store_or_fail(article, result, outlet_speakers)
    done = {pk for pk, row in stored.items() if row and row.status == ExtractionStatus.DONE}
    if resume_since is not None:
        # The delivery that died may have stored these without queueing their matching.
        done.update(a.pk for a in articles if a.pk not in stored)
    _match_on_commit([a.pk for a in articles if a.pk in done])
    return [stored.get(a.pk) for a in articles]


def _speaker_names(result: types.Extraction) -> list[str]:
    names = [q.speaker for q in result.quotes if q.speaker]
    names += [name for c in result.claims for name in c.co_speakers]
    return names + [c.speaker for c in result.claims if c.speaker]


def _batch_speakers(
    results: Sequence[tuple[Article, types.Extraction]],
) -> dict[str, dict[str, Speaker]] | None:
    """The speakers of a batch, by outlet then key; None when each store must do its own.

    One upsert an outlet of the batch instead of one an article (a surname alone joins the
    person of that surname its outlet quotes). Any error but a transient one (which
    propagates, for the task to retry) falls back to the per-article upsert inside each store
    transaction, so a value the table rejects fails only its own article.
    """
    by_outlet: dict[str, list[types.Extraction]] = {}
    for article, result in results:
        by_outlet.setdefault(article.source, []).append(result)
    try:
        # Its own transaction (a savepoint inside a caller's), so that a failure is undone here.
        with transaction.atomic():
            return {
                outlet: speakers_upsert(
                    speakers=[s for result in found for s in result.speakers],
                    names=[name for result in found for name in _speaker_names(result)],
                    outlet=outlet,
                )
                for outlet, found in by_outlet.items()
            }
    except TRANSIENT_DB_ERRORS:
        raise
    except Exception as exc:  # noqa: BLE001 - retried article by article in the stores
        logger.info("Batch speaker upsert failed (%s); upserting per article.", exc)
        return None


def _engine_results(
    articles: list[Article],
) -> Iterable[tuple[Article, types.Extraction | BaseException]]:
    """Each article with its extraction, or the error that stopped the engine on it."""
    done = 0
    try:
        results = _run_engine_many([a.body for a in articles], [a.title for a in articles])
        for article, result in zip(articles, results, strict=True):
            done += 1
            yield article, result
    except SoftTimeLimitExceeded as exc:  # out of time: the rest fail, retried by reextract
        for article in articles[done:]:
            yield article, exc
        return
    except Exception as exc:  # noqa: BLE001 - one bad text stops the pass; find it alone
        logger.info("Batch extraction stopped (%s); extracting the rest one at a time.", exc)
    for article in articles[done:]:
        try:
            result: types.Extraction | BaseException = _run_engine(article.body, article.title)
        except Exception as exc:  # noqa: BLE001 - any engine failure is this article's problem
            result = exc
        yield article, result


def _store_or_fail(
    article: Article, result: types.Extraction, speakers: dict[str, Speaker] | None = None
) -> Article | None:
    try:
        return _store(article_id=article.pk, result=result, speakers=speakers)
    except TRANSIENT_DB_ERRORS:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. DataError: a bad article, not a bad worker
        return _fail(article, exc)


@transaction.atomic
def _store(
    *, article_id: int, result: types.Extraction, speakers: dict[str, Speaker] | None = None
) -> Article | None:
    """Write one article's extraction; `speakers` when the batch upserted them already."""
    article = Article.objects.select_for_update().filter(pk=article_id).first()
    if article is None:  # deleted while the engine ran
        return None
    if speakers is None:
        speakers = speakers_upsert(
            speakers=result.speakers, names=_speaker_names(result), outlet=article.source
        )
    speakers = dict(speakers)  # a bare office found here is this article's date's holder
    extraction_rows.store_quotes(article, result.quotes, speakers)
    kept, created = extraction_rows.store_claims(article, result.claims, speakers)
    found = [*kept, *created]
    if any(claim.pk is None for claim in found):  # a backend that returns no ids on insert
        found = list(article.claims.filter(found=True).only("pk", "text", "article_id"))
    # Index the claims here (own rows only), so that other articles' matching finds them from
    # the commit on; grouping them with other articles' claims locks those claims, so it runs
    # in its own task after commit (docs/MATCHING.md).
    claims_index(claims=found, replace=bool(kept))
    corrections_apply(article=article)
    article.status = ExtractionStatus.DONE
    article.status_message = ""
    article.extracted_at = timezone.now()
    article.save(update_fields=["status", "status_message", "extracted_at"])
    return article


def _match_on_commit(article_ids: list[int]) -> None:
    """Queue one matching run for these stored articles once the current transaction commits."""
    if article_ids:
        transaction.on_commit(lambda: _queue_match(article_ids))


def _queue_match(article_ids: list[int]) -> None:
    # The articles are stored and done whatever happens here; `manage.py match_claims` catches up.
    try:
        match_articles_task.delay(article_ids)
    except Exception as exc:  # noqa: BLE001 - a broker outage must not fail the extraction
        logger.warning(
            "Could not queue matching of article(s) %s (%s); run `manage.py match_claims`.",
            ", ".join(map(str, article_ids)),
            exc,
        )
