"""The extraction tasks, one article or a batch (eager here; tests/test_worker.py: real worker)."""

from __future__ import annotations

import logging

import pytest
from django.db import DataError, OperationalError, connection
from kombu.exceptions import OperationalError as BrokerError

from claims import services
from claims.extraction import types
from claims.models import (
    Article,
    Claim,
    ClaimGroup,
    ClaimGroupEvent,
    ExtractionStatus,
    Quote,
    Speaker,
)
from claims.services import extraction as service
from claims.services import extraction_queue
from claims.tasks import extract_article, extract_articles, match_articles
from tests import factories

pytestmark = pytest.mark.django_db

BODY = 'The minister said "12 schools will open in May." Nobody else spoke.'
QUOTE = types.FoundQuote(
    text="12 schools will open in May.",
    start=19,
    end=47,
    kind="direct",
    cue="said",
    speaker="Ana Ruiz",
)
RESULT = types.Extraction(
    quotes=(QUOTE,), speakers=(types.FoundSpeaker(name="Ana Ruiz", title="minister"),)
)


@pytest.fixture
def engine(monkeypatch):
    calls: list[str] = []

    def fake(text: str, title: str = "") -> types.Extraction:
        calls.append(text)
        return RESULT

    monkeypatch.setattr(service, "_run_engine", fake)
    return calls


def _quotes(article: Article) -> list[tuple]:
    return list(article.quotes.order_by("pk").values_list("pk", "text", "start", "end"))


def test_the_task_delivered_twice_leaves_the_rows_unchanged(engine):
    article = factories.ArticleFactory(body=BODY)
    assert extract_article.delay(article.pk).get() == "done"
    first = _quotes(article)
    assert extract_article.delay(article.pk).get() == "done"
    assert _quotes(article) == first and len(first) == 1
    assert BODY[QUOTE.start : QUOTE.end] == QUOTE.text


def test_the_task_for_a_deleted_article_does_nothing(engine):
    assert extract_article.delay(987654).get() == "missing"
    assert engine == []


def test_a_bad_article_is_marked_failed_and_the_task_returns_normally(monkeypatch):
    def broken(text: str, title: str = "") -> types.Extraction:
        raise RuntimeError("no sentences found")

    monkeypatch.setattr(service, "_run_engine", broken)
    article = factories.ArticleFactory(body=BODY)
    outcome = extract_article.delay(article.pk)
    assert outcome.successful() and outcome.get() == "failed"
    article.refresh_from_db()
    assert article.status == ExtractionStatus.FAILED
    assert article.status_message == "Extraction failed: RuntimeError: no sentences found"


def test_an_article_held_by_another_worker_is_skipped(engine):
    article = factories.ArticleFactory(body=BODY, status=ExtractionStatus.PROCESSING)
    assert extract_article.delay(article.pk).get() == "skipped"
    assert engine == []


def test_a_redelivered_task_takes_over_an_article_left_in_processing_by_a_dead_worker(engine):
    article = factories.ArticleFactory(body=BODY, status=ExtractionStatus.PROCESSING)
    extract_article.push_request(delivery_info={"redelivered": True}, retries=0)
    try:
        assert extract_article.run(article.pk) == "done"
    finally:
        extract_article.pop_request()
    assert article.quotes.count() == 1


