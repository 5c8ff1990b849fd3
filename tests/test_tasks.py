"""The extract_article task (eager here; tests/test_worker.py runs a real worker)."""

from __future__ import annotations

import pytest
from kombu.exceptions import OperationalError as BrokerError

from claims import services
from claims.extraction import types
from claims.models import Article, ExtractionStatus, Quote
from claims.services import extraction as service
from claims.tasks import extract_article
from tests import factories

pytestmark = pytest.mark.django_db

BODY = 'The minister said "12 schools will open in May." Nobody else spoke.'
QUOTE = types.Quote(
    text="12 schools will open in May.",
    start=19,
    end=47,
    kind="direct",
    cue="said",
    speaker="The minister",
)
RESULT = types.Extraction(quotes=(QUOTE,), speakers=(types.Speaker(name="The minister"),))


@pytest.fixture
def engine(monkeypatch):
    calls: list[str] = []

    def fake(text: str) -> types.Extraction:
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
    def broken(text: str) -> types.Extraction:
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
    monkeypatch.setattr(service, "_broker_down", (0.0, ""))  # restored after the test
    with django_capture_on_commit_callbacks(execute=True):
        result = services.article_ingest(body=BODY)
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == ExtractionStatus.PENDING
    assert article.status_message.startswith("Queueing for extraction failed: broker unavailable")
    assert "manage.py reextract --pending" in article.status_message
    assert engine == []


def test_queueing_stops_at_the_first_broker_error_and_marks_the_rest(engine, monkeypatch):
    articles = factories.ArticleFactory.create_batch(3)
    sent: list[int] = []

    def flaky(article_id: int, force: bool = False) -> None:
        if sent:
            raise BrokerError("Connection refused.")
        sent.append(article_id)

    monkeypatch.setattr(extract_article, "delay", flaky)
    monkeypatch.setattr(service, "_broker_down", (0.0, ""))
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
    monkeypatch.setattr(service, "_broker_down", (0.0, ""))
    first, second = factories.ArticleFactory.create_batch(2)
    services.articles_queue(article_ids=[first.pk])
    result = services.articles_queue(article_ids=[second.pk])
    assert attempts == [first.pk] and result.not_queued == 1
    assert "Connection refused." in result.error
    second.refresh_from_db()
    assert "reextract --pending" in second.status_message