def test_ingesting_an_article_queues_its_extraction_after_commit(
    engine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = services.article_ingest(body=BODY, title="Schools")
    assert engine == [] and len(callbacks) == 1  # nothing runs before the commit
    callbacks[0]()
    result.article.refresh_from_db()
    assert result.article.status == ExtractionStatus.DONE
    assert Quote.objects.get().text == QUOTE.text


def test_a_duplicate_article_is_not_queued_again(engine, django_capture_on_commit_callbacks):
    services.article_ingest(body=BODY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.article_ingest(body=BODY).created is False
    assert callbacks == []


def test_broker_down_at_ingest_leaves_the_article_pending_with_a_message(
    engine, monkeypatch, django_capture_on_commit_callbacks
):
    def unavailable(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(extract_article, "delay", unavailable)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.article_ingest(body=BODY)
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == ExtractionStatus.PENDING
    assert article.status_message.startswith("Queueing for extraction failed: broker unavailable")
    assert "manage.py reextract --pending" in article.status_message
    assert engine == []


def test_queueing_stops_at_the_first_broker_error_and_marks_the_rest(engine, monkeypatch, settings):
    settings.EXTRACTION_BATCH_SIZE = 1  # one task an article (batches: further down)
    articles = factories.ArticleFactory.create_batch(3)
    sent: list[int] = []

    def flaky(article_id: int, force: bool = False) -> None:
        if sent:
            raise BrokerError("Connection refused.")
        sent.append(article_id)

    monkeypatch.setattr(extract_article, "delay", flaky)
    result = services.articles_queue(article_ids=[a.pk for a in articles])
    assert (result.queued, result.not_queued) == (1, 2)
    messages = dict(Article.objects.values_list("pk", "status_message"))
    assert messages[articles[0].pk] == ""
    assert all("reextract --pending" in messages[a.pk] for a in articles[1:])


def test_after_a_broker_error_queueing_skips_the_broker_for_a_few_seconds(engine, monkeypatch):
    attempts: list[int] = []

    def unavailable(article_id: int, force: bool = False) -> None:
        attempts.append(article_id)
        raise BrokerError("Connection refused.")

    monkeypatch.setattr(extract_article, "delay", unavailable)
    first, second = factories.ArticleFactory.create_batch(2)
    services.articles_queue(article_ids=[first.pk])
    result = services.articles_queue(article_ids=[second.pk])
    assert attempts == [first.pk] and result.not_queued == 1
    assert "Connection refused." in result.error
    second.refresh_from_db()
    assert "reextract --pending" in second.status_message


# The batch task: one engine pass over several articles (bulk ingest, reextract).

BAD = "This body breaks the engine."


@pytest.fixture
def batch_engine(engine, monkeypatch):
    """The fake engine for batches too; a text containing BAD stops the pass."""

    def fake_many(texts, titles=None):
        for text in texts:
            if BAD in text:
                raise RuntimeError("the parser choked")
            yield service._run_engine(text)

    monkeypatch.setattr(service, "_run_engine_many", fake_many)
    return engine


def _bodies(count: int) -> list[str]:
    return [f"{BODY} ({n})" for n in range(count)]


def test_the_batch_task_delivered_twice_leaves_the_rows_unchanged(batch_engine):
    articles = [factories.ArticleFactory(body=body) for body in _bodies(3)]
    ids = [a.pk for a in articles]
    assert extract_articles.delay(ids).get() == ["done"] * 3
    first = [_quotes(a) for a in articles]
    assert extract_articles.delay(ids).get() == ["done"] * 3
    assert [_quotes(a) for a in articles] == first and all(len(q) == 1 for q in first)


def test_one_bad_article_in_a_batch_fails_alone(batch_engine, monkeypatch):
    def single(text: str, title: str = "") -> types.Extraction:
        if BAD in text:
            raise RuntimeError("no sentences found")
        return RESULT

    monkeypatch.setattr(service, "_run_engine", single)
    bodies = _bodies(4)
    bodies[2] = f"{BODY} {BAD}"
    articles = [factories.ArticleFactory(body=body) for body in bodies]
    outcome = extract_articles.delay([a.pk for a in articles])
    assert outcome.successful() and outcome.get() == ["done", "done", "failed", "done"]
    for article in articles:
        article.refresh_from_db()
    assert articles[2].status_message == "Extraction failed: RuntimeError: no sentences found"
    assert [a.quotes.count() for a in articles] == [1, 1, 0, 1]


def test_a_value_the_database_rejects_fails_that_article_alone(batch_engine, monkeypatch):
    texts: list[str] = []
    bad = types.FoundClaim(text="x", start=5, end=1, score=0.5, fingerprint="x")  # end < start

    def many(bodies, titles=None):
        texts.extend(bodies)
        return [RESULT, types.Extraction(claims=(bad,)), RESULT]

    monkeypatch.setattr(service, "_run_engine_many", many)
    articles = [factories.ArticleFactory(body=body) for body in _bodies(3)]
    assert extract_articles.delay([a.pk for a in articles]).get() == ["done", "failed", "done"]
    assert len(texts) == 3  # one engine pass
    assert [a.quotes.count() for a in articles] == [1, 0, 1]


def test_the_batch_task_skips_held_and_missing_articles(batch_engine):
    held = factories.ArticleFactory(body=BODY, status=ExtractionStatus.PROCESSING)
    free = factories.ArticleFactory(body=f"{BODY} (free)")
    result = extract_articles.delay([held.pk, 987654, free.pk]).get()
    assert result == ["skipped", "missing", "done"]
    assert batch_engine == [free.body]


def test_a_redelivered_batch_takes_over_processing_and_skips_what_it_already_did(batch_engine):
    from django.utils import timezone

    before = factories.ArticleFactory(body=f"{BODY} (before)", status=ExtractionStatus.DONE)
    Article.objects.filter(pk=before.pk).update(extracted_at=timezone.now())
    queued_at = timezone.now().isoformat()
    did = factories.ArticleFactory(body=f"{BODY} (did)", status=ExtractionStatus.DONE)
    Article.objects.filter(pk=did.pk).update(extracted_at=timezone.now())
    left = factories.ArticleFactory(body=f"{BODY} (left)", status=ExtractionStatus.PROCESSING)
    new = factories.ArticleFactory(body=f"{BODY} (new)")
    ids = [before.pk, did.pk, left.pk, new.pk]
    extract_articles.push_request(delivery_info={"redelivered": True}, retries=0)
    try:
        assert extract_articles.run(ids, queued_at=queued_at) == ["done", "skipped", "done", "done"]
    finally:
        extract_articles.pop_request()
    # Done before it was queued (a reextract): extracted; done by the dead delivery: not.
    assert batch_engine == [before.body, left.body, new.body]


def test_bulk_queueing_sends_batches_and_a_lone_article_the_single_task(
    batch_engine, monkeypatch, settings
):
    settings.EXTRACTION_BATCH_SIZE = 4
    sent: list[tuple[str, object]] = []
    monkeypatch.setattr(extract_article, "delay", lambda pk, force=False: sent.append(("1", pk)))
    monkeypatch.setattr(
        extract_articles, "delay", lambda ids, force=False, queued_at=None: sent.append(("n", ids))
    )
    ids = [a.pk for a in factories.ArticleFactory.create_batch(9)]
    assert services.articles_queue(article_ids=ids).queued == 9
    assert sent == [("n", ids[:4]), ("n", ids[4:8]), ("1", ids[8])]


def test_queueing_in_batches_stops_at_the_first_broker_error(batch_engine, monkeypatch, settings):
    settings.EXTRACTION_BATCH_SIZE = 2
    sent: list[list[int]] = []

    def flaky(ids, force=False, queued_at=None) -> None:
        if sent:
            raise BrokerError("Connection refused.")
        sent.append(ids)

    monkeypatch.setattr(extract_articles, "delay", flaky)
    articles = factories.ArticleFactory.create_batch(5)
    result = services.articles_queue(article_ids=[a.pk for a in articles])
    assert (result.queued, result.not_queued) == (2, 3)
    messages = dict(Article.objects.values_list("pk", "status_message"))
    assert [messages[a.pk] == "" for a in articles] == [True, True, False, False, False]


def test_articles_ingested_in_a_batch_block_are_queued_together_after_commit(
    batch_engine, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    queued: list[list[int]] = []
    monkeypatch.setattr(
        extraction_queue,
        "articles_queue",
        lambda *, article_ids, force=False: queued.append(article_ids),
    )
    with services.articles_queue_in_batches():
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            first = services.article_ingest(body=f"{BODY} (1)").article
            second = services.article_ingest(body=f"{BODY} (2)").article
        assert queued == []  # committed; queued when the block ends
    assert queued == [[first.pk, second.pk]]
    with django_capture_on_commit_callbacks(execute=True):
        alone = services.article_ingest(body=f"{BODY} (3)").article
    assert queued[-1] == [alone.pk]


# After a batch is stored: one matching run for all its articles (the match_articles task).

CLAIM = types.FoundClaim(
    text=QUOTE.text, start=QUOTE.start, end=QUOTE.end, score=0.8, speaker="Ana Ruiz"
)
WITH_CLAIM = types.Extraction(quotes=(QUOTE,), claims=(CLAIM,), speakers=RESULT.speakers)


@pytest.fixture
def claim_engine(batch_engine, monkeypatch):
    """The batch engine finding the same claim in every article (and failing on BAD)."""

    def single(text: str, title: str = "") -> types.Extraction:
        if BAD in text:
            raise RuntimeError("no sentences found")
        return WITH_CLAIM

    monkeypatch.setattr(service, "_run_engine", single)
    return batch_engine


def test_a_batch_queues_one_matching_task_for_the_articles_it_stored(
    claim_engine, monkeypatch, django_capture_on_commit_callbacks
):
    sent: list[list[int]] = []
    monkeypatch.setattr(match_articles, "delay", lambda ids: sent.append(ids))
    bodies = _bodies(4)
    bodies[1] = f"{BODY} {BAD}"
    articles = [factories.ArticleFactory(body=body) for body in bodies]
    held = factories.ArticleFactory(body=f"{BODY} (held)", status=ExtractionStatus.PROCESSING)
    ids = [a.pk for a in articles]
    with django_capture_on_commit_callbacks(execute=True):
        result = extract_articles.delay([*ids, held.pk, 987654]).get()
    assert result == ["done", "failed", "done", "done", "skipped", "missing"]
    assert sent == [[ids[0], ids[2], ids[3]]]  # one task, the stored articles only


def test_the_single_task_queues_matching_for_its_article(
    claim_engine, monkeypatch, django_capture_on_commit_callbacks
):
    sent: list[list[int]] = []
    monkeypatch.setattr(match_articles, "delay", lambda ids: sent.append(ids))
    article = factories.ArticleFactory(body=BODY)
    with django_capture_on_commit_callbacks(execute=True):
        assert extract_article.delay(article.pk).get() == "done"
    assert sent == [[article.pk]]


def test_the_same_claim_in_every_article_of_a_batch_is_grouped_after_the_batch(
    claim_engine, django_capture_on_commit_callbacks
):
    articles = [factories.ArticleFactory(body=body) for body in _bodies(4)]
    with django_capture_on_commit_callbacks(execute=True):  # matching runs after the commits
        assert extract_articles.delay([a.pk for a in articles]).get() == ["done"] * 4
    groups = list(Claim.objects.filter(article__in=articles).values_list("group_id", flat=True))
    assert len(groups) == 4 and groups[0] is not None and set(groups) == {groups[0]}
    assert ClaimGroup.objects.count() == 1 and ClaimGroupEvent.objects.count() == 3


def test_running_a_batch_twice_gives_the_same_groups(
    claim_engine, django_capture_on_commit_callbacks
):
    articles = [factories.ArticleFactory(body=body) for body in _bodies(3)]
    ids = [a.pk for a in articles]

    def state() -> tuple[list, list]:
        claims = list(Claim.objects.order_by("pk").values_list("pk", "group_id"))
        events = list(ClaimGroupEvent.objects.order_by("pk").values_list("claim", "to_group_id"))
        return claims, events

    with django_capture_on_commit_callbacks(execute=True):
        extract_articles.delay(ids).get()
    first = state()
    with django_capture_on_commit_callbacks(execute=True):
        assert extract_articles.delay(ids).get() == ["done"] * 3
    assert match_articles.delay(ids).get() == 0
    assert state() == first and len(first[1]) == 2


@pytest.mark.parametrize("error", [RuntimeError("a bug"), OperationalError("deadlock detected")])
def test_a_matching_failure_leaves_the_batch_done(
    claim_engine, monkeypatch, django_capture_on_commit_callbacks, error
):
    def broken(**kwargs):
        raise error

    monkeypatch.setattr(services, "claims_match_articles", broken)
    articles = [factories.ArticleFactory(body=body) for body in _bodies(3)]
    with django_capture_on_commit_callbacks(execute=True):
        outcome = extract_articles.delay([a.pk for a in articles])
    assert outcome.successful() and outcome.get() == ["done"] * 3
    assert set(Article.objects.values_list("status", flat=True)) == {ExtractionStatus.DONE}
    assert Claim.objects.count() == 3 and not Claim.objects.filter(group__isnull=False).exists()


def test_a_broker_outage_when_queueing_matching_is_logged_and_the_batch_stays_done(
    claim_engine, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def unavailable(ids) -> None:
        raise BrokerError("Connection refused.")

    monkeypatch.setattr(match_articles, "delay", unavailable)
    articles = [factories.ArticleFactory(body=body) for body in _bodies(2)]
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        assert extract_articles.delay([a.pk for a in articles]).get() == ["done"] * 2
    assert "Could not queue matching" in caplog.text and "match_claims" in caplog.text
    assert set(Article.objects.values_list("status", flat=True)) == {ExtractionStatus.DONE}


def test_a_redelivered_batch_queues_matching_for_what_the_dead_delivery_stored(
    claim_engine, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    sent: list[list[int]] = []
    monkeypatch.setattr(match_articles, "delay", lambda ids: sent.append(ids))
    queued_at = timezone.now().isoformat()
    did = factories.ArticleFactory(body=f"{BODY} (did)", status=ExtractionStatus.DONE)
    Article.objects.filter(pk=did.pk).update(extracted_at=timezone.now())
    left = factories.ArticleFactory(body=f"{BODY} (left)", status=ExtractionStatus.PROCESSING)
    extract_articles.push_request(delivery_info={"redelivered": True}, retries=0)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = extract_articles.run([did.pk, left.pk], queued_at=queued_at)
    finally:
        extract_articles.pop_request()
    assert result == ["skipped", "done"]
    assert sent == [[did.pk, left.pk]]


def test_a_batch_upserts_the_speakers_of_all_its_articles_at_once(claim_engine, monkeypatch):
    calls: list[dict] = []
    upsert = service.speakers_upsert

    def counted(**kwargs):
        calls.append(kwargs)
        return upsert(**kwargs)

    monkeypatch.setattr(service, "speakers_upsert", counted)
    articles = [factories.ArticleFactory(body=body) for body in _bodies(3)]
    assert extract_articles.delay([a.pk for a in articles]).get() == ["done"] * 3
    assert len(calls) == 1
    minister = Speaker.objects.get()
    assert set(Quote.objects.values_list("speaker", flat=True)) == {minister.pk}
    assert set(Claim.objects.values_list("speaker", flat=True)) == {minister.pk}


def test_when_the_batch_speaker_upsert_fails_each_article_upserts_its_own(
    claim_engine, monkeypatch
):
    calls: list[dict] = []
    upsert = service.speakers_upsert

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            with connection.cursor() as cursor:  # PostgreSQL: a DataError aborting the transaction
                cursor.execute("SELECT 1 / 0")
            raise DataError("division by zero")  # SQLite answers NULL
        return upsert(**kwargs)

    monkeypatch.setattr(service, "speakers_upsert", flaky)
    articles = [factories.ArticleFactory(body=body) for body in _bodies(3)]
    assert extract_articles.delay([a.pk for a in articles]).get() == ["done"] * 3
    assert len(calls) == 1 + 3
    assert Quote.objects.filter(speaker__isnull=False).count() == 3


def test_storing_a_batch_takes_a_fixed_number_of_queries_an_article(
    claim_engine, django_assert_max_num_queries
):
    articles = [factories.ArticleFactory(body=body) for body in _bodies(8)]
    # Per article: claim it, then lock it, read and write its quotes and claims, write the
    # claims' blocking keys, look up its hand corrections and write its status (11 with the
    # savepoint pair of its transaction, nested here in the test's); the articles' rows, their
    # unread uploaded pages (none here) and the speakers (with the correction rules and
    # same-surname rows) once for the batch.
    with django_assert_max_num_queries(8 * 11 + 11):
        assert extract_articles.delay([a.pk for a in articles]).get() == ["done"] * 8
    assert Claim.objects.count() == 8
